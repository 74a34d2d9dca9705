/**
 * The national attendance codes for England from 19 August 2024, plus the codes retired that day.
 *
 * The statistical class of a code decides all the arithmetic (possible sessions, attendance and absence
 * percentages), so every code carries its class and whether the session counts as possible. Retired codes
 * are kept because imported history may contain them: they keep their old meaning, are read-only and are
 * never offered for new entries. Codes are case-sensitive symbols: `n` is not `N`.
 */

export type CodeClass =
  | 'present'
  | 'aea'
  | 'authorised'
  | 'unauthorised'
  | 'not-possible'
  | 'not-counted'
  | 'not-collected';

export interface AttendanceCode {
  code: string;
  /** The official short meaning. */
  meaning: string;
  /** A few plain words a teacher would understand. */
  plainMeaning: string;
  class: CodeClass;
  /** Whether the session counts in the pupil's possible sessions. */
  possible: boolean;
  /** Retired in 2024: known for old records, never entered again. */
  retired: boolean;
}

export type Session = 'AM' | 'PM';

/** The only marks a teacher or TA taking a register may enter. */
export type TeacherMark = '/' | '\\' | 'N';

/** "Possible" follows from the class: only sessions a pupil could have attended count. */
const POSSIBLE_BY_CLASS: Record<CodeClass, boolean> = {
  present: true,
  aea: true,
  authorised: true,
  unauthorised: true,
  'not-possible': false,
  'not-counted': false,
  'not-collected': false,
};

function current(code: string, cls: CodeClass, meaning: string, plainMeaning: string): AttendanceCode {
  return Object.freeze({ code, meaning, plainMeaning, class: cls, possible: POSSIBLE_BY_CLASS[cls], retired: false });
}

function retired(code: string, cls: CodeClass, meaning: string, plainMeaning: string): AttendanceCode {
  return Object.freeze({ code, meaning, plainMeaning, class: cls, possible: POSSIBLE_BY_CLASS[cls], retired: true });
}

export const ATTENDANCE_CODES: readonly AttendanceCode[] = Object.freeze([
  current('/', 'present', 'Present (AM)', 'present, morning'),
  current('\\', 'present', 'Present (PM)', 'present, afternoon'),
  current('L', 'present', 'Late arrival before the register closed', 'late, arrived before the register closed'),

  current('K', 'aea', 'Attending education provision arranged by the local authority', 'education arranged by the council'),
  current('V', 'aea', 'Attending an educational visit or trip', 'educational visit or trip'),
  current('P', 'aea', 'Participating in an approved sporting activity', 'approved sporting activity'),
  current('W', 'aea', 'Attending work experience', 'work experience'),
  current('B', 'aea', 'Attending any other approved educational activity', 'other approved activity off site'),

  current('D', 'not-counted', 'Dual registered: attending another school', 'at their other school'),

  current('C1', 'authorised', 'Leave of absence: regulated performance or employment abroad', 'performance or licensed work'),
  current('M', 'authorised', 'Leave of absence: medical or dental appointment', 'medical appointment'),
  current('J1', 'authorised', 'Leave of absence: interview', 'interview'),
  current('S', 'authorised', 'Leave of absence: study for a public examination', 'exam study leave'),
  current('C2', 'authorised', 'Leave of absence: part-time timetable', 'agreed part-time timetable'),
  current('C', 'authorised', 'Leave of absence: exceptional circumstances', 'leave agreed by the school'),
  current('T', 'authorised', 'Parent travelling for occupational purposes', 'travelling with parent for work'),
  current('R', 'authorised', 'Religious observance', 'religious observance'),
  current('I', 'authorised', 'Illness (not medical or dental appointment)', 'ill'),
  current('E', 'authorised', 'Suspended or excluded, no alternative provision made', 'suspended or excluded'),

  current('Q', 'not-possible', 'Unable to attend: lack of access arrangements', 'access to school not arranged'),
  current('Y1', 'not-possible', 'Unable to attend: transport normally provided not available', 'school transport not available'),
  current('Y2', 'not-possible', 'Unable to attend: widespread disruption to travel', 'widespread travel disruption'),
  current('Y3', 'not-possible', 'Unable to attend: part of the school premises closed', 'part of the school closed'),
  current('Y4', 'not-possible', 'Unable to attend: whole school site unexpectedly closed', 'school closed unexpectedly'),
  current('Y5', 'not-possible', 'Unable to attend: criminal justice detention', 'held in detention'),
  current('Y6', 'not-possible', 'Unable to attend: public health guidance or law', 'kept away on public health advice'),
  current('Y7', 'not-possible', 'Unable to attend: any other unavoidable cause', 'other unavoidable reason'),
  current('X', 'not-possible', 'Not of compulsory school age and not required to attend', 'not required to attend (under or over school age)'),

  current('G', 'unauthorised', 'Holiday not granted by the school', 'holiday the school did not agree'),
  current('N', 'unauthorised', 'Reason for absence not yet established', 'absent, reason not known yet'),
  current('O', 'unauthorised', 'Absent in other or unknown circumstances', 'absent without a good reason'),
  current('U', 'unauthorised', 'Arrived in school after the register closed', 'late, after the register closed'),

  current('Z', 'not-collected', 'Prospective pupil not on the admission register', 'not on roll yet'),
  current('#', 'not-collected', 'Planned whole or partial school closure', 'school closed (planned)'),

  retired('H', 'authorised', 'Authorised family holiday (retired 2024)', 'family holiday agreed (old code)'),
  retired('J', 'authorised', 'Interview (retired 2024)', 'interview (old code)'),
  retired('Y', 'not-possible', 'Unable to attend due to exceptional circumstances (retired 2024)', 'unable to attend (old code)'),
  retired('F', 'unauthorised', 'Extended family holiday not agreed (retired)', 'extended holiday not agreed (old code)'),
]);

