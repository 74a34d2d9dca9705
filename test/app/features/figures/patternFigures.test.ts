/** The patterns' arithmetic: the trend's weeks and labels, the weekday rows, the charts' scales and comparisons. */
import { describe, expect, it } from 'vitest';
import { absenceScale, attendanceScale, chartRows, pointsApart, trendPoints, weekdayRows } from '../../../../src/app/features/figures/patternFigures';
import { figures, weeks } from './patternsFixtures';

describe('pattern figures', () => {
  it('gives every week of the range a point, a week with no school day a gap that says so, and labels every week when few', () => {
    const points = trendPoints(weeks('2026-10-12', '2026-11-02', '2026-10-14', '2026-11-04', ['2026-10-26']));
    expect(points.map((p) => [p.label, p.value === null ? p.note : p.value.toFixed(1)])).toEqual([
      ['12 Oct', '90.0'],
      ['19 Oct', '90.1'],
      ['26 Oct', 'No school days'],
      ['2 Nov', '90.3'],
    ]);
    expect(points[2].longLabel).toBe('Week of Monday 26 October 2026');
    expect(trendPoints([])).toEqual([]);
  });

  it("labels only each month's first week when there are more weeks than labels, and thins those over a long range", () => {
    const year = trendPoints(weeks('2026-08-31', '2027-07-19', '2026-09-01', '2027-07-21'));
    expect(year).toHaveLength(47);
    // 31 Aug is a week before 7 Sep: labelling both would print one over the other.
    expect(year.filter((p) => p.label).map((p) => p.label)).toEqual(['7 Sep', '5 Oct', '2 Nov', '7 Dec', '4 Jan', '1 Feb', '1 Mar', '5 Apr', '3 May', '7 Jun', '5 Jul']);
    // Two years, 25 Aug 2025 to July 2027: 23 first weeks of a month from 1 Sep, every second labelled.
    const twoYears = trendPoints(weeks('2025-08-25', '2027-07-19', '2025-09-01', '2027-07-21'));
    const labels = twoYears.filter((p) => p.label).map((p) => p.label);
    expect(labels).toHaveLength(12);
    expect(labels.slice(0, 3)).toEqual(['1 Sep', '3 Nov', '5 Jan']);
    // A range starting on a month's first week labels it.
    expect(trendPoints(weeks('2026-09-07', '2026-12-14', '2026-09-07', '2026-12-18'))[0].label).toBe('7 Sep');
    expect(twoYears.every((p) => p.value !== null)).toBe(true);
  });

  it('puts Monday to Friday in order, says a weekday with no school day has none, and keeps a weekend day that has one', () => {
    const rows = weekdayRows([
      { weekday: 6, ...figures(10, 9) },
      { weekday: 2, ...figures(100, 95) },
    ]);
    expect(rows.map((r) => [r.label, r.figures?.possible ?? null])).toEqual([
      ['Monday', null],
      ['Tuesday', 100],
      ['Wednesday', null],
      ['Thursday', null],
      ['Friday', null],
      ['Saturday', 10],
    ]);
    const chart = chartRows(rows, 'unauthorised');
    expect(chart[0]).toMatchObject({ value: null, note: 'No school days' });
    expect(chartRows([{ key: 'x', label: 'x', figures: figures(0, 0) }], 'attendance')[0]).toMatchObject({ value: null, note: 'No sessions counted' });
    expect(chartRows([{ key: 'x', label: 'x', figures: figures(200, 190, 3) }], 'unauthorised')[0].value).toBeCloseTo(1.5);
  });

  it('scales attendance from a multiple of 5 under the lowest figure to 100%, and absence from 0% to a multiple of 5 over the highest', () => {
    expect(attendanceScale([95.23, 93.53, null])).toEqual({ from: 90, to: 100, ticks: [90, 92, 94, 96, 98, 100] });
    expect(attendanceScale([61])).toEqual({ from: 60, to: 100, ticks: [60, 70, 80, 90, 100] });
    expect(attendanceScale([null]).from).toBe(95);
    expect(absenceScale([1.37, 2.57])).toEqual({ from: 0, to: 5, ticks: [0, 1, 2, 3, 4, 5] });
    expect(absenceScale([12.3])).toEqual({ from: 0, to: 15, ticks: [0, 5, 10, 15] });
  });

  it('compares two figures as they are shown, rounded to one decimal', () => {
    expect(pointsApart(95.2333, 93.5333)).toBe('1.7 points lower');
    expect(pointsApart(1.04, 2.04)).toBe('1.0 point higher');
    // 95.24 and 95.21 both show as 95.2%.
    expect(pointsApart(95.24, 95.21)).toBe('the same');
    expect(pointsApart(null, 93)).toBeNull();
  });
});
