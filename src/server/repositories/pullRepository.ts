/**
 * What a device may hold, and what changed in it since a version. The scope is decided here, on the server,
 * from the user's role and assignments: a teacher's tablet gets that teacher's groups, not the school.
 * Every query reads rows with version > since, ordered by version, at most `limit` of them.
 */
import type { EntityName } from '../../protocol/index.js';
import type { Queryable } from '../db/database.js';
import type { SessionUser } from './staffRepository.js';

export interface Window {
  today: string;
  from: string;
  to: string;
}

export interface ChangeRow {
  entity: EntityName;
  key: string;
  version: number;
  /** null for a deletion (a tombstone). */
  value: Record<string, unknown> | null;
}

const wholeSchool = (user: SessionUser) => user.role === 'office' || user.role === 'admin';

/**
 * Groups the user registers at some point in the window (every group for office and admin); with `only`, just
 * that group when it is one of those (an office computer taking one class's register).
 */
export async function scopeGroupIds(db: Queryable, user: SessionUser, w: Window, only?: string): Promise<string[]> {
  const { rows } = wholeSchool(user)
    ? await db.query<{ id: string }>(`SELECT id FROM registration_groups WHERE school_id = $1 ORDER BY id`, [user.schoolId])
    : await db.query<{ id: string }>(
        `SELECT DISTINCT group_id AS id FROM staff_assignments
          WHERE school_id = $1 AND staff_id = $2 AND start_date <= $4 AND (end_date IS NULL OR end_date >= $3)
          ORDER BY 1`,
        [user.schoolId, user.staffId, w.from, w.to],
      );
  const ids = rows.map((r) => r.id);
  return only === undefined ? ids : ids.filter((id) => id === only);
}

/** Pupils in those groups at some point in the window, with the group they are in (latest in the window). */
const SCOPE_PUPILS = `
  SELECT DISTINCT ON (m.pupil_id) m.pupil_id, m.group_id, m.version AS membership_version
    FROM group_memberships m
   WHERE m.school_id = $1 AND m.group_id = ANY($2::text[]) AND m.start_date <= $4 AND (m.end_date IS NULL OR m.end_date >= $3)
   ORDER BY m.pupil_id, m.start_date DESC`;

export async function scopePupilIds(db: Queryable, schoolId: string, groupIds: string[], w: Window): Promise<string[]> {
  const { rows } = await db.query<{ pupil_id: string }>(SCOPE_PUPILS, [schoolId, groupIds, w.from, w.to]);
  return rows.map((r) => r.pupil_id);
}

export interface ChangeQuery {
  user: SessionUser;
  groupIds: string[];
  window: Window;
  /** Rows with version > since... */
  since: number;
  limit: number;
  /** ...or, when set, every row of exactly this version (one version bigger than a page). */
  exactVersion?: number;
}

/**
 * Photos are a few kB each where every other row is a few dozen bytes, so their list is cut sooner: a page stays
 * a few MB at most even when an office computer pulls a whole school's photos.
 */
export const PHOTO_LIMIT_DIVISOR = 10;
export const photoLimit = (limit: number) => Math.max(1, Math.floor(limit / PHOTO_LIMIT_DIVISOR));

/**
 * One list per entity, each ordered by version and cut at its own limit (photos' is photoLimit(limit)); pull.ts
 * merges them into pages.
 */
export interface ChangeList {
  rows: ChangeRow[];
  /** How many rows the list was cut at: a list this long may hold more rows of its last version. */
  limit: number;
}

