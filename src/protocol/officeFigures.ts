/**
 * The attendance figures and the statutory alerts (issue 11): what `GET /api/office/attendance` and
 * `GET /api/office/alerts` answer, and the arguments of the `alert.record` mutation. Shared by the server,
 * which computes them, and the office's screens, which show them. Documented in docs/office-api.md.
 */
import { z } from 'zod';
import { safeString } from './index.js';

/** Filters of the attendance figures. Every one is optional; `from`/`to` default to the academic year to today. */
export interface AttendanceQuery {
  from?: string;
  to?: string;
  groupId?: string;
  yearGroup?: number;
  /** SEND status: none, SEN support (K) or EHC plan (E). */
  send?: 'none' | 'K' | 'E';
  fsm?: boolean;
  eal?: boolean;
  lookedAfter?: boolean;
  gender?: 'F' | 'M' | 'X';
}

/** Counts of sessions on school days while on roll, by the code's statistical class (DOMAIN.md §3, §6). */
export interface AttendanceFigures {
  possible: number;
  present: number;
  /** Approved educational activity: counted as attending. */
  aea: number;
  authorised: number;
  /** Includes `N` (reason not yet known). */
  unauthorised: number;
  /** Sessions on roll on a school day with no mark at all yet. */
  unmarked: number;
  /** Unrounded; the screen rounds to one decimal. `null` when nothing was possible. */
  attendancePercent: number | null;
  absencePercent: number | null;
}

export interface PupilAttendance extends AttendanceFigures {
  pupilId: string;
  name: string;
  groupId: string | null;
  groupName: string | null;
  yearGroup: number | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  /** The school's band for this pupil's attendance (its label), or null without a figure. */
  band: string | null;
  /**
   * The pupil's cohort flags, for the persistent absence list's "flags" column. The server always sends them;
   * optional so that an answer without them still reads ("not given" on screen).
   */
  flags?: { send: 'none' | 'K' | 'E'; fsm: boolean; eal: boolean; lookedAfter: boolean };
}

export interface AttendanceTotals extends AttendanceFigures {
  pupils: number;
  /** Numbers of pupils at or over 10% and 50% absence. */
  persistentAbsence: number;
  severeAbsence: number;
}

export interface AttendanceResponse {
  from: string;
  to: string;
  pupils: PupilAttendance[];
  totals: AttendanceTotals;
  /**
   * The school's attendance target in % (school settings), or null when it has none; the office reads it here
   * because it cannot read the admin's settings. The Attendance screen shows the target only when it is given.
   */
  target?: number | null;
  /**
   * The term that holds the school's today (or the last one begun), so the Attendance screen can show "this
   * term" beside the year to date; null when no term is entered (the screen then shows the year only).
   */
  term: { name: string; from: string; to: string } | null;
}

/** Monday is 1 and Sunday 7, as ISO 8601 numbers them. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** One Monday-to-Sunday week of the range: its figures count only its days inside the range. */
export interface WeekFigures extends AttendanceFigures {
  /** The week's Monday (may be before the range's first day). */
  monday: string;
  /** The week's first and last day inside the range. */
  from: string;
  to: string;
}

export interface WeekdayFigures extends AttendanceFigures {
  weekday: IsoWeekday;
}

/**
 * `GET /api/office/attendance/patterns` (same filters as the figures): the chosen cohort's totals week by week
 * and split by session and by day of the week, in one read. The same sessions as the figures' totals: school
 * days while each pupil was on roll, up to today.
 */
export interface AttendancePatternsResponse {
  from: string;
  to: string;
  /** Every week with a school day in the range up to today, oldest first. */
  weeks: WeekFigures[];
  /** Morning against afternoon sessions. */
  sessions: { AM: AttendanceFigures; PM: AttendanceFigures };
  /** Each day of the week that has a school day in the range, Monday first. */
  weekdays: WeekdayFigures[];
}

export const ALERT_KINDS = ['penaltyNotice', 'continuousUnauthorised', 'illness', 'lateness'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The sessions or days that make an alert, for the office to check and quote in a letter. */
export interface AlertEvidence {
  /** What the evidence shows, in words: "11 sessions of G, O or U in the 10 school weeks from 5 Jan 2026". */
  summary: string;
  /** First and last date the evidence covers. */
  start: string;
  end: string;
  /** The sessions (or, for a run of days, each day's sessions) that count. */
  sessions: Array<{ date: string; session: 'AM' | 'PM'; code: string }>;
}

export interface AlertRecordWire {
  action: AlertAction;
  note: string | null;
  byName: string;
  /** ISO instant the server recorded it. */
  at: string;
}

export interface AlertEntry {
  kind: AlertKind;
  pupilId: string;
  name: string;
  groupName: string | null;
  /**
   * Which occurrence this is, stable while nothing new happens (e.g. the window's first Monday, the run's first
   * day and length): recording an action is against this key, and a new window or a longer run has a new one.
   */
  key: string;
  evidence: AlertEvidence;
  /** What the office recorded for this key, or null while it waits. */
  dealtWith: AlertRecordWire | null;
}

export interface AlertsResponse {
  from: string;
  to: string;
  /** Newest first, those still to deal with first. */
  alerts: AlertEntry[];
  /** How many are waiting, per kind and in all (the menu's count). */
  waiting: Record<AlertKind, number> & { total: number };
}

export const ALERT_ACTIONS = ['local_authority_told', 'letter_sent', 'meeting_booked', 'no_action'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** `alert.record`: the office records what was done about an alert (`no_action` needs a note saying why). */
export const alertRecordArgsSchema = z
  .object({
    kind: z.enum(ALERT_KINDS),
    pupilId: safeString().min(1).max(64),
    key: safeString().min(1).max(200),
    action: z.enum(ALERT_ACTIONS),
    note: safeString().max(1000).optional(),
  })
  .strict()
  .refine((a) => a.action !== 'no_action' || (a.note ?? '').trim().length > 0, { message: 'No action needs a reason in the note', path: ['note'] });
export type AlertRecordArgs = z.infer<typeof alertRecordArgsSchema>;
