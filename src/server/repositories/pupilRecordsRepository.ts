/**
 * Pupils' records (issue 10): the admin's list and record, and the DATED CHANGES that decide who is on which
 * register on which day. The MIS import applies the same rules in bulk by calling the exported functions.
 *
 * Enrolments say when a pupil is on roll, memberships which class they are in; both are ranges of dates with
 * an inclusive end (NULL = still open). A register lists a pupil on a day when both cover that day.
 * History is never deleted: mark_events and register_cells are never touched here, and a membership that
 * covered days with register entries is never deleted (it is ended, or its class rewritten).
 *
 * - admitPupil(D, G): an enrolment from D and a membership of class G from D, both open.
 * - movePupil(D, G): the membership covering D ends at D-1 and a membership of G covers D to that
 *   membership's old end (open for a pupil on roll). If that membership started on D, its class is rewritten
 *   instead (an empty D..D-1 row is never made). Memberships starting after D (planned moves) are superseded:
 *   their class becomes G. Moving into the class the pupil is already in, with nothing later, changes nothing.
 *   The pupil must be on roll on D. Register entries on or after D in another class need `confirm`: they stay
 *   the pupil's, they are simply no longer on the old class's register. Moves in the past are allowed.
 * - leavePupil(L): the enrolment covering L and the membership covering L end at L (on roll through L, off
 *   roll from L+1). A planned membership starting after L is deleted only when no register entry falls in it.
 *   Register entries after L need `confirm` (they are kept). A pupil already off roll from L+1 is unchanged.
 * - rejoinPupil(F, G): for a pupil off roll on F and after: a new open enrolment from F, and movePupil(F, G).
 *
 * Every row written gets the change's sync version (pupils and group_memberships carry one), so tablets pull it.
 */
import type { Queryable } from '../db/database.js';
import { addDays } from '../../domain/calendarDate.js';
import type { PupilContact, PupilFields, PupilListRow, PupilRecord } from '../../protocol/adminPupils.js';

export interface DatedRange {
  startDate: string;
  endDate: string | null;
}
export interface Membership extends DatedRange {
  groupId: string;
}

/** What a dated change did, or why it did not. */
export type DatedOutcome =
  | { outcome: 'changed'; entries: number }
  | { outcome: 'unchanged' }
  | { outcome: 'needs_confirmation'; entries: number }
  | { outcome: 'refused'; reason: 'not_on_roll' | 'conflict'; message: string };

export interface DatedChange {
  schoolId: string;
  pupilId: string;
  version: number;
  confirm?: boolean;
}

const covers = (r: DatedRange, date: string) => r.startDate <= date && (r.endDate === null || r.endDate >= date);

export async function enrolmentsOf(db: Queryable, schoolId: string, pupilId: string): Promise<DatedRange[]> {
  const { rows } = await db.query<DatedRange>(
    `SELECT start_date AS "startDate", end_date AS "endDate" FROM enrolments WHERE school_id = $1 AND pupil_id = $2 ORDER BY start_date`,
    [schoolId, pupilId],
  );
  return rows;
}

export async function membershipsOf(db: Queryable, schoolId: string, pupilId: string): Promise<Membership[]> {
  const { rows } = await db.query<Membership>(
    `SELECT group_id AS "groupId", start_date AS "startDate", end_date AS "endDate"
       FROM group_memberships WHERE school_id = $1 AND pupil_id = $2 ORDER BY start_date`,
    [schoolId, pupilId],
  );
  return rows;
}

/** Locks the pupil's row so two changes to one pupil's history happen one after the other. */
export async function lockPupil(tx: Queryable, schoolId: string, pupilId: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT id FROM pupils WHERE school_id = $1 AND id = $2 FOR UPDATE`, [schoolId, pupilId]);
  return rows.length > 0;
}

async function touchPupil(tx: Queryable, c: DatedChange) {
  await tx.query(`UPDATE pupils SET version = $3 WHERE school_id = $1 AND id = $2`, [c.schoolId, c.pupilId, c.version]);
}

async function setMembership(tx: Queryable, c: DatedChange, startDate: string, set: { groupId?: string; endDate?: string | null }) {
  await tx.query(
    `UPDATE group_memberships SET group_id = COALESCE($4::text, group_id), end_date = CASE WHEN $5::boolean THEN $6::date ELSE end_date END, version = $7
      WHERE school_id = $1 AND pupil_id = $2 AND start_date = $3`,
    [c.schoolId, c.pupilId, startDate, set.groupId ?? null, 'endDate' in set, set.endDate ?? null, c.version],
  );
}

async function insertMembership(tx: Queryable, c: DatedChange, m: Membership) {
  await tx.query(
    `INSERT INTO group_memberships (school_id, pupil_id, group_id, start_date, end_date, version) VALUES ($1, $2, $3, $4, $5, $6)`,
    [c.schoolId, c.pupilId, m.groupId, m.startDate, m.endDate, c.version],
  );
}

/** Register entries (cells) of the pupil from `from` (inclusive) that a membership of another class than `groupId` covers. */
async function entriesOutsideGroupFrom(tx: Queryable, c: DatedChange, from: string, groupId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM register_cells rc
      WHERE rc.school_id = $1 AND rc.pupil_id = $2 AND rc.date >= $3
        AND EXISTS (SELECT 1 FROM group_memberships m WHERE m.school_id = rc.school_id AND m.pupil_id = rc.pupil_id
                      AND m.group_id <> $4 AND m.start_date <= rc.date AND (m.end_date IS NULL OR m.end_date >= rc.date))`,
    [c.schoolId, c.pupilId, from, groupId],
  );
  return rows[0]!.n;
}

