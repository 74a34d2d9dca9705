/**
 * The school's record and settings as the admin edits them (issue 10): name, URN, time zone, register times,
 * the missing-register and N windows, the attendance target and bands, and the attendance letter's text.
 * Tablets pull the name, time zone and register times from the `school` entity (pullRepository.ts), so a
 * write sets schools.version.
 */
import type { Queryable } from '../db/database.js';
import type { AttendanceBand } from '../../domain/attendanceBands.js';
import { DEFAULT_ATTENDANCE_BANDS, DEFAULT_SESSIONS, type SchoolSettingsWire } from '../../protocol/adminSchool.js';
import { DEFAULT_LETTER_TEMPLATE } from '../../protocol/letterTemplate.js';

interface SchoolRow {
  name: string;
  urn: string | null;
  timeZone: string;
  missingRegisterMinutes: number;
  nWindowSchoolDays: number;
  attendanceTarget: number | null;
  attendanceBands: AttendanceBand[] | null;
  letterTemplate: string | null;
  latesInWeek: number;
}

/** The settings as stored, with the product's defaults where the school has none (`defaultBands` says so). */
export async function readSchoolSettings(db: Queryable, schoolId: string): Promise<{ settings: SchoolSettingsWire; defaultBands: boolean }> {
  const { rows } = await db.query<SchoolRow>(
    `SELECT name, urn, time_zone AS "timeZone", missing_register_minutes AS "missingRegisterMinutes",
            n_window_school_days AS "nWindowSchoolDays", attendance_target::float8 AS "attendanceTarget",
            attendance_bands AS "attendanceBands", letter_template AS "letterTemplate",
            lates_in_week AS "latesInWeek"
       FROM schools WHERE id = $1`,
    [schoolId],
  );
  const row = rows[0];
  if (!row) throw new Error(`school ${schoolId} is missing`);
  const sessionRows = await db.query<{ session: 'AM' | 'PM'; opensAt: string; openMinutes: number }>(
    `SELECT session, opens_at AS "opensAt", open_minutes AS "openMinutes" FROM session_settings WHERE school_id = $1`,
    [schoolId],
  );
  const sessions: SchoolSettingsWire['sessions'] = { AM: { ...DEFAULT_SESSIONS.AM }, PM: { ...DEFAULT_SESSIONS.PM } };
  for (const r of sessionRows.rows) sessions[r.session] = { opensAt: r.opensAt, openMinutes: r.openMinutes };
  const bands = typeof row.attendanceBands === 'string' ? (JSON.parse(row.attendanceBands) as AttendanceBand[]) : row.attendanceBands;
  return {
    settings: {
      name: row.name,
      urn: row.urn ?? '',
      timeZone: row.timeZone,
      sessions,
      missingRegisterMinutes: row.missingRegisterMinutes,
      nWindowSchoolDays: row.nWindowSchoolDays,
      attendanceTarget: row.attendanceTarget === null ? null : Number(row.attendanceTarget),
      attendanceBands: bands ?? DEFAULT_ATTENDANCE_BANDS.map((b) => ({ ...b })),
      letterTemplate: row.letterTemplate ?? DEFAULT_LETTER_TEMPLATE,
      latesInWeek: row.latesInWeek,
    },
    defaultBands: bands === null,
  };
}

/**
 * Writes settings already checked by settingsProblems, at the change's sync version. Without `letterTemplate`
 * the stored letter is kept, and without `latesInWeek` the stored number.
 */
export async function writeSchoolSettings(tx: Queryable, schoolId: string, s: SchoolSettingsWire, version: number): Promise<void> {
  await tx.query(
    `UPDATE schools SET name = $2, urn = $3, time_zone = $4, missing_register_minutes = $5, n_window_school_days = $6,
            attendance_target = $7, attendance_bands = $8::jsonb, version = $9,
            letter_template = CASE WHEN $10::boolean THEN $11::text ELSE letter_template END,
            lates_in_week = COALESCE($12::integer, lates_in_week)
      WHERE id = $1`,
    [
      schoolId,
      s.name.trim(),
      s.urn === '' ? null : s.urn,
      s.timeZone,
      s.missingRegisterMinutes,
      s.nWindowSchoolDays,
      s.attendanceTarget,
      JSON.stringify(s.attendanceBands.map((b) => ({ name: b.name.trim(), min: b.min, max: b.max }))),
      version,
      s.letterTemplate !== undefined,
      s.letterTemplate ?? null,
      s.latesInWeek ?? null,
    ],
  );
  for (const session of ['AM', 'PM'] as const) {
    await tx.query(
      `INSERT INTO session_settings (school_id, session, opens_at, open_minutes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (school_id, session) DO UPDATE SET opens_at = EXCLUDED.opens_at, open_minutes = EXCLUDED.open_minutes`,
      [schoolId, session, s.sessions[session].opensAt, s.sessions[session].openMinutes],
    );
  }
}
