/**
 * The office's reads (docs/office-api.md), typed. Every change goes through the outbox instead (sendChange.ts).
 * Each function takes the app's ApiClient, so tests can serve answers with a fake fetch or the real server.
 */
import type { ApiClient } from '../sync/api';
import type { ContactMethod } from '../db/types';
import type { AlertsResponse, AttendancePatternsResponse, AttendanceQuery, AttendanceResponse } from '../../protocol/officeFigures';
import type { LetterTemplateResponse } from '../../protocol/letterTemplate';

type Session = 'AM' | 'PM';

export interface VulnerabilityFlags {
  childProtection: boolean;
  lookedAfter: boolean;
  socialWorker: boolean;
  send: boolean;
}
export interface FamilyContact {
  name: string;
  relationship: string;
  phone: string;
  priority: number;
}

export interface MissingRegister {
  groupId: string;
  groupName: string;
  session: Session;
  opensAt: string;
  dueAt: string;
  marked: number;
  total: number;
  missing: number;
  takenBy: string[];
  coveredBy: string[];
}
export interface MissingRegistersResponse {
  date: string;
  isSchoolDay: boolean;
  dayLabel: string | null;
  missingAfterMinutes: number;
  serverTime: string;
  registers: MissingRegister[];
}

export interface ContactLogEntry {
  id: string;
  method: ContactMethod;
  outcome: string;
  code: string | null;
  sessions: Session[] | null;
  by: string;
  role: string;
  at: string;
}
export interface FirstDayPupil {
  pupilId: string;
  name: string;
  firstName: string;
  lastName: string;
  groupId: string;
  groupName: string;
  sessions: Session[];
  flags: VulnerabilityFlags;
  vulnerable: boolean;
  contacts: FamilyContact[];
  contactLog: ContactLogEntry[];
  contacted: boolean;
  messageFromHome: boolean;
}
export interface FirstDayResponse {
  date: string;
  isSchoolDay: boolean;
  dayLabel: string | null;
  pupils: FirstDayPupil[];
}

export interface UnresolvedN {
  pupilId: string;
  name: string;
  firstName: string;
  lastName: string;
  groupId: string;
  groupName: string;
  date: string;
  session: Session;
  source: 'teacher' | 'office';
  markedBy: string | null;
  markedAt: string | null;
  deadline: string | null;
  overdue: boolean;
}
export interface UnresolvedNResponse {
  today: string;
  windowSchoolDays: number;
  total: number;
  overdue: number;
  items: UnresolvedN[];
}

export interface Conflict {
  id: string;
  pupilId: string;
  name: string;
  groupId: string;
  groupName: string;
  date: string;
  session: Session;
  /** The office's code when the conflict was raised; null for a held mark over a cell without one. */
  officeCode: string | null;
  teacherCode: string;
  currentCode: string | null;
  /**
   * `office_code`: a present mark or "Pupil is here" over an office code. `settled_register`: a mark that
   * reached the server after its register was settled (past the school's N window), held for the office.
   */
  kind: 'office_code' | 'settled_register';
  /** When the teacher saw the pupil, for a held mark (ISO instant). */
  observedAt: string | null;
  raisedBy: string | null;
  raisedAt: string;
  resolved: boolean;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  resolutionCode: string | null;
}
export type ConflictStatus = 'open' | 'resolved' | 'all';

export interface LateProposal {
  pupilId: string;
  date: string;
  session: Session;
  arrivedAt: string;
  code: 'L' | 'U';
  minutesLate: number;
  registerClosedAt: string;
  description: string;
  currentCode: string | null;
}

export interface OnSitePupil {
  pupilId: string;
  name: string;
  code: string | null;
  session: Session | null;
  signedInAt: string | null;
  /** On site because this morning's register says so: the afternoon register has no mark for them yet. */
  fromMorningRegister: boolean;
}
/** A pupil the current register has no mark for, and the signing-out book says nothing about. */
export interface UnaccountedPupil {
  pupilId: string;
  name: string;
}
export interface OnSiteGroup {
  groupId: string;
  groupName: string;
  count: number;
  pupils: OnSitePupil[];
  /** Every pupil of the class has a mark in the current session's register. */
  registerTaken: boolean;
  unaccounted: UnaccountedPupil[];
}
export interface OnSiteResponse {
  date: string;
  at: string;
  isSchoolDay: boolean;
  dayLabel: string | null;
  /** The register the roll call reads: null on a day that is not a school day. */
  currentSession: Session | null;
  total: number;
  unaccountedTotal: number;
  groups: OnSiteGroup[];
  signedOut: Array<{ pupilId: string; name: string; groupId: string; groupName: string; at: string; reason: string | null }>;
}

export type CodeClass = 'present' | 'aea' | 'authorised' | 'unauthorised' | 'not-possible' | 'not-counted' | 'not-collected' | 'unrecognised';
export interface PupilCell {
  date: string;
  session: Session;
  code: string;
  class: CodeClass;
  source: 'teacher' | 'office';
  markedBy: string | null;
}
export interface AttendanceSummary {
  name?: string;
  from: string;
  to: string;
  possible: number;
  present: number;
  aea: number;
  authorised: number;
  unauthorised: number;
  unrecognised: number;
  attendancePercent: number | null;
  absencePercent: number | null;
  persistentAbsence: boolean;
  severeAbsence: boolean;
  unmarked: number;
}
export interface PupilRegisterResponse {
  pupil: {
    id: string;
    name: string;
    firstName: string;
    lastName: string;
    preferredName: string | null;
    dateOfBirth: string;
    gender: string | null;
    group: { id: string; name: string } | null;
    flags: VulnerabilityFlags;
    contacts: FamilyContact[];
    enrolments: Array<{ startDate: string; endDate: string | null }>;
  };
  from: string;
  to: string;
  cells: PupilCell[];
  /** Weekdays in the range when the school was closed (half term, INSET day…), with the calendar's label. */
  closedDays?: Array<{ date: string; label: string | null }>;
  summaries: { term: AttendanceSummary | null; yearToDate: AttendanceSummary };
}

