import { describe, expect, it } from 'vitest';
import { bankHolidaysBetween, easterSunday, englandAndWalesBankHolidays, standardBankHolidays } from '../../src/domain/bankHolidays';

const dates = (year: number) => englandAndWalesBankHolidays(year).map((b) => b.date);

describe('bank holidays of England and Wales', () => {
  it('puts Easter where the published tables do', () => {
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(dates(2025)).toEqual(expect.arrayContaining(['2025-04-18', '2025-04-21']));
    expect(dates(2027)).toEqual(expect.arrayContaining(['2027-03-26', '2027-03-29']));
  });

  it('lists 2026 as published', () => {
    expect(englandAndWalesBankHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-31', name: 'Summer bank holiday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('moves the early May bank holiday of 2020 to VE Day, Friday 8 May', () => {
    expect(dates(2020)).toContain('2020-05-08');
    expect(dates(2020)).not.toContain('2020-05-04');
    expect(dates(2020)).toHaveLength(8);
    expect(standardBankHolidays(2020).map((b) => b.date)).toContain('2020-05-04');
  });

  it('adds the coronation on 8 May 2023 beside the early May holiday', () => {
    expect(dates(2023)).toEqual(expect.arrayContaining(['2023-05-01', '2023-05-08']));
    expect(dates(2023)).toHaveLength(9);
  });

  it('moves the 2022 spring holiday for the Platinum Jubilee and adds the State Funeral', () => {
    expect(dates(2022)).toEqual(expect.arrayContaining(['2022-06-02', '2022-06-03', '2022-09-19']));
    expect(dates(2022)).not.toContain('2022-05-30');
    expect(dates(2022)).toHaveLength(10);
  });

  it('gives substitute days when Christmas, Boxing Day or New Year fall at a weekend', () => {
    // 2021: Christmas on a Saturday, Boxing Day on a Sunday: Monday 27 and Tuesday 28.
    expect(dates(2021)).toEqual(expect.arrayContaining(['2021-12-27', '2021-12-28']));
    expect(dates(2021)).not.toContain('2021-12-25');
    // 2022: Christmas on a Sunday: Boxing Day keeps Monday 26, Christmas's substitute is Tuesday 27.
    const late2022 = englandAndWalesBankHolidays(2022).filter((b) => b.date >= '2022-12-01');
    expect(late2022).toEqual([
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ]);
    // 2027: both at the weekend again.
    expect(dates(2027)).toEqual(expect.arrayContaining(['2027-12-27', '2027-12-28']));
    // New Year's Day on a Saturday (2022) and a Sunday (2023).
    expect(dates(2022)).toContain('2022-01-03');
    expect(dates(2023)).toContain('2023-01-02');
  });

  it('never falls at a weekend and keeps eight standing holidays a year', () => {
    for (let y = 1990; y <= 2060; y++) {
      expect(standardBankHolidays(y)).toHaveLength(8);
      for (const b of englandAndWalesBankHolidays(y)) expect([0, 6]).not.toContain(new Date(`${b.date}T00:00:00Z`).getUTCDay());
    }
  });

  it('lists the holidays of an academic year across two calendar years', () => {
    expect(bankHolidaysBetween('2026-09-01', '2027-08-31').map((b) => b.date)).toEqual([
      '2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30',
    ]);
  });
});