const CODES_BY_SYMBOL: ReadonlyMap<string, AttendanceCode> = new Map(ATTENDANCE_CODES.map((c) => [c.code, c]));

export function findCode(code: string): AttendanceCode | undefined {
  return CODES_BY_SYMBOL.get(code);
}

/** Known and still in use: the only codes anyone may enter from now on. */
export function isCurrentCode(code: string): boolean {
  const found = findCode(code);
  return found !== undefined && !found.retired;
}

export function presentSymbol(session: Session): '/' | '\\' {
  return session === 'AM' ? '/' : '\\';
}

/**
 * Turns what a teacher's device sent into the symbol to store, or null when a teacher may not enter it.
 * Present is one tap whatever symbol the device used; the session decides whether it is stored as `/` or `\`.
 */
export function normaliseTeacherMark(mark: string, session: Session): TeacherMark | null {
  if (mark === '/' || mark === '\\') return presentSymbol(session);
  if (mark === 'N') return 'N';
  return null;
}

export function isTeacherMark(code: string): code is TeacherMark {
  return code === '/' || code === '\\' || code === 'N';
}

export function isPresentCode(code: string): boolean {
  return findCode(code)?.class === 'present';
}

/** Authorised or unauthorised absence: what persistent and severe absence count. */
export function isAbsenceCode(code: string): boolean {
  const cls = findCode(code)?.class;
  return cls === 'authorised' || cls === 'unauthorised';
}

/** Picker order: the codes the office uses most come first, the ones the system mostly sets come last. */
export const CODE_CLASS_LABELS: ReadonlyArray<{ class: CodeClass; label: string }> = Object.freeze([
  { class: 'present', label: 'Present' },
  { class: 'aea', label: 'Approved educational activity (counts as present)' },
  { class: 'authorised', label: 'Authorised absence' },
  { class: 'unauthorised', label: 'Unauthorised absence' },
  { class: 'not-possible', label: 'Unable to attend (not counted as a possible session)' },
  { class: 'not-counted', label: 'Dual registration (not counted)' },
  { class: 'not-collected', label: 'Not on roll or school closed (not collected)' },
]);

/** Current codes grouped by class, in table order within each group. Retired codes are never offered. */
export function codesByClass(): Array<{ class: CodeClass; label: string; codes: AttendanceCode[] }> {
  return CODE_CLASS_LABELS.map(({ class: cls, label }) => ({
    class: cls,
    label,
    codes: ATTENDANCE_CODES.filter((c) => c.class === cls && !c.retired),
  }));
}