export async function changesSince(db: Queryable, c: ChangeQuery): Promise<ChangeList[]> {
  const { user, groupIds, window: w } = c;
  const exact = c.exactVersion != null;
  const cmp = exact ? '=' : '>';
  const bound = exact ? c.exactVersion : c.since;
  const lim = exact ? '' : `LIMIT ${Math.max(1, Math.floor(c.limit))}`;
  const photoLim = exact ? '' : `LIMIT ${photoLimit(c.limit)}`;
  const staffFilter = wholeSchool(user) ? null : user.staffId;
  const rows = async (sql: string, params: unknown[]) => (await db.query<ChangeRow>(sql, params)).rows;

  const [school, groups, pupils, assignments, days, cells, photos, tombstones] = await Promise.all([
    rows(
      `SELECT 'school' AS entity, s.id AS key, s.version,
              json_build_object('id', s.id, 'name', s.name, 'timeZone', s.time_zone,
                'sessions', (SELECT json_object_agg(ss.session, json_build_object('opensAt', ss.opens_at, 'openMinutes', ss.open_minutes))
                               FROM session_settings ss WHERE ss.school_id = s.id)) AS value
         FROM schools s WHERE s.id = $1 AND s.version ${cmp} $2`,
      [user.schoolId, bound],
    ),
    rows(
      `SELECT 'group' AS entity, g.id AS key, g.version,
              json_build_object('id', g.id, 'name', g.name, 'yearGroup', g.year_group) AS value
         FROM registration_groups g
        WHERE g.school_id = $1 AND g.id = ANY($2::text[]) AND g.version ${cmp} $3
        ORDER BY g.version ${lim}`,
      [user.schoolId, groupIds, bound],
    ),
    // With the pupil, every membership of the user's groups that touches the window (a register shows the
    // pupil only on the dates of one of them); groupId stays the latest, for devices that read only that.
    rows(
      `SELECT 'pupil' AS entity, p.id AS key, GREATEST(p.version, ms.membership_version) AS version,
              json_build_object('id', p.id, 'groupId', sp.group_id, 'firstName', p.first_name, 'lastName', p.last_name,
                'preferredName', p.preferred_name, 'dateOfBirth', p.date_of_birth, 'memberships', ms.memberships) AS value
         FROM (${SCOPE_PUPILS}) sp JOIN pupils p ON p.school_id = $1 AND p.id = sp.pupil_id
         CROSS JOIN LATERAL (
           SELECT max(m.version) AS membership_version,
                  json_agg(json_build_object('groupId', m.group_id, 'from', m.start_date, 'until', m.end_date) ORDER BY m.start_date) AS memberships
             FROM group_memberships m
            WHERE m.school_id = $1 AND m.pupil_id = sp.pupil_id AND m.group_id = ANY($2::text[])
              AND m.start_date <= $4 AND (m.end_date IS NULL OR m.end_date >= $3)) ms
        WHERE GREATEST(p.version, ms.membership_version) ${cmp} $5
        ORDER BY 3 ${lim}`,
      [user.schoolId, groupIds, w.from, w.to, bound],
    ),
    rows(
      `SELECT 'assignment' AS entity, a.id AS key, a.version,
              json_build_object('id', a.id, 'groupId', a.group_id, 'staffId', a.staff_id, 'kind', a.kind,
                'startDate', a.start_date, 'endDate', a.end_date, 'sessions', a.sessions) AS value
         FROM staff_assignments a
        WHERE a.school_id = $1 AND a.group_id = ANY($2::text[]) AND ($6::text IS NULL OR a.staff_id = $6)
          AND a.start_date <= $4 AND (a.end_date IS NULL OR a.end_date >= $3) AND a.version ${cmp} $5
        ORDER BY a.version ${lim}`,
      [user.schoolId, groupIds, w.from, w.to, bound, staffFilter],
    ),
    rows(
      `SELECT 'day' AS entity, d.date::text AS key, d.version,
              json_build_object('date', d.date, 'isSchoolDay', d.is_school_day, 'label', d.label) AS value
         FROM calendar_days d
        WHERE d.school_id = $1 AND d.date BETWEEN $2 AND $3 AND d.version ${cmp} $4
        ORDER BY d.version ${lim}`,
      [user.schoolId, w.from, w.to, bound],
    ),
    // A cell travels only when the user may register that pupil's group on that date and session.
    rows(
      `SELECT 'cell' AS entity, c.pupil_id || '|' || c.date::text || '|' || c.session AS key, c.version,
              json_build_object('pupilId', c.pupil_id, 'date', c.date, 'session', c.session, 'code', c.code,
                'source', c.source, 'markedBy', st.display_name, 'markedAt', c.marked_at) AS value
         FROM register_cells c
         LEFT JOIN staff st ON st.school_id = c.school_id AND st.id = c.marked_by
        WHERE c.school_id = $1 AND c.date BETWEEN $3 AND $4 AND c.version ${cmp} $5
          AND EXISTS (SELECT 1 FROM group_memberships m
                       WHERE m.school_id = c.school_id AND m.pupil_id = c.pupil_id AND m.group_id = ANY($2::text[])
                         AND m.start_date <= c.date AND (m.end_date IS NULL OR m.end_date >= c.date)
                         AND ($6::text IS NULL OR EXISTS (
                               SELECT 1 FROM staff_assignments a
                                WHERE a.school_id = m.school_id AND a.group_id = m.group_id AND a.staff_id = $6
                                  AND a.start_date <= c.date AND (a.end_date IS NULL OR a.end_date >= c.date)
                                  AND c.session = ANY(a.sessions))))
        ORDER BY c.version ${lim}`,
      [user.schoolId, groupIds, w.from, w.to, bound, staffFilter],
    ),
    // Photos of the pupils in scope, as base64 text (encode() breaks lines every 76 characters: removed).
    rows(
      `SELECT 'photo' AS entity, ph.pupil_id AS key, ph.version,
              json_build_object('pupilId', ph.pupil_id, 'contentType', ph.content_type,
                'data', translate(encode(ph.bytes, 'base64'), E'\\n', ''), 'version', ph.version) AS value
         FROM pupil_photos ph
        WHERE ph.school_id = $1 AND ph.version ${cmp} $5
          AND ph.pupil_id IN (SELECT sp.pupil_id FROM (${SCOPE_PUPILS}) sp)
        ORDER BY ph.version ${photoLim}`,
      [user.schoolId, groupIds, w.from, w.to, bound],
    ),
    // Deleted rows (a removed cover, a removed photo). A cover's key carries nothing private, so every device
    // may hear of it; a photo's removal goes only to devices that may hold that pupil.
    rows(
      `SELECT t.entity, t.key, t.version, NULL::json AS value FROM tombstones t
        WHERE t.school_id = $1 AND t.version ${cmp} $5
          AND (t.entity <> 'photo' OR t.key IN (SELECT sp.pupil_id FROM (${SCOPE_PUPILS}) sp))
        ORDER BY t.version ${lim}`,
      [user.schoolId, groupIds, w.from, w.to, bound],
    ),
  ]);
  const limit = Math.max(1, Math.floor(c.limit));
  return [
    ...[school, groups, pupils, assignments, days, cells, tombstones].map((list) => ({ rows: list, limit })),
    { rows: photos, limit: photoLimit(limit) },
  ];
}
