import { describe, it, expect } from 'vitest';
import {
  ageOn,
  compulsorySchoolAgeEnds,
  compulsorySchoolAgeStarts,
  isCompulsorySchoolAge,
  yearGroupOf,
} from '../../src/domain/time';

describe('ageOn', () => {
  it.each([
    ['2015-09-01', '2026-08-31', 10],
    ['2015-09-01', '2026-09-01', 11],
    ['2015-09-01', '2015-09-01', 0],
    ['2015-09-01', '2015-08-31', -1],
    // born on 29 February: the birthday is 1 March in other years
    ['2016-02-29', '2021-02-28', 4],
    ['2016-02-29', '2021-03-01', 5],
    ['2016-02-29', '2024-02-29', 8],
    ['2010-12-31', '2026-12-30', 15],
    ['2010-12-31', '2026-12-31', 16],
  ])('born %s is %i on %s', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });
});

describe('yearGroupOf (0 = Reception)', () => {
  it.each([
    ['2019-09-01', '2024-09-01', 0], // oldest in the year
    ['2020-08-31', '2024-09-01', 0], // youngest in the same year
    ['2019-08-31', '2024-09-01', 1], // a day older: the year above
    ['2019-09-01', '2024-08-31', -1], // still nursery the day before term
    ['2019-09-01', '2025-07-20', 0],
    ['2010-10-10', '2026-06-01', 10],
    ['2010-08-31', '2026-06-01', 11],
    ['2008-03-01', '2026-01-10', 13],
  ])('born %s is in year %i on %s', (born, on, year) => {
    expect(yearGroupOf(born, on)).toBe(year);
  });
});

describe('compulsory school age', () => {
  it.each([
    // fifth birthday in the autumn: from 31 December, i.e. the spring term of Reception
    ['2019-10-01', '2024-12-31'],
    ['2019-12-31', '2024-12-31'], // fifth birthday on a prescribed day: that day
    // fifth birthday in the spring term: from 31 March
    ['2020-01-01', '2025-03-31'],
    ['2020-03-31', '2025-03-31'],
    // fifth birthday in the summer: from 31 August, i.e. Year 1
    ['2020-04-01', '2025-08-31'],
    ['2020-08-31', '2025-08-31'],
    ['2019-09-01', '2024-12-31'],
    ['2016-02-29', '2021-03-31'],
  ])('born %s: starts %s', (born, starts) => {
    expect(compulsorySchoolAgeStarts(born)).toBe(starts);
  });

  it.each([
    // the last Friday in June of the school year in which they turn 16
    ['2010-09-01', '2027-06-25'],
    ['2010-08-31', '2026-06-26'],
    ['2010-06-27', '2026-06-26'], // turns 16 after the leaving date: ends before the birthday
    ['2010-06-26', '2026-06-26'], // turns 16 on the leaving date
    ['2011-01-15', '2027-06-25'],
  ])('born %s: ends %s', (born, ends) => {
    expect(compulsorySchoolAgeEnds(born)).toBe(ends);
  });

  it.each([
    ['2019-10-01', '2024-10-15', false], // in Reception, not yet of compulsory school age
    ['2019-10-01', '2024-12-30', false],
    ['2019-10-01', '2024-12-31', true],
    ['2019-10-01', '2025-01-06', true],
    ['2020-01-01', '2025-03-30', false],
    ['2020-01-01', '2025-03-31', true],
    ['2020-05-01', '2025-07-01', false], // a summer-born five-year-old in Reception
    ['2020-05-01', '2025-09-01', true],
    ['2010-08-31', '2026-06-26', true],
    ['2010-08-31', '2026-06-29', false], // still 15, but past the leaving date
    ['2010-09-01', '2026-09-01', true], // 16 today, but the leaving date is next June
    ['2008-03-01', '2026-01-10', false], // sixth form
  ])('born %s on %s: %s', (born, on, expected) => {
    expect(isCompulsorySchoolAge(born, on)).toBe(expected);
  });

  it('refuses a date that is not a date', () => {
    expect(() => isCompulsorySchoolAge('2019-10-01', '2025-02-30')).toThrow(RangeError);
  });
});