export interface HistoryEntry {
  id: string;
  source: 'teacher' | 'office';
  code: string;
  oldCode: string | null;
  effectiveCode: string | null;
  reason: string | null;
  minutesLate: number | null;
  by: string | null;
  role: string;
  deviceId: string | null;
  observedAt: string;
  receivedAt: string;
  timeQuality: string | null;
}
export interface HistoryResponse {
  pupilId: string;
  date: string;
  session: Session;
  entries: HistoryEntry[];
}

export interface PlannedAbsence {
  id: string;
  args: { pupilIds: string[]; sessions: Session[]; weekdays?: number[]; note?: string };
  code: string;
  startDate: string;
  endDate: string;
  createdBy: string | null;
  createdAt: string;
  cellsSet: number;
  cellsSkipped: number;
}

export interface ExportSummary {
  from: string;
  to: string;
  groupId: string | null;
  /** School days in the range by the calendar; 0 means the file would have no rows. */
  schoolDays: number;
  /** The calendar's names for the days in the range that are not school days, e.g. ["Half term"]. */
  closedLabels: string[];
}

export interface BulkPreview {
  code: string;
  dates: string[];
  sessions: Session[];
  groupId: string | null;
  groupName: string | null;
  notSchoolDays: string[];
  maxCells: number;
  cells: number | null;
  wouldChange: number | null;
  alreadyHaveCode: number | null;
  replacesOfficeCodes: number | null;
  refused: number | null;
  firstRefusal: string | null;
  tooMany: boolean;
  canApply: boolean;
}

const q = (params: Record<string, string | undefined>) => {
  const parts = Object.entries(params)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

/** The attendance figures' query string: flags as `true`/`false`, an unset filter left out (docs/office-api.md). */
export function attendanceSearch(query: AttendanceQuery): string {
  const text = (v: string | number | boolean | undefined) => (v === undefined ? undefined : String(v));
  return q({
    from: query.from, to: query.to, groupId: query.groupId, yearGroup: text(query.yearGroup), send: query.send,
    fsm: text(query.fsm), eal: text(query.eal), lookedAfter: text(query.lookedAfter), gender: query.gender,
  });
}

export const officeApi = {
  missingRegisters: (api: ApiClient, date?: string) => api.get<MissingRegistersResponse>(`/api/office/missing-registers${q({ date })}`),
  firstDay: (api: ApiClient, date?: string) => api.get<FirstDayResponse>(`/api/office/first-day${q({ date })}`),
  unresolvedN: (api: ApiClient) => api.get<UnresolvedNResponse>('/api/office/unresolved-n'),
  conflicts: (api: ApiClient, status: ConflictStatus = 'open') => api.get<{ status: ConflictStatus; conflicts: Conflict[] }>(`/api/office/conflicts${q({ status })}`),
  lateProposal: (api: ApiClient, p: { pupilId: string; date: string; session: Session; arrivedAt: string }) =>
    api.get<LateProposal>(`/api/office/late-proposal${q(p)}`),
  onSite: (api: ApiClient, date?: string) => api.get<OnSiteResponse>(`/api/office/on-site${q({ date })}`),
  pupil: (api: ApiClient, pupilId: string, range: { from?: string; to?: string } = {}) =>
    api.get<PupilRegisterResponse>(`/api/office/pupil/${encodeURIComponent(pupilId)}${q(range)}`),
  history: (api: ApiClient, p: { pupilId: string; date: string; session: Session }) => api.get<HistoryResponse>(`/api/office/history${q(p)}`),
  plannedAbsences: (api: ApiClient, range: { from?: string; to?: string } = {}) =>
    api.get<{ from: string; to: string; plannedAbsences: PlannedAbsence[] }>(`/api/office/planned-absences${q(range)}`),
  bulkPreview: (api: ApiClient, p: { code: string; dates: string[]; sessions: Session[]; groupId?: string }) =>
    api.get<BulkPreview>(`/api/office/bulk-preview${q({ code: p.code, dates: p.dates.join(','), sessions: p.sessions.join(','), groupId: p.groupId })}`),
  /** A link, not a fetch: the browser downloads the file with the session cookie. */
  exportHref: (range: { from?: string; to?: string; groupId?: string }) => `/api/office/export.csv${q(range)}`,
  /** Whether an export's range has school days, asked before the link is offered. */
  exportSummary: (api: ApiClient, range: { from: string; to: string; groupId?: string }) => api.get<ExportSummary>(`/api/office/export-summary${q(range)}`),
  /** The school's attendance figures for a range and cohort (issue 11): every pupil's counts and the totals. */
  attendance: (api: ApiClient, query: AttendanceQuery = {}) => api.get<AttendanceResponse>(`/api/office/attendance${attendanceSearch(query)}`),
  /** The same cohort's totals week by week, morning against afternoon, and by day of the week (one read). */
  attendancePatterns: (api: ApiClient, query: AttendanceQuery = {}) => api.get<AttendancePatternsResponse>(`/api/office/attendance/patterns${attendanceSearch(query)}`),
  /** The pupils who meet a statutory threshold (penalty notice, 10 days' absence, illness, lateness), with evidence. */
  alerts: (api: ApiClient, range: { from?: string; to?: string } = {}) => api.get<AlertsResponse>(`/api/office/alerts${q(range)}`),
  /** The attendance letter's text and the school's name, for printing letters. */
  letterTemplate: (api: ApiClient) => api.get<LetterTemplateResponse>('/api/office/letter-template'),
};
