/**
 * One pupil's register cells as the threshold rules read them: the effective code of each session.
 */
import type { Session } from './codes';
import { parseDate } from './calendarDate';

export interface RegisterCell {
  date: string;
  session: Session;
  /** The effective code (the office's if set, else the teacher's). */
  code: string;
}

/** Morning before afternoon, so cells sort into the order the sessions happened. */
export function compareCells(a: RegisterCell, b: RegisterCell): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.session === b.session) return 0;
  return a.session === 'AM' ? -1 : 1;
}

/**
 * Checks the cells are one pupil's and sorts a copy. Throws a RangeError for a malformed date or two cells
 * for the same session: the caller should pass one effective code per session, and counting a session twice
 * would push a pupil over a threshold they have not reached.
 */
export function sortedCells<C extends RegisterCell>(cells: Iterable<C>): C[] {
  const sorted = [...cells].sort(compareCells);
  for (let i = 0; i < sorted.length; i++) {
    parseDate(sorted[i].date);
    if (sorted[i].session !== 'AM' && sorted[i].session !== 'PM') {
      throw new RangeError(`Not a session: "${String(sorted[i].session)}"`);
    }
    if (i > 0 && compareCells(sorted[i - 1], sorted[i]) === 0) {
      throw new RangeError(`Two cells for ${sorted[i].date} ${sorted[i].session}: pass one code per session.`);
    }
  }
  return sorted;
}
