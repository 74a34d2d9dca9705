/**
 * How the office's register records show a cell: the colour group of a code (from its statistical class,
 * DOMAIN.md §3), the words for it, and times and percentages written the British way in the school's time
 * zone. Shared by the pupil register, the cell panel and the day register so they never disagree.
 */
import { findCode } from '../../../domain/codes';
import type { CodeClass } from '../../office/officeApi';

/** The colour groups of the legend. The three classes that do not count as possible share one. */
export type CellGroup = 'present' | 'aea' | 'authorised' | 'unauthorised' | 'not-counted' | 'unrecognised' | 'unmarked';

export const CELL_LEGEND: ReadonlyArray<{ group: CellGroup; label: string; examples: string }> = [
  { group: 'present', label: 'Present', examples: '/ \\ L' },
  { group: 'aea', label: 'Approved educational activity (counts as present)', examples: 'K V P W B' },
  { group: 'authorised', label: 'Authorised absence', examples: 'I M C R …' },
  { group: 'unauthorised', label: 'Unauthorised absence', examples: 'N O G U' },
  { group: 'not-counted', label: 'Not counted (unable to attend, another school, not on roll, closed)', examples: 'Y1–Y7 Q X D Z #' },
  { group: 'unrecognised', label: 'Code not recognised (old records)', examples: '' },
  { group: 'unmarked', label: 'No code yet', examples: '–' },
];

const LABELS = new Map(CELL_LEGEND.map((l) => [l.group, l.label]));

export function groupOfClass(cls: CodeClass | null | undefined): CellGroup {
  if (!cls) return 'unmarked';
  if (cls === 'not-possible' || cls === 'not-counted' || cls === 'not-collected') return 'not-counted';
  return cls;
}

/** For a code the server did not classify (the day register): the national table decides. */
export function groupOfCode(code: string | null): CellGroup {
  if (code === null) return 'unmarked';
  return groupOfClass(findCode(code)?.class ?? 'unrecognised');
}

export const groupLabel = (group: CellGroup): string => LABELS.get(group) ?? '';

/** "I: ill" — the code with a few plain words, or the code alone when it is not a national one. */
export function describeCode(code: string): string {
  const found = findCode(code);
  return found ? `${code}: ${found.plainMeaning}` : code;
}

export const sessionWord = (session: 'AM' | 'PM') => (session === 'AM' ? 'morning' : 'afternoon');

/** "24 Nov 2026, 09:04:30" in the school's time zone, whatever the computer's own zone or language. */
export function formatInstant(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(ms);
}

/**
 * One decimal place, rounded down: 89.97% shows as 89.9%, never as 90.0% beside a "persistent absence"
 * notice (the server decides PA and SA on whole numbers, not on this rounded figure).
 */
export function formatPercent(p: number | null): string {
  if (p === null) return 'no possible sessions yet';
  return `${(Math.floor(p * 10 + 1e-9) / 10).toFixed(1)}%`;
}
