/**
 * A pupil's (or a cohort's) marks counted by the statistical class of their codes (DOMAIN.md §3, §6), which
 * is all the attendance figures need. The SQL sums by class too (blockTalliesRepository.ts), so a school's
 * year comes back as one row per pupil rather than one per pupil and code (rows cost most on PGlite).
 */
import { findCode } from '../../domain/codes.js';
import { emptyCounts, type AttendanceCounts } from '../../domain/statistics.js';

export interface ClassTally {
  present: number;
  aea: number;
  authorised: number;
  unauthorised: number;
  /** Codes the national table does not know (counted apart, as the pupil page does). */
  unrecognised: number;
  /** Every mark, possible or not: the sessions on roll less these are unmarked. */
  marked: number;
}

export const emptyTally = (): ClassTally => ({ present: 0, aea: 0, authorised: 0, unauthorised: 0, unrecognised: 0, marked: 0 });

/** Adds `n` marks of `code` (n may be negative: marks taken away). */
export function addCode(tally: ClassTally, code: string, n: number): void {
  tally.marked += n;
  switch (findCode(code)?.class) {
    case 'present': tally.present += n; break;
    case 'aea': tally.aea += n; break;
    case 'authorised': tally.authorised += n; break;
    case 'unauthorised': tally.unauthorised += n; break;
    case undefined: tally.unrecognised += n; break;
    default: // not possible, not counted, not collected: a mark, but not a possible session
  }
}

export function addTally(into: ClassTally, from: ClassTally): void {
  into.present += from.present;
  into.aea += from.aea;
  into.authorised += from.authorised;
  into.unauthorised += from.unauthorised;
  into.unrecognised += from.unrecognised;
  into.marked += from.marked;
}

export function countsOf(tally: ClassTally): AttendanceCounts {
  const counts = emptyCounts();
  counts.present = tally.present;
  counts.aea = tally.aea;
  counts.authorised = tally.authorised;
  counts.unauthorised = tally.unauthorised;
  counts.unrecognised = tally.unrecognised;
  counts.possible = tally.present + tally.aea + tally.authorised + tally.unauthorised;
  return counts;
}
