/**
 * School-local dates and times.
 *
 * Everything in a register is keyed by the date on the school's wall calendar, never the UTC date: a mark at
 * 00:30 BST belongs to that local date, and the clocks change on the last Sundays of March and October.
 * Instants are epoch milliseconds, dates `YYYY-MM-DD`, times `HH:MM` on a 24-hour clock. Zone rules come from
 * the platform's own time zone data (Intl with full ICU), except for Europe/London, which londonTime.ts works
 * out from the UK's rule because loading the zone data is slow on a tablet (its test checks it against ICU).
 *
 * Calendar-only arithmetic lives in calendarDate.ts and ages in schoolAge.ts; both are re-exported here so
 * callers have one place to import dates and times from.
 */
import { formatDate, pad2, parseDate, utcMidnightOf } from './calendarDate';
import { LONDON, londonOffset } from './londonTime';

export {
  academicYearStart,
  addDays,
  daysBetween,
  daysInMonth,
  formatDate,
  isLeapYear,
  isoWeekday,
  isValidDate,
  lastWeekdayOfMonth,
  parseDate,
} from './calendarDate';
export type { DateParts } from './calendarDate';
export {
  ageOn,
  birthdayAtAge,
  compulsorySchoolAgeEnds,
  compulsorySchoolAgeStarts,
  isCompulsorySchoolAge,
  yearGroupOf,
} from './schoolAge';

export const DEFAULT_TIME_ZONE = 'Europe/London';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// Building a DateTimeFormat is far slower than using one, and statistics turn many instants into dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      // hour12: false can print midnight as "24"; h23 always gives 00-23.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockAt(instant: number, timeZone: string): WallClock {
  if (!Number.isFinite(instant)) throw new RangeError(`Not an instant: ${instant}`);
  const offset = timeZone === LONDON ? londonOffset(instant) : null;
  if (offset !== null) {
    const wall = new Date(instant + offset);
    return {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    };
  }
  const fields: Record<string, number> = {};
  for (const part of wallClockFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    // Belt and braces for older ICU builds that ignore hourCycle.
    hour: fields.hour === 24 ? 0 : fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone === LONDON) return true;
  try {
    wallClockFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localDateOf(instant: number, timeZone: string): string {
  return formatDate(wallClockAt(instant, timeZone));
}

/** The wall-clock time, to the minute (seconds are dropped, not rounded: 08:59:59 is still 08:59). */
export function localTimeOf(instant: number, timeZone: string): string {
  const { hour, minute } = wallClockAt(instant, timeZone);
  return `${pad2(hour)}:${pad2(minute)}`;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in ms (BST gives 3,600,000). */
export function utcOffsetAt(instant: number, timeZone: string): number {
  const wall = wallClockAt(instant, timeZone);
  const wallAsUtc = utcMidnightOf(wall) + ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
  return wallAsUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant at which the zone's wall clock shows this date and time.
 *
 * Where the clocks go forward the time does not exist (01:30 on the last Sunday of March in London); we
 * answer as if the clock had already been moved on, so 01:30 gives 02:30 BST. Where they go back the time
 * happens twice (01:30 on the last Sunday of October); we answer the earlier one, which keeps a register that
 * opens then from opening an hour late. This is the same choice as Temporal's 'compatible'.
 */
export function instantOf(date: string, time: string, timeZone: string): number {
  const wallAsUtc = utcMidnightOf(parseDate(date)) + minutesOfDay(time) * MS_PER_MINUTE;
  // Offsets a day either side bracket any clock change that could affect this wall time.
  const offsetBefore = utcOffsetAt(wallAsUtc - MS_PER_DAY, timeZone);
  const offsetAfter = utcOffsetAt(wallAsUtc + MS_PER_DAY, timeZone);
  const matches = [offsetBefore, offsetAfter]
    .map((offset) => wallAsUtc - offset)
    .filter((candidate) => utcOffsetAt(candidate, timeZone) === wallAsUtc - candidate);
  if (matches.length > 0) return Math.min(...matches);
  // In the gap: read the wall time with the offset from before the change, i.e. the clock moved forward.
  return wallAsUtc - offsetBefore;
}

export function isValidTime(time: string): boolean {
  return TIME_PATTERN.test(time);
}

/** Minutes since midnight for `HH:MM`; throws a RangeError for anything else (including `8:30` and `24:00`). */
export function minutesOfDay(time: string): number {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`Not a time written HH:MM (00:00 to 23:59): "${time}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Clock arithmetic on a time of day: wraps round midnight (23:50 + 20 minutes is 00:10) and knows nothing
 * of dates or clock changes. To cross midnight or a clock change, work with instants instead.
 */
export function addMinutesToTime(time: string, minutes: number): string {
  if (!Number.isInteger(minutes)) throw new RangeError(`Minutes to add must be a whole number, got ${minutes}`);
  const total = (((minutesOfDay(time) + minutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
}
