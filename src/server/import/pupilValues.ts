/**
 * Reading one cell of a pupil import: dates, yes/no flags, SEN status, gender, NC year and UPN as MIS exports
 * write them. Each reader returns the value, or a sentence saying what is wrong for the admin to fix.
 */
import { isValidDate } from '../../domain/calendarDate.js';
import { describeUpnProblem, normaliseUpn } from '../../domain/upn.js';

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(message: string): Read<T> => ({ ok: false, message });

/** Letters and digits only, lower case: "EHC Plan" → "ehcplan". */
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * A cell as the file means it. Our own export (like the office's register export) puts an apostrophe before
 * text a spreadsheet would run as a formula ("+44 7700…" → "'+44 7700…"); reading it back takes it off.
 */
export function cellText(raw: string): string {
  return /^'[=+\-@\t\r]/.test(raw) ? raw.slice(1) : raw;
}

/** DD/MM/YYYY (English MIS exports) or YYYY-MM-DD; a spreadsheet's " 00:00" time after the date is ignored. */
export function readDate(text: string): Read<string> {
  const value = text.replace(/\s+00:00(:00)?$/, '');
  let iso: string | null = null;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (uk) iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  if (iso === null) return bad(`"${text}" is not a date: write dates as DD/MM/YYYY or YYYY-MM-DD.`);
  if (!isValidDate(iso)) return bad(`${text} is not a real date.`);
  return ok(iso);
}

const YES = new Set(['y', 'yes', 'true', '1', 't']);
const NO = new Set(['', 'n', 'no', 'false', '0', 'f']);

/** Y/N, Yes/No, True/False, 1/0; an empty cell is No (MIS exports leave "No" blank). */
export function readFlag(text: string): Read<boolean> {
  const key = squash(text);
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return bad(`"${text}" is not yes or no: use Y or N (Yes/No, True/False and 1/0 are read too).`);
}

export type SenStatus = 'none' | 'K' | 'E';
const SEN: Record<string, SenStatus> = {
  '': 'none', n: 'none', no: 'none', none: 'none', nosen: 'none', nospecialeducationalneed: 'none', nospecialeducationalneeds: 'none',
  k: 'K', sensupport: 'K', support: 'K', senk: 'K',
  e: 'E', ehc: 'E', ehcp: 'E', ehcplan: 'E', educationhealthandcareplan: 'E', educationhealthcareplan: 'E', sene: 'E',
};

/** The census codes N, K and E, or their words ("SEN Support", "EHC Plan"); empty is none. */
export function readSenStatus(text: string): Read<SenStatus> {
  const status = SEN[squash(text)];
  return status ? ok(status) : bad(`"${text}" is not a SEN status: use N (none), K (SEN support) or E (EHC plan).`);
}

export type Gender = 'M' | 'F' | 'X';
const GENDER: Record<string, Gender | null> = { m: 'M', male: 'M', boy: 'M', f: 'F', female: 'F', girl: 'F', x: 'X', other: 'X', '': null, u: null, unknown: null, notknown: null, notstated: null };

/** M/F, Male/Female (Boy/Girl), X as the pupil form records it (so the export reads back); empty, U and "Unknown" are not recorded. */
export function readGender(text: string): Read<Gender | null> {
  const gender = GENDER[squash(text)];
  return gender !== undefined ? ok(gender) : bad(`"${text}" is not a gender the register records: use M, F or X, or leave it empty.`);
}

/** Nursery 1 and 2 are -2 and -1, Reception 0, then Years 1 to 14 (the domain's yearGroupOf numbering). */
export function readYear(text: string): Read<number | null> {
  const key = squash(text);
  if (key === '') return ok(null);
  if (['r', 'yr', 'rec', 'reception', 'year0', '0'].includes(key)) return ok(0);
  if (['n1', 'nursery1'].includes(key)) return ok(-2);
  if (['n2', 'nursery2', 'nursery', 'n'].includes(key)) return ok(-1);
  const match = /^(?:y|yr|year|nc|ncyear)?(\d{1,2})$/.exec(key);
  const year = match ? Number(match[1]) : NaN;
  if (year >= 1 && year <= 14) return ok(year);
  return bad(`"${text}" is not an NC year: use R, N1, N2 or 1 to 14 ("Year 3" and "Y3" are read too).`);
}

/** Year group as the export writes it: R, N1, N2 or the number. */
export function formatYear(year: number | null): string {
  if (year === null) return '';
  if (year === 0) return 'R';
  if (year === -1) return 'N2';
  if (year === -2) return 'N1';
  return String(year);
}

/** A UPN with its check letter verified; empty is none (the pupil is matched by name and date of birth). */
export function readUpn(text: string): Read<string | null> {
  const upn = normaliseUpn(text);
  if (upn === '') return ok(null);
  const problem = describeUpnProblem(upn);
  return problem ? bad(problem) : ok(upn);
}

/** DD/MM/YYYY, as the export writes dates (and English MIS exports do). */
export function formatUkDate(iso: string | null): string {
  if (!iso) return '';
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
