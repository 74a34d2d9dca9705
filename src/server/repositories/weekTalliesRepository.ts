/**
 * register_week_tallies (migration 012): for each pupil and Monday-to-Sunday week, how many cells carry each
 * code, by session and by day of the week. A cache of register_cells that the attendance figures read instead
 * of every cell (issue 11: a secondary school's year is about 570,000 cells; its tallies about 130,000 rows).
 *
 * Nothing on the register's write path touches it. `refreshWeekTallies` brings it up to the school's current
 * sync version before a read: every write bumps sync_state and stamps its cells with the new version (one
 * write path, registerRepository.upsertCells), so the cells with a version above `built_version` are exactly
 * those changed since, and only their pupils' weeks are counted again. A read in its own snapshot then corrects
 * for anything written after the refresh (`changedWeeks`), so the figures are exact, never "as of the cache".
 */
import type { Database, Queryable } from '../db/database.js';
import { BLOCK_CLASSES, rebuildBlocks, recountBlocks } from './blockTalliesRepository.js';

/** A pupil's week that has cells written since the tallies were built. */
export interface PupilWeek {
  pupilId: string;
  week: string;
}

/** The tallies of one code: in all, in the morning, and on each day Monday (0) to Sunday (6). */
export interface WeekTally {
  code: string;
  sessions: number;
  am: number;
  days: [number, number, number, number, number, number, number];
}

/** More changed pupil-weeks than this and the whole school is counted again in one statement instead. */
const REBUILD_OVER = 20_000;

/*
 * Days since Monday 1 January 1900, modulo 7, is the day of the week (0 = Monday) in integer arithmetic:
 * `extract(isodow ...)` returns a numeric and made the first build of a year's tallies several times slower.
 */
const DAY_OF_WEEK = `((((c.date - DATE '1900-01-01') % 7) + 7) % 7)`;
const WEEK_OF = `(c.date - ${DAY_OF_WEEK})`;
const TALLY_COLUMNS = 'school_id, pupil_id, week, code, sessions, am, mon, tue, wed, thu, fri, sat, sun';
const DAY_COUNTS = [0, 1, 2, 3, 4, 5, 6].map((d) => `count(*) FILTER (WHERE c.dow = ${d})`).join(', ');
/** The tallies of the cells that `cells` chooses (a FROM list naming register_cells `c`, and its WHERE clause). */
const talliesOf = (cells: string) => `SELECT c.school_id, c.pupil_id, c.week, c.code, count(*), count(*) FILTER (WHERE c.session = 'AM'), ${DAY_COUNTS}
  FROM (SELECT c.school_id, c.pupil_id, c.code, c.session, ${WEEK_OF} AS week, ${DAY_OF_WEEK} AS dow FROM ${cells}) c
  GROUP BY c.school_id, c.pupil_id, c.week, c.code`;
const PAIRS = `unnest($2::text[], $3::date[]) AS p(pupil_id, week)`;

/**
 * Counts again every pupil-week written since the last refresh, so register_week_tallies (and the four-week
 * blocks summed from it, blockTalliesRepository.ts) match the cells up to the school's version when it began. Its own short transaction; concurrent refreshes of one school queue on
 * the state row. Returns how many pupil-weeks it counted (all of them on the first build).
 */
