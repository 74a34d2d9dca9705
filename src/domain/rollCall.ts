/**
 * Where a pupil is for the fire roll call: on site, signed out, known to be away, or not accounted for.
 *
 * Guarantees:
 * - A pupil is never reported as away merely because nobody has marked them yet. With no mark in the current
 *   session's register (the register not taken, or taken only in part) and nothing in the signing-out book,
 *   the pupil is "unaccounted": the office must look for them by name.
 * - The current session is the afternoon once its register has opened, otherwise the morning (even before
 *   the morning register opens: teachers may mark from an hour before, and the office enters known absences
 *   ahead). On a day that is not a school day there is no register and no pupil is expected.
 * - Before the afternoon register has a mark for a pupil, the morning's decides: present, `L` or `U` this
 *   morning counts as on site (they were here); any absence code this morning counts as away; no morning mark
 *   either leaves the pupil unaccounted.
 * - `U` (arrived after the register closed) is on site, though it counts as absence in the statistics.
 * - The signing-out book overrides the register: the latest entry that day, sign-out or sign-in, decides.
 */
import { isPresentCode, type Session } from './codes';

export type SiteEntryKind = 'signout' | 'signin';

export interface RollCallInput {
  /** The register the roll call reads: null on a day that is not a school day. */
  currentSession: Session | null;
  /** The pupil's codes today, by session (absent when that session has no mark). */
  codes: Partial<Record<Session, string>>;
  /** The pupil's latest signing-out book entry today up to the roll call's time, if any. */
  siteEntry?: SiteEntryKind;
}

export type RollCallPlace =
  /** by: which record says so. */
  | { where: 'on site'; by: 'register' | 'morning register' | 'signed in' }
  | { where: 'signed out' }
  | { where: 'away' }
  | { where: 'unaccounted' };

/** Present (`/`, `\`, `L`) or `U`: the pupil was in school for that session. */
export function isOnSiteCode(code: string): boolean {
  return isPresentCode(code) || code === 'U';
}

/** The afternoon once its register has opened, else the morning; null when the day is not a school day. */
export function currentRegisterSession(isSchoolDay: boolean, afternoonOpened: boolean): Session | null {
  if (!isSchoolDay) return null;
  return afternoonOpened ? 'PM' : 'AM';
}

export function rollCallPlace({ currentSession, codes, siteEntry }: RollCallInput): RollCallPlace {
  if (siteEntry === 'signin') return { where: 'on site', by: 'signed in' };
  if (siteEntry === 'signout') return { where: 'signed out' };
  if (currentSession === null) return { where: 'away' };
  const current = codes[currentSession];
  if (current !== undefined) return isOnSiteCode(current) ? { where: 'on site', by: 'register' } : { where: 'away' };
  const morning = currentSession === 'PM' ? codes.AM : undefined;
  if (morning !== undefined) return isOnSiteCode(morning) ? { where: 'on site', by: 'morning register' } : { where: 'away' };
  return { where: 'unaccounted' };
}
