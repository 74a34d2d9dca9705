/** School settings, the calendar, and the per-school sync version. */
import type { Queryable } from '../db/database.js';
import type { Session } from '../../domain/codes.js';
import type { SessionTimes } from '../../domain/registerWindow.js';

export interface SchoolSettings {
  id: string;
  name: string;
  timeZone: string;
  nWindowSchoolDays: number;
  missingRegisterMinutes: number;
  sessions: Record<Session, SessionTimes>;
}

export async function getSchoolSettings(db: Queryable, schoolId: string): Promise<SchoolSettings> {
  // One statement (every push reads the settings): the school's row once per session setting.
  const { rows } = await db.query<Omit<SchoolSettings, 'sessions'> & { session: Session | null; opensAt: string; openMinutes: number }>(
    `SELECT s.id, s.name, s.time_zone AS "timeZone", s.n_window_school_days AS "nWindowSchoolDays",
            s.missing_register_minutes AS "missingRegisterMinutes", t.session, t.opens_at AS "opensAt", t.open_minutes AS "openMinutes"
       FROM schools s LEFT JOIN session_settings t ON t.school_id = s.id WHERE s.id = $1`,
    [schoolId],
  );
  if (!rows[0]) throw new Error(`school ${schoolId} is missing`);
  const sessions = {} as Record<Session, SessionTimes>;
  for (const r of rows) if (r.session) sessions[r.session] = { opensAt: r.opensAt, openMinutes: r.openMinutes };
  if (!sessions.AM || !sessions.PM) throw new Error(`school ${schoolId} has no AM/PM session settings`);
  const { id, name, timeZone, nWindowSchoolDays, missingRegisterMinutes } = rows[0];
  return { id, name, timeZone, nWindowSchoolDays, missingRegisterMinutes, sessions };
}

export interface CalendarDay {
  date: string;
  isSchoolDay: boolean;
  label: string | null;
}

export async function getCalendarDays(db: Queryable, schoolId: string, dates: string[]): Promise<Map<string, CalendarDay>> {
  if (dates.length === 0) return new Map();
  const { rows } = await db.query<CalendarDay>(
    // A lookup a date (see findLoggedResults): without statistics, "date = ANY($2)" was planned as a read of
    // every day the school's calendar had ever held.
    `SELECT d.date, d.is_school_day AS "isSchoolDay", d.label
       FROM unnest($2::date[]) AS u(date)
       CROSS JOIN LATERAL (SELECT date, is_school_day, label FROM calendar_days WHERE school_id = $1 AND date = u.date LIMIT 1) d`,
    [schoolId, [...new Set(dates)]],
  );
  return new Map(rows.map((r) => [r.date, r]));
}

export async function getCalendarDay(db: Queryable, schoolId: string, date: string): Promise<CalendarDay | null> {
  return (await getCalendarDays(db, schoolId, [date])).get(date) ?? null;
}

/**
 * Takes the school's next sync version under the sync_state row lock. Call it first in every write
 * transaction: writers of one school queue here, so version order is commit order (DESIGN.md §4.4).
 */
export async function nextVersion(tx: Queryable, schoolId: string): Promise<number> {
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE sync_state SET version = version + 1 WHERE school_id = $1 RETURNING version`,
    [schoolId],
  );
  if (!rows[0]) throw new Error(`school ${schoolId} has no sync_state row`);
  return rows[0].version;
}

export async function currentVersion(db: Queryable, schoolId: string): Promise<number> {
  const { rows } = await db.query<{ version: number }>(`SELECT version FROM sync_state WHERE school_id = $1`, [schoolId]);
  return rows[0]?.version ?? 0;
}