async function entriesBetween(tx: Queryable, c: DatedChange, from: string, to: string | null): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM register_cells WHERE school_id = $1 AND pupil_id = $2 AND date >= $3 AND ($4::date IS NULL OR date <= $4)`,
    [c.schoolId, c.pupilId, from, to],
  );
  return rows[0]!.n;
}

/** Puts the pupil in `groupId` from `from` (the membership part of movePupil and rejoinPupil; no checks). */
async function placeInGroup(tx: Queryable, c: DatedChange, groupId: string, from: string, memberships: Membership[]) {
  const current = memberships.find((m) => covers(m, from));
  const later = memberships.filter((m) => m.startDate > from);
  if (current && current.groupId !== groupId) {
    if (current.startDate < from) {
      await setMembership(tx, c, current.startDate, { endDate: addDays(from, -1) });
      await insertMembership(tx, c, { groupId, startDate: from, endDate: current.endDate });
    } else {
      await setMembership(tx, c, current.startDate, { groupId });
    }
  } else if (!current) {
    await insertMembership(tx, c, { groupId, startDate: from, endDate: later[0] ? addDays(later[0].startDate, -1) : null });
  }
  for (const m of later) if (m.groupId !== groupId) await setMembership(tx, c, m.startDate, { groupId });
}

/** A new pupil's first enrolment and class, both from `from`. */
export async function admitPupil(tx: Queryable, c: DatedChange, groupId: string, from: string): Promise<void> {
  await tx.query(`INSERT INTO enrolments (school_id, pupil_id, start_date, end_date) VALUES ($1, $2, $3, NULL)`, [c.schoolId, c.pupilId, from]);
  await insertMembership(tx, c, { groupId, startDate: from, endDate: null });
  await touchPupil(tx, c);
}

export async function movePupil(tx: Queryable, c: DatedChange, groupId: string, from: string): Promise<DatedOutcome> {
  const enrolments = await enrolmentsOf(tx, c.schoolId, c.pupilId);
  if (!enrolments.some((e) => covers(e, from))) {
    return { outcome: 'refused', reason: 'not_on_roll', message: `The pupil is not on roll on ${from}, so they cannot be moved from that date.` };
  }
  const memberships = await membershipsOf(tx, c.schoolId, c.pupilId);
  const current = memberships.find((m) => covers(m, from));
  const later = memberships.filter((m) => m.startDate > from);
  if (current?.groupId === groupId && later.every((m) => m.groupId === groupId)) return { outcome: 'unchanged' };
  const entries = await entriesOutsideGroupFrom(tx, c, from, groupId);
  if (entries > 0 && !c.confirm) return { outcome: 'needs_confirmation', entries };
  await placeInGroup(tx, c, groupId, from, memberships);
  await touchPupil(tx, c);
  return { outcome: 'changed', entries };
}

export async function leavePupil(tx: Queryable, c: DatedChange, lastDay: string): Promise<DatedOutcome> {
  const enrolments = await enrolmentsOf(tx, c.schoolId, c.pupilId);
  const enrolment = enrolments.find((e) => covers(e, lastDay));
  if (!enrolment) return { outcome: 'refused', reason: 'not_on_roll', message: `The pupil is not on roll on ${lastDay}, so it cannot be their last day.` };
  const rejoined = enrolments.find((e) => e.startDate > lastDay);
  if (rejoined) {
    return { outcome: 'refused', reason: 'conflict', message: `The pupil rejoins on ${rejoined.startDate}, after that last day: choose a last day in their latest time on roll.` };
  }
  const memberships = await membershipsOf(tx, c.schoolId, c.pupilId);
  const toEnd = memberships.filter((m) => covers(m, lastDay) && m.endDate !== lastDay);
  const planned = memberships.filter((m) => m.startDate > lastDay);
  if (enrolment.endDate === lastDay && toEnd.length === 0 && planned.length === 0) return { outcome: 'unchanged' };
  const entries = await entriesBetween(tx, c, addDays(lastDay, 1), null);
  if (entries > 0 && !c.confirm) return { outcome: 'needs_confirmation', entries };
  await tx.query(`UPDATE enrolments SET end_date = $4 WHERE school_id = $1 AND pupil_id = $2 AND start_date = $3`, [
    c.schoolId, c.pupilId, enrolment.startDate, lastDay,
  ]);
  for (const m of toEnd) await setMembership(tx, c, m.startDate, { endDate: lastDay });
  for (const m of planned) {
    // A planned class that no register entry fell in is not history: it goes. One with entries stays (off roll, on no register).
    if ((await entriesBetween(tx, c, m.startDate, m.endDate)) === 0) {
      await tx.query(`DELETE FROM group_memberships WHERE school_id = $1 AND pupil_id = $2 AND start_date = $3`, [c.schoolId, c.pupilId, m.startDate]);
    }
  }
  await touchPupil(tx, c);
  return { outcome: 'changed', entries };
}

export async function rejoinPupil(tx: Queryable, c: DatedChange, groupId: string, from: string): Promise<DatedOutcome> {
  const enrolments = await enrolmentsOf(tx, c.schoolId, c.pupilId);
  const clash = enrolments.find((e) => e.endDate === null || e.endDate >= from);
  if (clash) {
    const until = clash.endDate === null ? 'is still on roll' : `is on roll until ${clash.endDate}`;
    return { outcome: 'refused', reason: 'conflict', message: `The pupil ${until}: they can rejoin only from a date after their last day.` };
  }
  await tx.query(`INSERT INTO enrolments (school_id, pupil_id, start_date, end_date) VALUES ($1, $2, $3, NULL)`, [c.schoolId, c.pupilId, from]);
  await placeInGroup(tx, c, groupId, from, await membershipsOf(tx, c.schoolId, c.pupilId));
  await touchPupil(tx, c);
  return { outcome: 'changed', entries: 0 };
}

// ---------------------------------------------------------------------------------------------------
// The record itself

export interface GroupInfo {
  id: string;
  name: string;
  yearGroup: number | null;
}

export async function findGroup(db: Queryable, schoolId: string, groupId: string): Promise<GroupInfo | null> {
  const { rows } = await db.query<GroupInfo>(`SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1 AND id = $2`, [schoolId, groupId]);
  return rows[0] ?? null;
}

/** The pupil holding this UPN in the school (other than `exceptPupilId`), if any. */
export async function pupilWithUpn(db: Queryable, schoolId: string, upn: string, exceptPupilId: string | null): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM pupils WHERE school_id = $1 AND upn = $2 AND ($3::text IS NULL OR id <> $3)`, [schoolId, upn, exceptPupilId]);
  return rows[0]?.id ?? null;
}

