/**
 * The SQL of the admin's Classes screen: registration groups, and who registers each of them from today.
 *
 * A person's standing place on a class (class teacher or TA) is a dated `staff_assignments` row of kind
 * 'teacher' covering both sessions; TAs are told apart by their role, not by the row. Dated covers (kind
 * 'cover') are the office's and are never touched here. Giving someone a class starts a row today; taking
 * them off ends their row yesterday (end_date): rows are never deleted, so who could register a class on an
 * earlier day stays answerable. Every write stamps the change's sync version so tablets pull it.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { GroupRow, StaffRef } from '../../protocol/adminStaff.js';

export interface GroupRecord {
  id: string;
  name: string;
  yearGroup: number | null;
}

export async function listGroups(db: Queryable, schoolId: string, today: string): Promise<GroupRow[]> {
  const groups = await db.query<GroupRecord & { pupilsOnRoll: string | number }>(
    `SELECT g.id, g.name, g.year_group AS "yearGroup",
            (SELECT count(*) FROM group_memberships m
              WHERE m.school_id = g.school_id AND m.group_id = g.id AND m.start_date <= $2 AND (m.end_date IS NULL OR m.end_date >= $2)
                AND EXISTS (SELECT 1 FROM enrolments e WHERE e.school_id = m.school_id AND e.pupil_id = m.pupil_id
                             AND e.start_date <= $2 AND (e.end_date IS NULL OR e.end_date >= $2))) AS "pupilsOnRoll"
       FROM registration_groups g WHERE g.school_id = $1
      ORDER BY g.year_group NULLS LAST, lower(g.name)`,
    [schoolId, today],
  );
  const staff = await db.query<{ groupId: string; id: string; displayName: string; role: string; kind: string }>(
    `SELECT a.group_id AS "groupId", st.id, st.display_name AS "displayName", st.role, a.kind
       FROM staff_assignments a JOIN staff st ON st.school_id = a.school_id AND st.id = a.staff_id
      WHERE a.school_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date >= $2)
      ORDER BY st.display_name, st.id`,
    [schoolId, today],
  );
  return groups.rows.map((g) => {
    const mine = staff.rows.filter((s) => s.groupId === g.id);
    const ref = (s: { id: string; displayName: string }): StaffRef => ({ id: s.id, displayName: s.displayName });
    return {
      id: g.id,
      name: g.name,
      yearGroup: g.yearGroup === null ? null : Number(g.yearGroup),
      teachers: mine.filter((s) => s.kind === 'teacher' && s.role !== 'ta').map(ref),
      tas: mine.filter((s) => s.kind === 'teacher' && s.role === 'ta').map(ref),
      coversToday: mine.filter((s) => s.kind === 'cover').map(ref),
      pupilsOnRoll: Number(g.pupilsOnRoll),
    };
  });
}

export async function findGroup(db: Queryable, schoolId: string, id: string): Promise<GroupRecord | null> {
  const { rows } = await db.query<GroupRecord>(
    `SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1 AND id = $2`,
    [schoolId, id],
  );
  return rows[0] ?? null;
}

/** Every group of the school, keyed by its name in lower case (class names are unique in a school). */
export async function groupsByName(db: Queryable, schoolId: string): Promise<Map<string, GroupRecord>> {
  const { rows } = await db.query<GroupRecord>(`SELECT id, name, year_group AS "yearGroup" FROM registration_groups WHERE school_id = $1`, [schoolId]);
  return new Map(rows.map((g) => [g.name.toLowerCase(), g]));
}

/** Another group of the school with this name, any case (null when the name is free). */
export async function groupNamed(db: Queryable, schoolId: string, name: string, exceptId?: string): Promise<GroupRecord | null> {
  const { rows } = await db.query<GroupRecord>(
    `SELECT id, name, year_group AS "yearGroup" FROM registration_groups
      WHERE school_id = $1 AND lower(name) = lower($2) AND ($3::text IS NULL OR id <> $3)`,
    [schoolId, name, exceptId ?? null],
  );
  return rows[0] ?? null;
}

export async function insertGroup(tx: Queryable, schoolId: string, g: { name: string; yearGroup: number | null }, version: number): Promise<GroupRecord> {
  const id = `g-${randomUUID()}`;
  await tx.query(`INSERT INTO registration_groups (school_id, id, name, year_group, version) VALUES ($1, $2, $3, $4, $5)`, [
    schoolId, id, g.name, g.yearGroup, version,
  ]);
  return { id, name: g.name, yearGroup: g.yearGroup };
}

export async function updateGroup(tx: Queryable, schoolId: string, g: GroupRecord, version: number): Promise<void> {
  await tx.query(`UPDATE registration_groups SET name = $3, year_group = $4, version = $5 WHERE school_id = $1 AND id = $2`, [
    schoolId, g.id, g.name, g.yearGroup, version,
  ]);
}

/** A standing assignment (class teacher or TA) that holds today. */
export interface StandingAssignment {
  id: string;
  staffId: string;
  groupId: string;
}

export async function standingAssignments(
  db: Queryable,
  schoolId: string,
  today: string,
  by: { groupId?: string; staffId?: string },
): Promise<StandingAssignment[]> {
  const { rows } = await db.query<StandingAssignment>(
    `SELECT id, staff_id AS "staffId", group_id AS "groupId" FROM staff_assignments
      WHERE school_id = $1 AND kind = 'teacher' AND start_date <= $2 AND (end_date IS NULL OR end_date >= $2)
        AND ($3::text IS NULL OR group_id = $3) AND ($4::text IS NULL OR staff_id = $4)
      ORDER BY id`,
    [schoolId, today, by.groupId ?? null, by.staffId ?? null],
  );
  return rows;
}

/**
 * Makes `wanted` the standing assignments among `current` from today: the missing ones start today (both
 * sessions), the unwanted ones end yesterday. Returns what it started and ended, as (staffId, groupId) pairs.
 */
export async function replaceStandingAssignments(
  tx: Queryable,
  p: { schoolId: string; today: string; yesterday: string; version: number; by: string | null; now: number },
  current: StandingAssignment[],
  wanted: Array<{ staffId: string; groupId: string }>,
): Promise<{ started: Array<{ staffId: string; groupId: string }>; ended: StandingAssignment[] }> {
  const key = (a: { staffId: string; groupId: string }) => `${a.staffId}\u0001${a.groupId}`;
  const wantedKeys = new Set(wanted.map(key));
  const currentKeys = new Set(current.map(key));
  const ended = current.filter((a) => !wantedKeys.has(key(a)));
  const started = [...new Map(wanted.filter((w) => !currentKeys.has(key(w))).map((w) => [key(w), w])).values()];
  for (const a of ended) {
    await tx.query(`UPDATE staff_assignments SET end_date = $3, version = $4 WHERE school_id = $1 AND id = $2`, [
      p.schoolId, a.id, p.yesterday, p.version,
    ]);
  }
  for (const s of started) {
    await tx.query(
      `INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, end_date, sessions, version, created_by, created_at)
       VALUES ($1, $2, $3, $4, 'teacher', $5, NULL, $6, $7, $8, $9)`,
      [p.schoolId, `asg-${randomUUID()}`, s.staffId, s.groupId, p.today, ['AM', 'PM'], p.version, p.by, new Date(p.now)],
    );
  }
  return { started, ended };
}
