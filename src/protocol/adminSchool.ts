/**
 * The admin's School and Calendar screens on the wire (issue 10).
 *
 * School: GET/PUT /api/admin/school. The body's shape is checked by zod (a wrong type is 400 bad_request);
 * what a person could get wrong (a URN, a time zone, a time, a band) is checked by settingsProblems and
 * answered 400 invalid_settings with every problem in words. Settings that break the attendance guidance
 * (a register open more than 30 minutes, AM and PM open for different lengths) are saved with warnings.
 *
 * Calendar: GET /api/admin/calendar, PUT /api/admin/calendar/years/:startDate, POST and DELETE
 * /api/admin/calendar/closures, GET /api/admin/calendar/bank-holidays?year=. A change that would take a day
 * with register entries out of the school days is answered 409 confirmation_required with {entries, dates}
 * unless the request says confirm: true; the entries are kept either way.
 */
import { z } from 'zod';
import { validateBands, type AttendanceBand } from '../domain/attendanceBands.js';
import { openingWarning, MAX_GUIDANCE_OPEN_MINUTES } from '../domain/registerWindow.js';
import { isValidTime, isValidTimeZone } from '../domain/time.js';
import { CLOSURE_KINDS, type ClosureKind, type SchoolDayCount } from '../domain/academicCalendar.js';
import { isoDateSchema, safeString } from './index.js';
import { letterTemplateProblems } from './letterTemplate.js';

/** The product's bands when a school has set none (DOMAIN.md §6): red below 90%, amber 90% to below 96%, green from 96%. */
export const DEFAULT_ATTENDANCE_BANDS: AttendanceBand[] = [
  { name: 'Red', min: 0, max: 90 },
  { name: 'Amber', min: 90, max: 96 },
  { name: 'Green', min: 96, max: null },
];

/** Register times for a school that has none yet: the guidance's 30 minutes, the same for both sessions. */
export const DEFAULT_SESSIONS = { AM: { opensAt: '08:45', openMinutes: 30 }, PM: { opensAt: '13:15', openMinutes: 30 } } as const;

export const MAX_OPEN_MINUTES = 240; // what session_settings allows
export const MAX_MISSING_REGISTER_MINUTES = 240;
export const MAX_N_WINDOW_SCHOOL_DAYS = 30;
export const MIN_LATES_IN_WEEK = 1;
export const MAX_LATES_IN_WEEK = 10;
/** A seed's figure for lates in a week that call for a conversation with the family (DOMAIN.md §7). */
export const DEFAULT_LATES_IN_WEEK = 3;

const sessionTimesSchema = z.object({ opensAt: safeString().max(10), openMinutes: z.number() }).strict();
const bandSchema = z.object({ name: safeString().max(60), min: z.number(), max: z.number().nullable() }).strict();

export const schoolSettingsSchema = z
  .object({
    name: safeString().max(200),
    urn: safeString().max(20),
    timeZone: safeString().max(64),
    sessions: z.object({ AM: sessionTimesSchema, PM: sessionTimesSchema }).strict(),
    missingRegisterMinutes: z.number(),
    nWindowSchoolDays: z.number(),
    attendanceTarget: z.number().nullable(),
    attendanceBands: z.array(bandSchema).max(20),
    /**
     * The attendance letter's text (letterTemplate.ts). Always in a GET; a PUT without it keeps the stored
     * text, so a client that does not know the field changes nothing.
     */
    letterTemplate: safeString().max(50_000).optional(),
    /**
     * Lates (L or U) in one Monday-to-Sunday week that make a lateness alert (GET /api/office/alerts), 1 to
     * 10. Always in a GET; a PUT without it keeps the stored number.
     */
    latesInWeek: z.number().optional(),
  })
  .strict();
export type SchoolSettingsWire = z.infer<typeof schoolSettingsSchema>;

export interface SchoolSettingsResponse {
  settings: SchoolSettingsWire;
  /** True when the school has stored no bands and DEFAULT_ATTENDANCE_BANDS are shown. */
  defaultBands: boolean;
  /** Settings that break the attendance guidance: saved, but the admin should know. */
  warnings: string[];
}

function wholeNumberIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** What is wrong with the settings, in words an admin can act on; empty when they can be saved. */
export function settingsProblems(s: SchoolSettingsWire): string[] {
  const problems: string[] = [];
  if (s.name.trim() === '') problems.push("Enter the school's name.");
  if (s.urn !== '' && !/^\d{6}$/.test(s.urn)) problems.push('The URN is six digits (for example 100000), or leave it empty.');
  if (!isValidTimeZone(s.timeZone)) problems.push(`"${s.timeZone}" is not a time zone. Use a name such as Europe/London.`);
  for (const session of ['AM', 'PM'] as const) {
    const t = s.sessions[session];
    if (!isValidTime(t.opensAt)) problems.push(`The ${session} register's opening time must be written HH:MM, for example 08:45.`);
    if (!wholeNumberIn(t.openMinutes, 1, MAX_OPEN_MINUTES)) {
      problems.push(`The ${session} register stays open for a whole number of minutes from 1 to ${MAX_OPEN_MINUTES}.`);
    }
  }
  if (!wholeNumberIn(s.missingRegisterMinutes, 1, MAX_MISSING_REGISTER_MINUTES)) {
    problems.push(`Minutes until a register counts as missing must be a whole number from 1 to ${MAX_MISSING_REGISTER_MINUTES}.`);
  }
  if (!wholeNumberIn(s.nWindowSchoolDays, 1, MAX_N_WINDOW_SCHOOL_DAYS)) {
    problems.push(`The window for resolving N must be a whole number of school days from 1 to ${MAX_N_WINDOW_SCHOOL_DAYS}.`);
  }
  if (s.attendanceTarget !== null && !(Number.isFinite(s.attendanceTarget) && s.attendanceTarget >= 0 && s.attendanceTarget <= 100)) {
    problems.push('The attendance target is a percentage from 0 to 100, or leave it empty.');
  }
  for (const band of validateBands(s.attendanceBands)) problems.push(band.message);
  if (s.letterTemplate !== undefined) problems.push(...letterTemplateProblems(s.letterTemplate));
  if (s.latesInWeek !== undefined && !wholeNumberIn(s.latesInWeek, MIN_LATES_IN_WEEK, MAX_LATES_IN_WEEK)) {
    problems.push(`Lates in a week for an alert must be a whole number from ${MIN_LATES_IN_WEEK} to ${MAX_LATES_IN_WEEK}.`);
  }
  return problems;
}

/** Settings the software accepts but the attendance guidance does not (DOMAIN.md §1). */
export function settingsWarnings(s: Pick<SchoolSettingsWire, 'sessions'>): string[] {
  const warnings: string[] = [];
  for (const session of ['AM', 'PM'] as const) {
    const warning = openingWarning(s.sessions[session]);
    if (warning) warnings.push(`${session}: ${warning}`);
  }
  const { AM, PM } = s.sessions;
  if (AM.openMinutes !== PM.openMinutes) {
    warnings.push(
      `The AM register stays open for ${AM.openMinutes} minutes and the PM register for ${PM.openMinutes}. ` +
        `The guidance asks for the same length for both, at most ${MAX_GUIDANCE_OPEN_MINUTES} minutes.`,
    );
  }
  return warnings;
}

// ---------------------------------------------------------------------------------------------------
// Calendar

const halfTermSchema = z.object({ name: safeString().max(40), startDate: isoDateSchema, endDate: isoDateSchema }).strict();

export const yearBodySchema = z
  .object({ endDate: isoDateSchema, terms: z.array(halfTermSchema).max(12), confirm: z.boolean().optional() })
  .strict();
export type YearBody = z.infer<typeof yearBodySchema>;

const closureSchema = z
  .object({
    startDate: isoDateSchema,
    endDate: isoDateSchema.optional(),
    label: safeString().max(100),
    kind: z.enum(CLOSURE_KINDS),
  })
  .strict();

/** One closure, or several at once (the year's bank holidays), with confirm when a day has register entries. */
export const closuresBodySchema = z.union([
  closureSchema.extend({ confirm: z.boolean().optional() }).strict(),
  z.object({ closures: z.array(closureSchema).min(1).max(60), confirm: z.boolean().optional() }).strict(),
]);
export type ClosuresBody = z.infer<typeof closuresBodySchema>;

export const bankHolidaysQuerySchema = z.object({ year: isoDateSchema }).strict();

export interface ClosureWire {
  startDate: string;
  endDate: string;
  label: string;
  kind: ClosureKind;
}

export interface AcademicYearWire {
  startDate: string;
  endDate: string;
  terms: SchoolDayCount[];
  closures: ClosureWire[];
  /** School days in the whole year. */
  schoolDays: number;
}

export interface CalendarResponse {
  years: AcademicYearWire[];
}

/** The body of 409 confirmation_required (with code and message): how many register entries, on which dates. */
export interface ConfirmationDetails {
  entries: number;
  dates: Array<{ date: string; entries: number }>;
}

export interface BankHolidayOffer {
  date: string;
  name: string;
  /** Inside one of the year's half-terms on a weekday: closing the school that day matters. */
  inTerm: boolean;
  /** Already covered by one of the school's closures. */
  closed: boolean;
}

export interface BankHolidaysResponse {
  startDate: string;
  endDate: string;
  holidays: BankHolidayOffer[];
}
