/**
 * Attendance arithmetic (DOMAIN.md §6): possible sessions, attendance and absence percentages, and persistent
 * and severe absence.
 *
 * A school summarises every pupil's year at once (about 1,500 pupils × 380 sessions), so counting is a tight
 * loop over a lookup table from code to statistical class, built once from the code table, with nothing
 * allocated per code. Retired codes in imported history count by the class they had.
 *
 * Counts are kept apart from the summary so that counts for several pupils, or several date ranges, can be
 * added together first and summarised once (a class's or the school's figures).
 */
import { ATTENDANCE_CODES, type CodeClass } from './codes';

export { bandFor, validateBands } from './attendanceBands';
export type { AttendanceBand, BandProblem, BandProblemKind } from './attendanceBands';

export interface AttendanceCounts {
  /** Sessions whose code counts as possible: present, AEA, authorised and unauthorised. */
  possible: number;
  present: number;
  /** Approved educational activity: off site, but counted as attending. */
  aea: number;
  authorised: number;
  /** Includes `N` (reason not yet known) and `U` (arrived after the register closed). */
  unauthorised: number;
  /** Codes that are not in the code table at all; never counted as possible. A report should mention them. */
  unrecognised: number;
}

export interface AttendanceSummary extends AttendanceCounts {
  /** (present + AEA) ÷ possible × 100, unrounded; null when there are no possible sessions. */
  attendancePercent: number | null;
  /** (authorised + unauthorised) ÷ possible × 100, unrounded; null when there are no possible sessions. */
  absencePercent: number | null;
  /** Absence is at least 10% of possible sessions. */
  persistentAbsence: boolean;
  /** Absence is at least 50% of possible sessions. */
  severeAbsence: boolean;
}

// Small integers, so the lookup returns a number and the loop below can switch on it.
const UNRECOGNISED = -1;
const NOT_POSSIBLE = 0;
const PRESENT = 1;
const AEA = 2;
const AUTHORISED = 3;
const UNAUTHORISED = 4;

const KIND_OF_CLASS: Record<CodeClass, number> = {
  present: PRESENT,
  aea: AEA,
  authorised: AUTHORISED,
  unauthorised: UNAUTHORISED,
  'not-possible': NOT_POSSIBLE,
  'not-counted': NOT_POSSIBLE,
  'not-collected': NOT_POSSIBLE,
};

/*
 * Every code is one or two ASCII characters, so its kind can be read straight from a flat table indexed by
 * its character codes: no hashing and nothing allocated. It measured faster than a Map, especially before
 * the JIT has warmed up, which is when a one-off report runs. 16 KB is a fair price for that.
 */
const ASCII = 128;
const KIND_TABLE = new Int8Array(ASCII * ASCII).fill(UNRECOGNISED);

/** The table slot for a code, or -1 for a string that cannot be a code (wrong length, not ASCII). */
function slotOf(code: string): number {
  const first = code.charCodeAt(0);
  if (code.length === 1) return first < ASCII ? first * ASCII : -1;
  if (code.length !== 2) return -1;
  const second = code.charCodeAt(1);
  // A second character of 0 would share the slot of the one-character code.
  return first < ASCII && second > 0 && second < ASCII ? first * ASCII + second : -1;
}

for (const c of ATTENDANCE_CODES) {
  const slot = slotOf(c.code);
  if (slot < 0) throw new Error(`Code ${JSON.stringify(c.code)} does not fit the statistics lookup table`);
  KIND_TABLE[slot] = KIND_OF_CLASS[c.class];
}

function kindOf(code: string): number {
  const slot = slotOf(code);
  return slot < 0 ? UNRECOGNISED : KIND_TABLE[slot];
}

export function emptyCounts(): AttendanceCounts {
  return { possible: 0, present: 0, aea: 0, authorised: 0, unauthorised: 0, unrecognised: 0 };
}

export function countCodes(codes: Iterable<string>): AttendanceCounts {
  let present = 0;
  let aea = 0;
  let authorised = 0;
  let unauthorised = 0;
  let unrecognised = 0;
  for (const code of codes) {
    switch (kindOf(code)) {
      case PRESENT:
        present++;
        break;
      case AEA:
        aea++;
        break;
      case AUTHORISED:
        authorised++;
        break;
      case UNAUTHORISED:
        unauthorised++;
        break;
      case NOT_POSSIBLE:
        break;
      default:
        unrecognised++;
    }
  }
  const possible = present + aea + authorised + unauthorised;
  return { possible, present, aea, authorised, unauthorised, unrecognised };
}

export function addCounts(a: AttendanceCounts, b: AttendanceCounts): AttendanceCounts {
  return {
    possible: a.possible + b.possible,
    present: a.present + b.present,
    aea: a.aea + b.aea,
    authorised: a.authorised + b.authorised,
    unauthorised: a.unauthorised + b.unauthorised,
    unrecognised: a.unrecognised + b.unrecognised,
  };
}

/** Multiplying before dividing keeps whole percentages exact: 9 of 10 is 90, not 90.00000000000001. */
function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (part * 100) / whole;
}

/**
 * PA and SA compare whole numbers (absence × 10 ≥ possible, absence × 2 ≥ possible), never a rounded
 * percentage, so a pupil at 9.99% is not persistently absent and one at exactly 10% is.
 */
export function summariseCounts(counts: AttendanceCounts): AttendanceSummary {
  const absence = counts.authorised + counts.unauthorised;
  const hasPossible = counts.possible > 0;
  return {
    ...counts,
    attendancePercent: percentOf(counts.present + counts.aea, counts.possible),
    absencePercent: percentOf(absence, counts.possible),
    persistentAbsence: hasPossible && absence * 10 >= counts.possible,
    severeAbsence: hasPossible && absence * 2 >= counts.possible,
  };
}

/** One pupil's (or any set of sessions') figures from their effective codes. */
export function summariseAttendance(codes: Iterable<string>): AttendanceSummary {
  return summariseCounts(countCodes(codes));
}
