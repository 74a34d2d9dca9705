/**
 * What the statutory alerts (issue 11, GET /api/office/alerts) read, and what `alert.record` writes.
 *
 * Speed: a secondary school's year is about 570,000 register cells, nearly all of them present marks. The
 * alerts only ever look at G, N, O, U (unauthorised), I (illness) and L (late), so the SQL hands back just
 * those, and only for the pupils who could meet a threshold (alertCandidates, over register_week_tallies; the
 * reasoning is in alerts/alertCandidates.ts): handing rows to JavaScript is what costs on PGlite.
 */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';
import type { AlertAction, AlertKind } from '../../protocol/officeFigures.js';
import { DEFAULT_LATES_IN_WEEK } from '../../protocol/adminSchool.js';
import { findCode } from '../../domain/codes.js';
import { PENALTY_NOTICE_CODES } from '../../domain/penaltyNotice.js';
import type { Statement } from './officeRecordsRepository.js';

/** The only codes any alert counts. */
export const ALERT_CODES = ['G', 'N', 'O', 'U', 'I', 'L'] as const;

export interface AlertCell {
  date: string;
  session: Session;
  code: string;
}

/** Written out in the SQL, not a parameter, so the planner can use the partial index register_cells_alerts. */
const ALERT_CODES_SQL = ALERT_CODES.map((c) => `'${c}'`).join(', ');

/**
 * The school's cells with an alert code from `from` to `to`, by pupil, each pupil's in no particular order
 * (sorting 30,000 rows in the database costs more than sorting each pupil's few dozen here); only for
 * `pupilIds` when given (the candidates, or a few pupils to look further back for).
 *
 * One row per pupil, the cells joined in one string ("2026-09-07AMO 2026-09-07PMO ..."): on PGlite each row
 * handed to JavaScript costs several microseconds whatever its size. A year's 35,000 cells of a secondary
 * school took about 270 ms as a row each and 35 ms as a row per pupil, split here included.
 */
export async function alertCells(db: Queryable, schoolId: string, from: string, to: string, pupilIds?: string[]): Promise<Map<string, AlertCell[]>> {
  const { rows } = await db.query<{ pupilId: string; cells: string }>(
    `SELECT pupil_id AS "pupilId", string_agg(date::text || session || code, ' ') AS cells
       FROM register_cells
      WHERE school_id = $1 AND date >= $2 AND date <= $3 AND code IN (${ALERT_CODES_SQL})
        AND ($4::text[] IS NULL OR pupil_id = ANY($4::text[]))
      GROUP BY pupil_id`,
    [schoolId, from, to, pupilIds ?? null],
  );
  return new Map(rows.map((r) => [r.pupilId, r.cells.split(' ').map(parseAlertCell)]));
}

/** "2026-09-07AMO": a date as 10 characters, the session as 2, then the code (never a space). */
const parseAlertCell = (cell: string): AlertCell => ({ date: cell.slice(0, 10), session: cell.slice(10, 12) as Session, code: cell.slice(12) });

/** The alert codes that are unauthorised absence (G, N, O, U): a day with two of them is a day absent without authorisation. */
export const UNAUTHORISED_ALERT_CODES = ALERT_CODES.filter((c) => findCode(c)?.class === 'unauthorised');

/** What alertCandidates asks of register_week_tallies; the reasoning is in alerts/alertCandidates.ts. */
export interface CandidateQuery {
  /** Mondays of the first and last weeks read. */
  fromWeek: string;
  toWeek: string;
  /** Mondays of the school weeks from fromWeek to toWeek, in order: windows of school weeks are counted in these. */
  schoolWeeks: string[];
  /** G, O or U sessions within this many consecutive school weeks... */
  penaltyWeeks: number;
  /** ...of at least this many. */
  penaltySessions: number;
  /** Days with both sessions unauthorised within this many consecutive school weeks... */
  runWeeks: number;
  /** ...of at least this many. */
  runDays: number;
  /** Days with an I, at least. */
  illnessDays: number;
  /** L or U sessions in one week, at least. */
  latesInWeek: number;
  /** A pupil with an I, or both sessions unauthorised, on this day (its week and day, 0 = Monday) is always a candidate. */
  firstDay: { week: string; day: number };
}

const codeList = (codes: readonly string[]) => codes.map((c) => `'${c}'`).join(', ');
const UNAUTHORISED_SQL = codeList(UNAUTHORISED_ALERT_CODES);
const PENALTY_SQL = codeList([...PENALTY_NOTICE_CODES]);

