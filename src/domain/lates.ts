/**
 * Late arrivals (DOMAIN.md §4): which code the office should record for a pupil who arrived after the
 * register opened.
 *
 * Minutes late count from when the register OPENS, not from when it closes: a pupil arriving at 09:00 for a
 * register opening at 08:45 is 15 minutes late. Arriving before the register closes is `L` (present); arriving
 * at or after it closes is `U` (on site, but an unauthorised absence for the statistics). The office may still
 * choose a better code when there is a reason, for example `M` for a pupil coming from a medical appointment;
 * this is only the proposal.
 *
 * Both instants come from registerOpensAt/registerClosesAt, which work in elapsed time, so a register on the
 * day the clocks change is still open for exactly its configured minutes.
 */
import type { Session } from './codes';
import { registerClosesAt, registerOpensAt, type SessionTimes } from './registerWindow';
import { localDateOf, localTimeOf } from './time';

const MS_PER_MINUTE = 60_000;

export interface LateProposal {
  code: 'L' | 'U';
  /** Whole minutes after the register opened, rounded down; 0 for an arrival at or before the opening. */
  minutesLate: number;
  /** When the register closed, `HH:MM` school-local. */
  registerClosedAt: string;
}

/**
 * Throws a RangeError when the arrival is on a different school-local date from the register: a late for
 * Monday's register cannot be an arrival on Tuesday, so that is the caller's bug, not a very late `U`.
 */
export function proposeLateCode(p: {
  arrivedAt: number;
  date: string;
  session: Session;
  timeZone: string;
  sessions: Record<Session, SessionTimes>;
}): LateProposal {
  const arrivalDate = localDateOf(p.arrivedAt, p.timeZone);
  if (arrivalDate !== p.date) {
    throw new RangeError(`The arrival was on ${arrivalDate}, not on the register's date ${p.date}.`);
  }
  const opensAt = registerOpensAt(p.date, p.session, p.timeZone, p.sessions);
  const closesAt = registerClosesAt(p.date, p.session, p.timeZone, p.sessions);
  return {
    code: p.arrivedAt < closesAt ? 'L' : 'U',
    minutesLate: Math.max(0, Math.floor((p.arrivedAt - opensAt) / MS_PER_MINUTE)),
    registerClosedAt: localTimeOf(closesAt, p.timeZone),
  };
}

function minutesInWords(minutes: number): string {
  if (minutes === 0) return 'less than a minute late';
  return minutes === 1 ? '1 minute late' : `${minutes} minutes late`;
}

/** One plain sentence for the office, e.g. "Arrived 12 minutes late, before the register closed at 09:20: L". */
export function describeLateProposal(proposal: LateProposal): string {
  const when = proposal.code === 'L' ? 'before' : 'after';
  return `Arrived ${minutesInWords(proposal.minutesLate)}, ${when} the register closed at ${proposal.registerClosedAt}: ${proposal.code}`;
}
