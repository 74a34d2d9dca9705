import type { PupilValue } from '../db/types';

/** "Preferred-or-first Last", as a teacher says it. */
export function displayName(p: Pick<PupilValue, 'firstName' | 'lastName' | 'preferredName'>): string {
  return `${p.preferredName || p.firstName} ${p.lastName}`;
}

/** Register order: surname, then first name (locale-aware, accents ignored). */
export function compareByRegisterOrder(a: PupilValue, b: PupilValue): number {
  const opts = { sensitivity: 'base' } as const;
  return a.lastName.localeCompare(b.lastName, 'en-GB', opts) || a.firstName.localeCompare(b.firstName, 'en-GB', opts) || a.id.localeCompare(b.id);
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Weekday 0 = Monday, from a local date (no time zone involved: it is already a date on the school calendar). */
function parts(date: string) {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return { y, m, d, weekday };
}

/** "Tuesday 24 November 2026" (British order, no commas, whatever the browser's ICU prefers). */
export function formatLongDate(date: string): string {
  const { y, m, d, weekday } = parts(date);
  return `${DAYS[weekday]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Tue 24 Nov". */
export function formatShortDate(date: string): string {
  const { m, d, weekday } = parts(date);
  return `${DAYS[weekday].slice(0, 3)} ${d} ${MONTHS[m - 1].slice(0, 3)}`;
}

export const sessionLabel = (session: 'AM' | 'PM') => (session === 'AM' ? 'Morning' : 'Afternoon');

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The object pronoun a title implies ("Ms Patel" → her, "Mr Brown" → him); "them" when the name does not say. */
export function objectPronoun(name: string | null): string {
  if (name && /^(ms|mrs|miss)\b/i.test(name)) return 'her';
  if (name && /^mr\b/i.test(name)) return 'him';
  return 'them';
}

/** Letters that Unicode does not take apart into a base letter and a mark, folded by hand ("lukasz" finds Łukasz). */
const LETTERS_WITHOUT_MARKS: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th' };

/**
 * A name or a search as every pupil search compares it: accents, case and apostrophes folded away ("Zając",
 * "zajac" and "ZAJĄC" are one; "O’Brien" is "obrien"). Plain string work, not Intl.Collator, which loads
 * collation data the first time (see docs/decisions.md). The teacher's register sorts and filters by it too.
 */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łøđðħıßæœþ]/g, (c) => LETTERS_WITHOUT_MARKS[c])
    .replace(/['’‘`]/g, '');
}

/**
 * The office's pupil search: every word typed begins a word of the name, accents and case aside ("am sm"
 * finds Amy Smith, "zajac" finds Zofia Zając, "smith" finds Lily Jones-Smith, "obrien" and "brien" find
 * O’Brien). Nothing typed matches nothing.
 */
export function nameMatchesSearch(name: string, typed: string): boolean {
  const wanted = foldName(typed).split(/[\s,]+/).filter(Boolean);
  if (wanted.length === 0) return false;
  const parts = name.split(/[\s-]+/);
  // "O’Brien" is found by "obrien" and by "brien": the part after an apostrophe starts a word too.
  const words = [...parts, ...parts.flatMap((part) => part.split(/['’‘`]/).slice(1))].map(foldName);
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}