/*
 * Days with both sessions unauthorised need the cells of a day summed over G, N, O and U, which are separate
 * tally rows. Seven filtered sums per pupil-week made this query cost more than it saved on PGlite, so each
 * row's days are packed into one integer, two bits a day (Monday lowest): a day has at most two cells in all,
 * so summing packed rows never carries from one day into the next, and one plain sum gives every day's count.
 */
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const PACKED_DAYS = DAYS.map((d, i) => `${d} * ${4 ** i}`).join(' + ');
/** One day's count (0, 1 or 2) out of a packed sum; `day` is SQL for 0 (Monday) to 6. */
const dayOf = (packed: string, day: string | number) => `((${packed} >> (2 * ${day})) & 3)`;
/** How many days of a packed sum have a count matching `test` (SQL such as '= 2'). */
const daysWhere = (packed: string, test: string) => DAYS.map((_, i) => `(${dayOf(packed, i)} ${test})::int`).join(' + ');

/**
 * The pupils who meet any of the conditions of `q` in register_week_tallies: only their ids, the tallies stay
 * in the database. Counts whole weeks: a week partly outside the read range only counts more, never less.
 * Run in the caller's snapshot; the caller adds the pupils of changedWeeks.
 */
export async function alertCandidates(tx: Queryable, schoolId: string, q: CandidateQuery): Promise<string[]> {
  const { rows } = await tx.query<{ pupilId: string }>(
    `SELECT pupil_id AS "pupilId"
       FROM (SELECT pupil_id, lates, ill_days, on_first_day,
                    sum(penalty) OVER (PARTITION BY pupil_id ORDER BY i RANGE BETWEEN $5::bigint PRECEDING AND CURRENT ROW) AS penalty,
                    sum(unauthorised_days) OVER (PARTITION BY pupil_id ORDER BY i RANGE BETWEEN $7::bigint PRECEDING AND CURRENT ROW) AS unauthorised_days
               FROM (SELECT w.pupil_id, w.lates, ${daysWhere('w.ill', '> 0')} AS ill_days,
                            w.week = $11::date AND (${dayOf('w.unauthorised', '$12::int')} = 2 OR ${dayOf('w.ill', '$12::int')} > 0) AS on_first_day,
                            -- A week with no school day counts towards no window (its cells are on no school day), and
                            -- at index 0, before the first school week, it adds nothing to any window it falls in.
                            coalesce(s.i, 0) AS i,
                            CASE WHEN s.i IS NULL THEN 0 ELSE w.penalty END AS penalty,
                            CASE WHEN s.i IS NULL THEN 0 ELSE ${daysWhere('w.unauthorised', '= 2')} END AS unauthorised_days
                       FROM (SELECT pupil_id, week, sum(penalty)::int AS penalty, sum(lates)::int AS lates,
                                    coalesce(sum(unauthorised), 0)::int AS unauthorised, coalesce(sum(ill), 0)::int AS ill
                               FROM (SELECT pupil_id, week,
                                            CASE WHEN code IN (${PENALTY_SQL}) THEN sessions ELSE 0 END AS penalty,
                                            CASE WHEN code IN ('L', 'U') THEN sessions ELSE 0 END AS lates,
                                            CASE WHEN code IN (${UNAUTHORISED_SQL}) THEN ${PACKED_DAYS} END AS unauthorised,
                                            CASE WHEN code = 'I' THEN ${PACKED_DAYS} END AS ill
                                       FROM register_week_tallies
                                      WHERE school_id = $1 AND week >= $2::date AND week <= $3::date AND code IN (${ALERT_CODES_SQL})) t
                              GROUP BY pupil_id, week) w
                       LEFT JOIN unnest($4::date[]) WITH ORDINALITY AS s(week, i) ON s.week = w.week) c) windows
      GROUP BY pupil_id
     HAVING max(penalty) >= $6 OR max(unauthorised_days) >= $8 OR sum(ill_days) >= $9 OR max(lates) >= $10 OR bool_or(on_first_day)`,
    [schoolId, q.fromWeek, q.toWeek, q.schoolWeeks, q.penaltyWeeks - 1, q.penaltySessions, q.runWeeks - 1, q.runDays,
      q.illnessDays, q.latesInWeek, q.firstDay.week, q.firstDay.day],
  );
  return rows.map((r) => r.pupilId);
}

/** Reads in this transaction compile no query: PostgreSQL's JIT costs more than these small, over-estimated reads. */
export async function withoutJit(tx: Queryable): Promise<void> {
  await tx.query('SET LOCAL jit = off');
}

