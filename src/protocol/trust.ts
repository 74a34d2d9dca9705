/**
 * The trust admin's two endpoints (issue 12), documented in docs/trust-api.md:
 * - POST /api/trust/schools: creates a school and answers its one-time setup address;
 * - GET /api/trust/overview: each school's headline figures side by side.
 * Imports only zod and the protocol's own helpers.
 */
import { z } from 'zod';
import { safeString } from './index.js';
import { DEFAULT_SETUP_TIME_ZONE, isIanaTimeZone } from './setup.js';

/** A school's Unique Reference Number (GIAS): 6 digits. */
export const URN_PATTERN = /^\d{6}$/;

export const createSchoolRequestSchema = z.object({
  name: safeString().trim().min(1, 'the school needs a name').max(120),
  urn: safeString().trim().regex(URN_PATTERN, 'a URN is 6 digits (find it on Get Information about Schools)'),
  timeZone: safeString()
    .max(64)
    .refine(isIanaTimeZone, 'not a time zone name (for example Europe/London)')
    .optional()
    .default(DEFAULT_SETUP_TIME_ZONE),
}).strict();
export type CreateSchoolRequest = z.input<typeof createSchoolRequestSchema>;

/** 201: the school as created, and the address its first admin opens once to finish setting it up. */
export interface CreateSchoolResponse {
  schoolId: string;
  name: string;
  urn: string;
  timeZone: string;
  setupAddress: string;
}

/** A range of dates a figure covers, and what it is called ("Autumn term", "Year to date"). */
export interface FigureRange {
  from: string;
  to: string;
  label: string;
}

export interface TrustSchoolRow {
  schoolId: string;
  name: string;
  urn: string | null;
  /** False until the school's first admin has used the setup address. */
  setUp: boolean;
  /** The school's own today (its time zone). */
  today: string;
  /**
   * Attendance over `range`: the current term up to today (the year to date when no term holds today), the
   * same figures as GET /api/office/attendance?from&to gives the school. Percent unrounded, null with no
   * possible sessions yet.
   */
  attendance: { range: FigureRange; percent: number | null; possibleSessions: number; pupils: number };
  /** Pupils at or over 10% absence over the same range as `attendance` (the office's persistent absence). */
  persistentAbsence: { range: FigureRange; pupils: number };
  /** Today's registers whose time has passed and are not complete (the office's "Missing registers"). */
  missingRegisters: { date: string; registers: number };
  /** Statutory alerts not yet recorded as acted on, over the school year to date (the office's "Alerts"). */
  alertsWaiting: { range: FigureRange; alerts: number };
}

export interface TrustOverviewResponse {
  schools: TrustSchoolRow[];
  serverTime: string;
}