export async function refreshWeekTallies(db: Database, schoolId: string): Promise<{ rebuilt: boolean; pupilWeeks: number }> {
  // Most reads find nothing new: say so without a write transaction (a row lock and a commit on PostgreSQL).
  const { rows } = await db.query<{ version: string; built: string | null; blockClasses: string | null }>(
    `SELECT s.version, t.built_version AS built, t.block_classes AS "blockClasses"
       FROM sync_state s LEFT JOIN register_week_tallies_state t ON t.school_id = s.school_id WHERE s.school_id = $1`,
    [schoolId],
  );
  const upToDate = (built: string | null, version: string, blockClasses: string | null) =>
    built != null && Number(built) >= 0 && Number(built) >= Number(version) && blockClasses === BLOCK_CLASSES;
  if (rows[0] && upToDate(rows[0].built, rows[0].version, rows[0].blockClasses)) return { rebuilt: false, pupilWeeks: 0 };
  return db.transaction(async (tx) => {
    // Read the version before the cells: every cell up to it is committed (version order is commit order).
    const version = Number((await tx.query<{ version: string }>('SELECT version FROM sync_state WHERE school_id = $1', [schoolId])).rows[0]?.version ?? 0);
    await tx.query('INSERT INTO register_week_tallies_state (school_id, built_version) VALUES ($1, -1) ON CONFLICT (school_id) DO NOTHING', [schoolId]);
    const state = (await tx.query<{ built: string; blockClasses: string | null }>(
      'SELECT built_version AS built, block_classes AS "blockClasses" FROM register_week_tallies_state WHERE school_id = $1 FOR UPDATE', [schoolId],
    )).rows[0];
    const built = Number(state.built);
    if (upToDate(state.built, String(version), state.blockClasses)) return { rebuilt: false, pupilWeeks: 0 };
    if (built >= version && built >= 0) {
      // The weeks are up to date but the blocks were summed with another code table (or never): sum them again.
      await rebuildBlocks(tx, schoolId);
      return { rebuilt: false, pupilWeeks: 0 };
    }
    const changed = built < 0 ? null : await changedWeeks(tx, schoolId, built, REBUILD_OVER + 1);
    if (changed === null || changed.length > REBUILD_OVER) {
      await tx.query('DELETE FROM register_week_tallies WHERE school_id = $1', [schoolId]);
      await tx.query(`INSERT INTO register_week_tallies (${TALLY_COLUMNS}) ${talliesOf('register_cells c WHERE c.school_id = $1')}`, [schoolId]);
      await setBuilt(tx, schoolId, version);
      // PGlite never gathers statistics on its own: without them the planner took the new rows for a handful
      // and sorted them on disk to sum them (a second for a year). The numbers matter, not their precision.
      await tx.query('ANALYZE register_week_tallies');
      await rebuildBlocks(tx, schoolId);
      return { rebuilt: true, pupilWeeks: -1 };
    }
    if (changed.length > 0) {
      const pairs = [schoolId, changed.map((c) => c.pupilId), changed.map((c) => c.week)];
      await tx.query(`DELETE FROM register_week_tallies t USING ${PAIRS} WHERE t.school_id = $1 AND t.pupil_id = p.pupil_id AND t.week = p.week`, pairs);
      await tx.query(
        `INSERT INTO register_week_tallies (${TALLY_COLUMNS})
         ${talliesOf(`${PAIRS} JOIN register_cells c ON c.school_id = $1 AND c.pupil_id = p.pupil_id AND c.date >= p.week AND c.date < p.week + 7`)}`,
        pairs,
      );
    }
    if (state.blockClasses !== BLOCK_CLASSES) await rebuildBlocks(tx, schoolId);
    else await recountBlocks(tx, schoolId, changed);
    await setBuilt(tx, schoolId, version);
    return { rebuilt: false, pupilWeeks: changed.length };
  });
}

async function setBuilt(tx: Queryable, schoolId: string, version: number): Promise<void> {
  await tx.query('UPDATE register_week_tallies_state SET built_version = $2 WHERE school_id = $1', [schoolId, version]);
}

/** The version the tallies count up to, in the reader's snapshot (-1: never built). */
export async function builtVersion(tx: Queryable, schoolId: string): Promise<number> {
  const { rows } = await tx.query<{ built: string }>('SELECT built_version AS built FROM register_week_tallies_state WHERE school_id = $1', [schoolId]);
  return rows.length === 0 ? -1 : Number(rows[0].built);
}