/** The school days from `from` to `to` (the calendar's; any date not in it is not a school day). */
export async function schoolDaysBetween(db: Queryable, schoolId: string, from: string, to: string): Promise<string[]> {
  const { rows } = await db.query<{ date: string }>(
    `SELECT date::text AS date FROM calendar_days WHERE school_id = $1 AND date >= $2 AND date <= $3 AND is_school_day ORDER BY date`,
    [schoolId, from, to],
  );
  return rows.map((r) => r.date);
}

export interface AlertPupilRow {
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  groupName: string | null;
}

/**
 * Names of these pupils and their group on `date` (or, if they were in none then, their last one before it).
 * Their memberships are sorted in one pass: asked pupil by pupil, a PGlite never analysed read every
 * membership of the school for each pupil (a second for 500 pupils).
 */
export async function alertPupils(db: Queryable, schoolId: string, pupilIds: string[], date: string): Promise<Map<string, AlertPupilRow>> {
  if (pupilIds.length === 0) return new Map();
  const { rows } = await db.query<AlertPupilRow>(
    `WITH latest AS (
       SELECT DISTINCT ON (m.pupil_id) m.pupil_id, m.group_id
         FROM group_memberships m
        WHERE m.school_id = $1 AND m.pupil_id = ANY($2::text[]) AND m.start_date <= $3
        ORDER BY m.pupil_id, (m.end_date IS NULL OR m.end_date >= $3) DESC, m.start_date DESC)
     SELECT p.id AS "pupilId", p.first_name AS "firstName", p.last_name AS "lastName", p.preferred_name AS "preferredName", g.name AS "groupName"
       FROM pupils p
       LEFT JOIN latest l ON l.pupil_id = p.id
       LEFT JOIN registration_groups g ON g.school_id = p.school_id AND g.id = l.group_id
      WHERE p.school_id = $1 AND p.id = ANY($2::text[])`,
    [schoolId, pupilIds, date],
  );
  return new Map(rows.map((r) => [r.pupilId, r]));
}

export interface AlertRecordRow {
  pupilId: string;
  kind: AlertKind;
  key: string;
  action: AlertAction;
  note: string | null;
  byName: string;
  at: string;
}

/** The latest record of each (pupil, kind, key) of these pupils. */
export async function latestAlertRecords(db: Queryable, schoolId: string, pupilIds: string[]): Promise<Map<string, AlertRecordRow>> {
  if (pupilIds.length === 0) return new Map();
  const { rows } = await db.query<AlertRecordRow & { atMs: string }>(
    `SELECT r.pupil_id AS "pupilId", r.kind, r.key, r.action, r.note, COALESCE(st.display_name, r.staff_id) AS "byName",
            (extract(epoch FROM r.recorded_at) * 1000)::bigint::text AS "atMs"
       FROM alert_records r LEFT JOIN staff st ON st.school_id = r.school_id AND st.id = r.staff_id
      WHERE r.school_id = $1 AND r.pupil_id = ANY($2::text[])
      ORDER BY r.recorded_at, r.version, r.id`,
    [schoolId, pupilIds],
  );
  const latest = new Map<string, AlertRecordRow>();
  for (const { atMs, ...r } of rows) latest.set(alertRecordKey(r.pupilId, r.kind, r.key), { ...r, at: new Date(Number(atMs)).toISOString() });
  return latest;
}

export const alertRecordKey = (pupilId: string, kind: string, key: string) => `${pupilId}|${kind}|${key}`;

export interface AlertRecordInsert {
  schoolId: string;
  id: string;
  kind: AlertKind;
  pupilId: string;
  key: string;
  action: AlertAction;
  note: string | null;
  staffId: string;
  role: string;
  deviceId: string;
  recordedAt: number;
  version: number;
}

/** The write of one alert.record, run by the push at the end of its transaction. */
export function insertAlertRecordStatement(r: AlertRecordInsert): Statement {
  return {
    sql: `INSERT INTO alert_records (school_id, id, kind, pupil_id, key, action, note, staff_id, role, device_id, recorded_at, version)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    params: [r.schoolId, r.id, r.kind, r.pupilId, r.key, r.action, r.note, r.staffId, r.role, r.deviceId, new Date(r.recordedAt), r.version],
  };
}

/** The school's lateness threshold (lates in one week), a school setting. */
export async function latesInWeekSetting(db: Queryable, schoolId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT lates_in_week AS n FROM schools WHERE id = $1`, [schoolId]);
  return rows[0]?.n ?? DEFAULT_LATES_IN_WEEK;
}
