import { describe, expect, it } from 'vitest';
import {
  academicYearProblems,
  buildYearDays,
  closureProblems,
  defaultYearDates,
  describeDate,
  inferClosures,
  schoolDayCounts,
  type AcademicYear,
  type Closure,
} from '../../src/domain/academicCalendar';
import { buildAcademicYearCalendar } from '../../src/server/demo/englishCalendar';

/** 2026-27 as a school might publish it; the counts below were worked out by hand on a calendar. */
const year: AcademicYear = {
  ...defaultYearDates(2026),
  terms: [
    { name: 'Autumn 1', startDate: '2026-09-03', endDate: '2026-10-23' }, // Thu 3 Sep .. Fri 23 Oct: 2 + 7 weeks = 37
    { name: 'Autumn 2', startDate: '2026-11-02', endDate: '2026-12-18' }, // 7 weeks = 35
    { name: 'Spring 1', startDate: '2027-01-04', endDate: '2027-02-12' }, // 6 weeks = 30
    { name: 'Spring 2', startDate: '2027-02-22', endDate: '2027-03-25' }, // 4 weeks + Mon-Thu = 24
    { name: 'Summer 1', startDate: '2027-04-12', endDate: '2027-05-28' }, // 7 weeks = 35
    { name: 'Summer 2', startDate: '2027-06-07', endDate: '2027-07-21' }, // 6 weeks + Mon-Wed = 33
  ],
};
const closures: Closure[] = [
  { startDate: '2026-09-03', endDate: '2026-09-04', label: 'INSET day', kind: 'inset' },
  { startDate: '2027-05-03', endDate: '2027-05-03', label: 'Bank holiday: Early May bank holiday', kind: 'bank_holiday' },
  { startDate: '2027-07-21', endDate: '2027-07-21', label: 'INSET day', kind: 'inset' },
];

describe('academic calendar', () => {
  it('counts 194 weekdays in term and 190 school days once the closures are out', () => {
    expect(schoolDayCounts(year, buildYearDays(year, [])).total).toBe(194);
    const days = buildYearDays(year, closures);
    expect(days).toHaveLength(365);
    const counts = schoolDayCounts(year, days);
    expect(counts.terms.map((t) => t.schoolDays)).toEqual([35, 35, 30, 24, 34, 32]);
    expect(counts.total).toBe(190);
  });

  it('says why each day is not a school day', () => {
    const byDate = new Map(buildYearDays(year, closures).map((d) => [d.date, d]));
    expect(byDate.get('2026-09-01')).toEqual({ date: '2026-09-01', isSchoolDay: false, label: 'Summer holiday' });
    expect(byDate.get('2026-09-03')!.label).toBe('INSET day');
    expect(byDate.get('2026-09-05')!.label).toBe('Weekend');
    expect(byDate.get('2026-09-07')).toEqual({ date: '2026-09-07', isSchoolDay: true, label: null });
    expect(byDate.get('2026-10-26')!.label).toBe('Half term');
    expect(byDate.get('2026-12-21')!.label).toBe('Christmas holiday');
    expect(byDate.get('2027-02-15')!.label).toBe('Half term');
    expect(byDate.get('2027-03-26')!.label).toBe('Easter holiday');
    expect(byDate.get('2027-05-03')!.label).toBe('Bank holiday: Early May bank holiday');
    expect(byDate.get('2027-05-31')!.label).toBe('Half term');
    expect(byDate.get('2027-07-22')!.label).toBe('Summer holiday');
  });

  it('keeps weekends inside a closure of several days as weekends, but names a one-day closure at a weekend', () => {
    const days = new Map(
      buildYearDays(year, [
        { startDate: '2026-11-20', endDate: '2026-11-23', label: 'Boiler repairs', kind: 'other' },
        { startDate: '2026-12-26', endDate: '2026-12-26', label: 'Boxing Day', kind: 'other' },
      ]).map((d) => [d.date, d.label]),
    );
    expect([days.get('2026-11-20'), days.get('2026-11-21'), days.get('2026-11-23')]).toEqual(['Boiler repairs', 'Weekend', 'Boiler repairs']);
    expect(days.get('2026-12-26')).toBe('Boxing Day');
  });

  it('finds the problems in a year as entered', () => {
    expect(academicYearProblems(year)).toEqual([]);
    const swapped = { ...year, terms: year.terms.map((t, i) => (i === 1 ? { ...t, startDate: '2026-10-20' } : t)) };
    expect(academicYearProblems(swapped)).toEqual(['Autumn 2 must start after Autumn 1 ends (23 October 2026).']);
    expect(academicYearProblems({ ...year, terms: year.terms.slice(0, 5) })[0]).toMatch(/six half-terms/);
    expect(academicYearProblems({ ...year, endDate: '2027-09-30' })[0]).toMatch(/at most 366 days/);
    expect(academicYearProblems({ ...year, endDate: '2026-08-01' })[0]).toMatch(/must end after it starts/);
    const outside = { ...year, terms: year.terms.map((t, i) => (i === 5 ? { ...t, endDate: '2027-09-02' } : t)) };
    expect(academicYearProblems(outside)).toContain('Summer 2 must fall inside the year (1 September 2026 to 31 August 2027).');
    const renamed = { ...year, terms: year.terms.map((t, i) => (i === 0 ? { ...t, name: 'Michaelmas' } : t)) };
    expect(academicYearProblems(renamed)).toEqual(['Half-term 1 must be called Autumn 1, not "Michaelmas".']);
    expect(academicYearProblems({ ...year, startDate: '2026-02-30' })).toEqual(['Every date must be a real date written YYYY-MM-DD.']);
  });

  it('refuses a closure outside every year, backwards or without a label', () => {
    const years = [year];
    expect(closureProblems(closures[0]!, years)).toEqual([]);
    expect(closureProblems({ ...closures[0]!, startDate: '2030-01-07', endDate: '2030-01-07' }, years)[0]).toMatch(/No academic year holds 7 January 2030/);
    expect(closureProblems({ ...closures[0]!, endDate: '2026-09-01' }, years)[0]).toMatch(/must end on or after/);
    expect(closureProblems({ ...closures[0]!, label: '  ' }, years)[0]).toMatch(/label/);
  });

  it("rebuilds the demo school's calendar exactly from its terms and the closures inferred from its days", () => {
    for (const startYear of [2025, 2026, 2027]) {
      const demo = buildAcademicYearCalendar(startYear);
      const demoYear: AcademicYear = { ...defaultYearDates(startYear), terms: demo.terms };
      const inferred = inferClosures(demoYear, demo.days);
      expect(buildYearDays(demoYear, inferred)).toEqual(demo.days);
    }
  });

  it('writes dates the way people read them', () => {
    expect(describeDate('2027-06-12')).toBe('12 June 2027');
  });
});
