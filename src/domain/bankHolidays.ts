/**
 * Bank holidays of England and Wales: the standing rules (with substitute days when a holiday falls at a
 * weekend) and the one-off changes proclaimed for particular years (a moved May holiday, a jubilee, a
 * coronation, a state funeral). Pure: dates are civil 'YYYY-MM-DD' strings, worked out on day numbers with
 * Date.UTC only, so no time zone or clock change can shift one.
 *
 * The admin's calendar offers these as closures; the demo school builds its calendar from the standing rules
 * alone (its tests pin eight holidays a year), which is why both lists are exported.
 */

export interface BankHoliday {
  date: string;
  name: string;
}

const MS_PER_DAY = 86_400_000;
const MONDAY = 1;

function dayNumber(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

function fromDayNumber(n: number): string {
  const d = new Date(n * MS_PER_DAY);
  const pad = (v: number, width = 2) => String(v).padStart(width, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function isWeekend(n: number): boolean {
  const w = weekdayOf(n);
  return w === 0 || w === 6;
}

function firstWeekdayOnOrAfter(n: number, weekday: number): number {
  return n + ((weekday - weekdayOf(n) + 7) % 7);
}

function lastWeekdayOnOrBefore(n: number, weekday: number): number {
  return n - ((weekdayOf(n) - weekday + 7) % 7);
}

/** Easter Sunday (Western, Gregorian calendar) by the anonymous Gregorian ("Meeus/Jones/Butcher") algorithm. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromDayNumber(dayNumber(year, month, day));
}

/** The standing rules only, in date order: always eight holidays, none at a weekend. */
export function standardBankHolidays(year: number): BankHoliday[] {
  const out: { n: number; name: string }[] = [];

  const newYear = dayNumber(year, 1, 1);
  out.push(
    isWeekend(newYear)
      ? { n: firstWeekdayOnOrAfter(newYear, MONDAY), name: "New Year's Day (substitute day)" }
      : { n: newYear, name: "New Year's Day" },
  );

  const [ey, em, ed] = easterSunday(year).split('-').map(Number) as [number, number, number];
  const easter = dayNumber(ey, em, ed);
  out.push({ n: easter - 2, name: 'Good Friday' });
  out.push({ n: easter + 1, name: 'Easter Monday' });

  out.push({ n: firstWeekdayOnOrAfter(dayNumber(year, 5, 1), MONDAY), name: 'Early May bank holiday' });
  out.push({ n: lastWeekdayOnOrBefore(dayNumber(year, 5, 31), MONDAY), name: 'Spring bank holiday' });
  out.push({ n: lastWeekdayOnOrBefore(dayNumber(year, 8, 31), MONDAY), name: 'Summer bank holiday' });

  // Christmas Day and Boxing Day: a substitute takes the next weekday not already a holiday. Boxing Day keeps
  // its own date when that is a weekday (Christmas on a Sunday: Boxing Day Monday, Christmas's substitute Tuesday).
  const christmas = dayNumber(year, 12, 25);
  const boxing = christmas + 1;
  const taken = new Set<number>();
  const place = (n: number, name: string) => {
    let d = n;
    if (isWeekend(d) || taken.has(d)) {
      while (isWeekend(d) || taken.has(d)) d++;
      name = `${name} (substitute day)`;
    }
    taken.add(d);
    out.push({ n: d, name });
  };
  if (!isWeekend(boxing)) {
    taken.add(boxing);
    place(christmas, 'Christmas Day');
    out.push({ n: boxing, name: 'Boxing Day' });
  } else {
    place(christmas, 'Christmas Day');
    place(boxing, 'Boxing Day');
  }

  return out.sort((p, q) => p.n - q.n).map(({ n, name }) => ({ date: fromDayNumber(n), name }));
}

interface OneOffChange {
  /** The standing holiday this replaces (its date under the rules), if any. */
  replaces?: string;
  date: string;
  name: string;
}

/** Proclaimed changes to the standing rules, by year. */
const ONE_OFF_CHANGES: Record<number, OneOffChange[]> = {
  1995: [{ replaces: '1995-05-01', date: '1995-05-08', name: 'Early May bank holiday (VE Day)' }],
  1999: [{ date: '1999-12-31', name: 'Millennium celebrations' }],
  2002: [
    { replaces: '2002-05-27', date: '2002-06-04', name: 'Spring bank holiday' },
    { date: '2002-06-03', name: 'Golden Jubilee bank holiday' },
  ],
  2011: [{ date: '2011-04-29', name: 'Royal wedding' }],
  2012: [
    { replaces: '2012-05-28', date: '2012-06-04', name: 'Spring bank holiday' },
    { date: '2012-06-05', name: 'Diamond Jubilee bank holiday' },
  ],
  2020: [{ replaces: '2020-05-04', date: '2020-05-08', name: 'Early May bank holiday (VE Day)' }],
  2022: [
    { replaces: '2022-05-30', date: '2022-06-02', name: 'Spring bank holiday' },
    { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
    { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
  ],
  2023: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }],
};

/** The bank holidays of England and Wales in calendar year `year`, one-off changes included, in date order. */
export function englandAndWalesBankHolidays(year: number): BankHoliday[] {
  const changes = ONE_OFF_CHANGES[year] ?? [];
  const replaced = new Set(changes.flatMap((c) => (c.replaces ? [c.replaces] : [])));
  return [
    ...standardBankHolidays(year).filter((b) => !replaced.has(b.date)),
    ...changes.map(({ date, name }) => ({ date, name })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Every bank holiday from `from` to `to` inclusive ('YYYY-MM-DD'), in date order. */
export function bankHolidaysBetween(from: string, to: string): BankHoliday[] {
  const first = Number(from.slice(0, 4));
  const last = Number(to.slice(0, 4));
  const out: BankHoliday[] = [];
  for (let y = first; y <= last; y++) {
    for (const b of englandAndWalesBankHolidays(y)) if (b.date >= from && b.date <= to) out.push(b);
  }
  return out;
}
