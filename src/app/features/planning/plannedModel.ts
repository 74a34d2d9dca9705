/** Shared by the planned-absence and bulk-code forms: the class lists from today's registers, weekdays, wording. */
import { formatShortDate, sessionLabel } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { addDays, isoWeekday } from '../../../domain/time';
import type { OfficeRegistersResponse } from '../../sync/api';

export type Session = 'AM' | 'PM';
export const SESSIONS: Session[] = ['AM', 'PM'];
export const WEEKDAYS = [
  { n: 1, short: 'Mon', long: 'Monday' },
  { n: 2, short: 'Tue', long: 'Tuesday' },
  { n: 3, short: 'Wed', long: 'Wednesday' },
  { n: 4, short: 'Thu', long: 'Thursday' },
  { n: 5, short: 'Fri', long: 'Friday' },
];
export const MAX_NOTE = 500;
export const MAX_BULK_DATES = 366;

export interface RosterPupil {
  pupilId: string;
  name: string;
  groupId: string;
  groupName: string;
}
export interface RosterClass {
  id: string;
  name: string;
  pupils: RosterPupil[];
}

/** Every class and its pupils on roll, from today's registers (each class appears once per session there). */
export function rosterClasses(data: OfficeRegistersResponse | null): RosterClass[] {
  const classes = new Map<string, RosterClass>();
  for (const r of data?.registers ?? []) {
    const c = classes.get(r.groupId) ?? { id: r.groupId, name: r.groupName, pupils: [] };
    classes.set(r.groupId, c);
    for (const p of r.pupils) {
      if (!c.pupils.some((x) => x.pupilId === p.pupilId)) c.pupils.push({ pupilId: p.pupilId, name: p.name, groupId: r.groupId, groupName: r.groupName });
    }
  }
  return [...classes.values()];
}

/** Monday to Friday from `from` to `to` inclusive (the server then leaves out holidays and closures). */
export function weekdaysBetween(from: string, to: string, limit = MAX_BULK_DATES + 1): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to && dates.length < limit; d = addDays(d, 1)) if (isoWeekday(d) <= 5) dates.push(d);
  return dates;
}

export const dateWithYear = (d: string) => `${formatShortDate(d)} ${d.slice(0, 4)}`;
export const dateRange = (from: string, to: string) => (from === to ? dateWithYear(from) : `${dateWithYear(from)} to ${dateWithYear(to)}`);
export const sessionsText = (sessions: Session[]) => (sessions.length === 2 ? 'Morning and afternoon' : sessionLabel(sessions[0]));
export const weekdaysText = (weekdays: number[] | undefined) =>
  !weekdays || weekdays.length >= 5 ? 'Every weekday' : WEEKDAYS.filter((w) => weekdays.includes(w.n)).map((w) => w.short).join(', ');
export const codeText = (code: string) => `${code}: ${findCode(code)?.plainMeaning ?? 'code'}`;