/** The pupil-weeks with a cell written after `version` (at most `limit`; optionally only weeks from `fromWeek` to `toWeek`). */
export async function changedWeeks(tx: Queryable, schoolId: string, version: number, limit: number, weeks?: { fromWeek: string; toWeek: string }): Promise<PupilWeek[]> {
  const { rows } = await tx.query<PupilWeek>(
    `SELECT DISTINCT c.pupil_id AS "pupilId", ${WEEK_OF}::text AS week FROM register_cells c
      WHERE c.school_id = $1 AND c.version > $2 AND ($3::date IS NULL OR (c.date >= $3::date AND c.date < $4::date + 7))
      LIMIT $5`,
    [schoolId, version, weeks?.fromWeek ?? null, weeks?.toWeek ?? null, limit],
  );
  return rows;
}

interface TallyRow {
  code: string;
  sessions: number;
  am: number;
  mon: number;
  tue: number;
  wed: number;
  thu: number;
  fri: number;
  sat: number;
  sun: number;
}

const tallyOf = (r: TallyRow): WeekTally => ({ code: r.code, sessions: r.sessions, am: r.am, days: [r.mon, r.tue, r.wed, r.thu, r.fri, r.sat, r.sun] });
const SUMS = 'sum(sessions)::int AS sessions, sum(am)::int AS am, sum(mon)::int AS mon, sum(tue)::int AS tue, sum(wed)::int AS wed, sum(thu)::int AS thu, sum(fri)::int AS fri, sum(sat)::int AS sat, sum(sun)::int AS sun';

/** These pupils' tallies summed by week and code over the weeks from `fromWeek` to `toWeek`: the cohort's trend. */
export async function weekTalliesByWeek(tx: Queryable, schoolId: string, pupilIds: string[], fromWeek: string, toWeek: string): Promise<Array<WeekTally & { week: string }>> {
  if (pupilIds.length === 0) return [];
  const { rows } = await tx.query<TallyRow & { week: string }>(
    `SELECT t.week::text AS week, t.code, ${SUMS} FROM register_week_tallies t JOIN unnest($2::text[]) AS p(id) ON p.id = t.pupil_id
      WHERE t.school_id = $1 AND t.week >= $3::date AND t.week <= $4::date GROUP BY t.week, t.code`,
    [schoolId, pupilIds, fromWeek, toWeek],
  );
  return rows.map((r) => ({ week: r.week, ...tallyOf(r) }));
}

/** The stored rows of these pupil-weeks, to take away before their cells are counted afresh. */
export async function weekTalliesOf(tx: Queryable, schoolId: string, pupilWeeks: PupilWeek[]): Promise<Array<WeekTally & PupilWeek>> {
  if (pupilWeeks.length === 0) return [];
  const { rows } = await tx.query<TallyRow & PupilWeek>(
    `SELECT t.pupil_id AS "pupilId", t.week::text AS week, t.code, t.sessions, t.am, t.mon, t.tue, t.wed, t.thu, t.fri, t.sat, t.sun
       FROM ${PAIRS} JOIN register_week_tallies t ON t.school_id = $1 AND t.pupil_id = p.pupil_id AND t.week = p.week`,
    [schoolId, pupilWeeks.map((p) => p.pupilId), pupilWeeks.map((p) => p.week)],
  );
  return rows.map((r) => ({ pupilId: r.pupilId, week: r.week, ...tallyOf(r) }));
}

/** The cells of these pupil-weeks, one by one. */
export async function cellsOfWeeks(tx: Queryable, schoolId: string, pupilWeeks: PupilWeek[]): Promise<Array<{ pupilId: string; date: string; session: 'AM' | 'PM'; code: string }>> {
  if (pupilWeeks.length === 0) return [];
  const { rows } = await tx.query<{ pupilId: string; date: string; session: 'AM' | 'PM'; code: string }>(
    `SELECT c.pupil_id AS "pupilId", c.date::text AS date, c.session, c.code
       FROM ${PAIRS} JOIN register_cells c ON c.school_id = $1 AND c.pupil_id = p.pupil_id AND c.date >= p.week AND c.date < p.week + 7`,
    [schoolId, pupilWeeks.map((p) => p.pupilId), pupilWeeks.map((p) => p.week)],
  );
  return rows;
}
