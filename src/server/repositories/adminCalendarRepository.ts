/**
 * The calendar as the admin enters it (migration 007): academic years, their six half-terms (rows of `terms`
 * inside the year's dates, as the demo writes them) and closures; and the calendar_days rows built from them,
 * which everything else reads and tablets pull.
 *
 * A school whose calendar was written before years and closures were kept (the demo school) has terms and
 * days but no academic_years rows: loadCalendar infers a year (1 September to 31 August) for such terms and
 * the closures that explain its days, and adoptCalendar stores them before the first change, so that change
 * rebuilds the same days it found.
 */
import type { Queryable } from '../db/database.js';
import {
  defaultYearDates,
  inferClosures,
  rangesOverlap,
  type AcademicYear,
  type CalendarDay,
  type Closure,
} from '../../domain/academicCalendar.js';
import { academicYearStart } from '../../domain/calendarDate.js';

export interface StoredCalendar {
  years: AcademicYear[];
  closures: Closure[];
  /** Years and closures inferred from terms and days, not yet stored. */
  inferred: { years: AcademicYear[]; closures: Closure[] };
}

export async function loadCalendar(db: Queryable, schoolId: string): Promise<StoredCalendar> {
  const [yearRows, termRows, closureRows] = await Promise.all([
    db.query<{ startDate: string; endDate: string }>(
      `SELECT start_date AS "startDate", end_date AS "endDate" FROM academic_years WHERE school_id = $1 ORDER BY start_date`,
      [schoolId],
    ),
    db.query<{ name: string; startDate: string; endDate: string }>(
      `SELECT name, start_date AS "startDate", end_date AS "endDate" FROM terms WHERE school_id = $1 ORDER BY start_date`,
      [schoolId],
    ),
    db.query<Closure>(
      `SELECT start_date AS "startDate", end_date AS "endDate", label, kind FROM calendar_closures WHERE school_id = $1 ORDER BY start_date`,
      [schoolId],
    ),
  ]);
  const stored: AcademicYear[] = yearRows.rows.map((y) => ({ ...y, terms: [] }));
  const orphans = new Map<string, AcademicYear>();
  for (const term of termRows.rows) {
    const home = stored.find((y) => y.startDate <= term.startDate && term.startDate <= y.endDate);
    if (home) {
      home.terms.push(term);
      continue;
    }
    const start = academicYearStart(term.startDate);
    const year = orphans.get(start) ?? { ...defaultYearDates(Number(start.slice(0, 4))), terms: [] };
    year.terms.push(term);
    orphans.set(start, year);
  }
  const inferredYears = [...orphans.values()].filter((y) => !stored.some((s) => rangesOverlap(s, y)));
  const inferredClosures: Closure[] = [];
  for (const year of inferredYears) {
    inferredClosures.push(...inferClosures(year, await storedDays(db, schoolId, year.startDate, year.endDate)));
  }
  const years = [...stored, ...inferredYears].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  const closures = [...closureRows.rows, ...inferredClosures].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  return { years, closures, inferred: { years: inferredYears, closures: inferredClosures } };
}

/** Stores what loadCalendar inferred, so the change about to be made starts from the calendar the school has. */
export async function adoptCalendar(tx: Queryable, schoolId: string, calendar: StoredCalendar): Promise<void> {
  for (const year of calendar.inferred.years) {
    await tx.query(`INSERT INTO academic_years (school_id, start_date, end_date) VALUES ($1, $2, $3)`, [schoolId, year.startDate, year.endDate]);
  }
  await insertClosures(tx, schoolId, calendar.inferred.closures);
}

export async function storedDays(db: Queryable, schoolId: string, from: string, to: string): Promise<CalendarDay[]> {
  const { rows } = await db.query<CalendarDay>(
    `SELECT date, is_school_day AS "isSchoolDay", label FROM calendar_days WHERE school_id = $1 AND date BETWEEN $2 AND $3 ORDER BY date`,
    [schoolId, from, to],
  );
  return rows;
}

/** Replaces the year starting `year.startDate` (its dates and its half-terms), `previous` being its old dates. */
export async function saveYear(tx: Queryable, schoolId: string, year: AcademicYear, previous: { startDate: string; endDate: string } | null): Promise<void> {
  await tx.query(
    `INSERT INTO academic_years (school_id, start_date, end_date) VALUES ($1, $2, $3)
     ON CONFLICT (school_id, start_date) DO UPDATE SET end_date = EXCLUDED.end_date`,
    [schoolId, year.startDate, year.endDate],
  );
  const span = previous ?? year;
  await tx.query(`DELETE FROM terms WHERE school_id = $1 AND start_date BETWEEN $2 AND $3`, [schoolId, span.startDate, span.endDate]);
  for (const t of year.terms) {
    await tx.query(`INSERT INTO terms (school_id, name, start_date, end_date) VALUES ($1, $2, $3, $4)`, [schoolId, t.name, t.startDate, t.endDate]);
  }
}

export async function insertClosures(tx: Queryable, schoolId: string, closures: readonly Closure[]): Promise<void> {
  for (const c of closures) {
    await tx.query(
      `INSERT INTO calendar_closures (school_id, start_date, end_date, label, kind) VALUES ($1, $2, $3, $4, $5)`,
      [schoolId, c.startDate, c.endDate, c.label, c.kind],
    );
  }
}

export async function deleteClosure(tx: Queryable, schoolId: string, startDate: string): Promise<void> {
  await tx.query(`DELETE FROM calendar_closures WHERE school_id = $1 AND start_date = $2`, [schoolId, startDate]);
}

/** Register entries (any pupil, either session) on each of these dates that has any. */
export async function registerEntriesOn(db: Queryable, schoolId: string, dates: readonly string[]): Promise<Array<{ date: string; entries: number }>> {
  if (dates.length === 0) return [];
  const { rows } = await db.query<{ date: string; entries: number }>(
    `SELECT date, count(*)::int AS entries FROM register_cells WHERE school_id = $1 AND date = ANY($2::date[]) GROUP BY date ORDER BY date`,
    [schoolId, [...dates]],
  );
  return rows;
}

/** Writes these days (only the ones that changed) at the change's sync version, so tablets pull them. */
export async function writeDays(tx: Queryable, schoolId: string, days: readonly CalendarDay[], version: number): Promise<void> {
  const chunk = 500;
  for (let i = 0; i < days.length; i += chunk) {
    const part = days.slice(i, i + chunk);
    await tx.query(
      `INSERT INTO calendar_days (school_id, date, is_school_day, label, version)
       SELECT $1, d.date, d.is_school_day, d.label, $5
         FROM unnest($2::date[], $3::boolean[], $4::text[]) AS d(date, is_school_day, label)
       ON CONFLICT (school_id, date) DO UPDATE SET is_school_day = EXCLUDED.is_school_day, label = EXCLUDED.label, version = EXCLUDED.version`,
      [schoolId, part.map((d) => d.date), part.map((d) => d.isSchoolDay), part.map((d) => d.label), version],
    );
  }
}
