/** Query-string helpers shared by the office's GET endpoints: dates, with today at the school as the default. */
import { isValidDate, localDateOf } from '../../domain/time.js';
import { HttpError } from '../httpError.js';

export const OFFICE_ROLES = ['office', 'admin'] as const;

/** Today's date at the school, by the server's clock. */
export function schoolToday(now: number, timeZone: string): string {
  return localDateOf(now, timeZone);
}

/** A date from the query string, or the fallback; 400 when it is not a real YYYY-MM-DD date. */
export function queryDate(value: unknown, fallback: string, name = 'date'): string {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || !isValidDate(value)) {
    throw new HttpError(400, 'bad_request', `${name} "${String(value)}" is not a date: use YYYY-MM-DD.`);
  }
  return value;
}

/** A comma-separated list from the query string ("AM,PM"), empty items dropped. */
export function queryList(value: unknown): string[] {
  if (value === undefined || value === '') return [];
  if (typeof value !== 'string') throw new HttpError(400, 'bad_request', 'A list is written as comma-separated values, once.');
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

export function badRequest(message: string, code = 'bad_request'): HttpError {
  return new HttpError(400, code, message);
}

/** A pupil's name as the office reads it in lists: preferred (or first) name and surname. */
export const pupilName = (p: { firstName: string; lastName: string; preferredName: string | null }) =>
  `${p.preferredName ?? p.firstName} ${p.lastName}`;

/** Name order for lists: surname, then first name, then id, so the order is the same on every engine. */
export function byName(a: { firstName: string; lastName: string; pupilId?: string; id?: string }, b: typeof a): number {
  return a.lastName.localeCompare(b.lastName, 'en-GB') || a.firstName.localeCompare(b.firstName, 'en-GB') ||
    String(a.pupilId ?? a.id ?? '').localeCompare(String(b.pupilId ?? b.id ?? ''));
}