/** Row values of the editable fields (sen_status decides send: the office's flags read send). */
type StoredFields = Omit<PupilFields, 'contacts'>;

const FIELD_COLUMNS = `first_name, last_name, preferred_name, preferred_surname, date_of_birth, gender, upn, year_group, sen_status, send, fsm, eal,
  looked_after, child_protection, social_worker`;
const fieldValues = (f: StoredFields) => [
  f.firstName, f.lastName, f.preferredName, f.preferredSurname, f.dateOfBirth, f.gender, f.upn, f.yearGroup, f.senStatus, f.senStatus !== 'none', f.fsm, f.eal,
  f.lookedAfter, f.childProtection, f.socialWorker,
];

export async function insertPupil(tx: Queryable, schoolId: string, pupilId: string, f: StoredFields, version: number): Promise<void> {
  await tx.query(
    `INSERT INTO pupils (school_id, id, ${FIELD_COLUMNS}, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [schoolId, pupilId, ...fieldValues(f), version],
  );
}

export async function updatePupilFields(tx: Queryable, schoolId: string, pupilId: string, f: StoredFields, version: number): Promise<void> {
  await tx.query(
    `UPDATE pupils SET (${FIELD_COLUMNS}, version) = ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
      WHERE school_id = $1 AND id = $2`,
    [schoolId, pupilId, ...fieldValues(f), version],
  );
}

/** The contacts, in priority order 1..n, replace the pupil's list (contacts are not synced: they carry no version). */
export async function replaceContacts(tx: Queryable, schoolId: string, pupilId: string, contacts: Array<Omit<PupilContact, 'priority'>>): Promise<void> {
  await tx.query(`DELETE FROM pupil_contacts WHERE school_id = $1 AND pupil_id = $2`, [schoolId, pupilId]);
  for (const [i, k] of contacts.entries()) {
    await tx.query(`INSERT INTO pupil_contacts (school_id, pupil_id, priority, name, relationship, phone) VALUES ($1, $2, $3, $4, $5, $6)`, [
      schoolId, pupilId, i + 1, k.name, k.relationship, k.phone,
    ]);
  }
}

export async function getPupilRecord(db: Queryable, schoolId: string, pupilId: string, today: string): Promise<PupilRecord | null> {
  const { rows } = await db.query<Omit<PupilRecord, 'contacts' | 'enrolments' | 'memberships' | 'groupId' | 'onRoll'>>(
    `SELECT id, first_name AS "firstName", last_name AS "lastName", preferred_name AS "preferredName", preferred_surname AS "preferredSurname",
            date_of_birth AS "dateOfBirth", gender, upn, year_group AS "yearGroup", sen_status AS "senStatus", fsm, eal,
            looked_after AS "lookedAfter", child_protection AS "childProtection", social_worker AS "socialWorker"
       FROM pupils WHERE school_id = $1 AND id = $2`,
    [schoolId, pupilId],
  );
  const pupil = rows[0];
  if (!pupil) return null;
  const [contacts, enrolments, memberships] = await Promise.all([
    db.query<PupilContact>(`SELECT priority, name, relationship, phone FROM pupil_contacts WHERE school_id = $1 AND pupil_id = $2 ORDER BY priority`, [schoolId, pupilId]),
    enrolmentsOf(db, schoolId, pupilId),
    db.query<PupilRecord['memberships'][number]>(
      `SELECT m.group_id AS "groupId", g.name AS "groupName", m.start_date AS "startDate", m.end_date AS "endDate"
         FROM group_memberships m JOIN registration_groups g ON g.school_id = m.school_id AND g.id = m.group_id
        WHERE m.school_id = $1 AND m.pupil_id = $2 ORDER BY m.start_date`,
      [schoolId, pupilId],
    ),
  ]);
  const onRoll = enrolments.some((e) => covers(e, today));
  const today_ = memberships.rows.filter((m) => covers(m, today)).at(-1);
  return { ...pupil, contacts: contacts.rows, enrolments, memberships: memberships.rows, groupId: onRoll ? (today_?.groupId ?? null) : null, onRoll };
}

export interface PupilListQuery {
  q?: string;
  groupId?: string;
  leavers: boolean;
  today: string;
  limit: number;
}

/**
 * Pupils on roll today or admitted for a later date (and leavers too when asked), with their class today (a
 * leaver's last class). `q` matches any part of a legal or preferred name, or the UPN.
 */
export async function listPupils(db: Queryable, schoolId: string, q: PupilListQuery): Promise<{ pupils: PupilListRow[]; truncated: boolean }> {
  const words = (q.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  const patterns = words.map((w) => `%${w.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
  const { rows } = await db.query<PupilListRow>(
    `SELECT p.id, p.upn, p.first_name AS "firstName", p.last_name AS "lastName", p.preferred_name AS "preferredName",
            p.preferred_surname AS "preferredSurname", p.date_of_birth AS "dateOfBirth", COALESCE(p.year_group, g.year_group) AS "yearGroup",
            m.group_id AS "groupId", g.name AS "groupName", e.on_roll AS "onRoll", CASE WHEN e.on_roll OR e.open THEN NULL ELSE e.last_day END AS "leftOn"
       FROM pupils p
       JOIN LATERAL (SELECT bool_or(start_date <= $2 AND (end_date IS NULL OR end_date >= $2)) AS on_roll,
                            bool_or(end_date IS NULL OR end_date >= $2) AS open, max(end_date) AS last_day
                       FROM enrolments WHERE school_id = p.school_id AND pupil_id = p.id) e ON true
       LEFT JOIN LATERAL (SELECT group_id FROM group_memberships WHERE school_id = p.school_id AND pupil_id = p.id
                             ORDER BY (start_date <= $2) DESC, CASE WHEN start_date <= $2 THEN start_date END DESC, start_date
                             LIMIT 1) m ON true
       LEFT JOIN registration_groups g ON g.school_id = p.school_id AND g.id = m.group_id
      WHERE p.school_id = $1 AND ($3 OR e.open) AND ($4::text IS NULL OR m.group_id = $4)
        AND (SELECT bool_and(lower(concat_ws(' ', p.first_name, p.last_name, p.preferred_name, p.preferred_surname, p.upn)) LIKE w)
               FROM unnest($5::text[]) AS w) IS NOT FALSE
      ORDER BY p.last_name, p.first_name, p.id
      LIMIT $6`,
    [schoolId, q.today, q.leavers, q.groupId ?? null, patterns, q.limit + 1],
  );
  return { pupils: rows.slice(0, q.limit).map((r) => ({ ...r, onRoll: r.onRoll === true })), truncated: rows.length > q.limit };
}
