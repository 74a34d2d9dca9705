import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDemoSchool, mulberry32, type DemoSchool } from '../../../src/server/demo/generateDemoSchool.js';
import {
  addDays,
  buildAcademicYearCalendar,
  dayOfWeek,
  easterSunday,
  englandBankHolidays,
} from '../../../src/server/demo/englishCalendar.js';

const TODAYS = ['2025-09-15', '2025-10-01', '2026-11-24', '2027-06-15', '2028-03-01', '2027-08-15', '2028-07-31'];

function dayMap(s: DemoSchool) {
  return new Map(s.days.map((d) => [d.date, d]));
}

function schoolDayCount(s: DemoSchool) {
  return s.days.filter((d) => d.isSchoolDay).length;
}

describe('calendar arithmetic', () => {
  it('computes Easter Sunday with the Gregorian algorithm', () => {
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2028)).toBe('2028-04-16');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible
    for (let y = 2000; y <= 2100; y++) expect(dayOfWeek(easterSunday(y))).toBe(0);
  });

  it('crosses month, year and leap-day boundaries without time-zone drift', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-28', 1)).toBe('2027-03-29'); // the clocks go forward that night
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(dayOfWeek('2026-11-24')).toBe(2); // a Tuesday
  });

  it('lists the England and Wales bank holidays of 2027 as published', () => {
    expect(englandBankHolidays(2027)).toEqual([
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-03-29', name: 'Easter Monday' },
      { date: '2027-05-03', name: 'Early May bank holiday' },
      { date: '2027-05-31', name: 'Spring bank holiday' },
      { date: '2027-08-30', name: 'Summer bank holiday' },
      { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
    ]);
  });

  it('places substitute days for Christmas, Boxing Day and New Year at weekends', () => {
    const dates = (y: number) => englandBankHolidays(y).map((b) => b.date);
    // Christmas on a Sunday: Boxing Day Monday 26th, Christmas substitute Tuesday 27th.
    expect(dates(2022)).toEqual(expect.arrayContaining(['2022-12-26', '2022-12-27']));
    expect(dates(2022)).not.toContain('2022-12-25');
    // Boxing Day on a Saturday: substitute Monday 28th.
    expect(dates(2026)).toEqual(expect.arrayContaining(['2026-12-25', '2026-12-28']));
    // New Year's Day on a Saturday (2022) and Sunday (2023): substitute Monday.
    expect(dates(2022)).toContain('2022-01-03');
    expect(dates(2023)).toContain('2023-01-02');
    for (let y = 2020; y <= 2040; y++) {
      const list = englandBankHolidays(y);
      expect(list).toHaveLength(8);
      expect(new Set(list.map((b) => b.date)).size).toBe(8);
      for (const b of list) expect([0, 6]).not.toContain(dayOfWeek(b.date));
    }
  });
});

describe('demo school calendar', () => {
  it('has every date of the academic year containing today exactly once, in order', () => {
    for (const today of TODAYS) {
      const s = generateDemoSchool(today);
      const startYear = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) >= 9 ? 0 : 1);
      expect(s.days[0]!.date).toBe(`${startYear}-09-01`);
      expect(s.days[s.days.length - 1]!.date).toBe(`${startYear + 1}-08-31`);
      const leap = (startYear + 1) % 4 === 0 && ((startYear + 1) % 100 !== 0 || (startYear + 1) % 400 === 0);
      expect(s.days).toHaveLength(leap ? 366 : 365);
      for (let i = 1; i < s.days.length; i++) expect(s.days[i]!.date).toBe(addDays(s.days[i - 1]!.date, 1));
      expect(s.days.some((d) => d.date === today)).toBe(true);
    }
  });

  it('uses the academic year that started the previous September for a date in August', () => {
    const s = generateDemoSchool('2027-08-15');
    expect(s.days[0]!.date).toBe('2026-09-01');
    expect(dayMap(s).get('2027-08-15')).toEqual({ date: '2027-08-15', isSchoolDay: false, label: 'Weekend' });
    expect(dayMap(s).get('2027-08-16')).toEqual({ date: '2027-08-16', isSchoolDay: false, label: 'Summer holiday' });
    expect(dayMap(s).get('2027-08-30')!.label).toBe('Bank holiday: Summer bank holiday');
  });

  it('never makes a weekend a school day, and labels every closure', () => {
    for (const today of TODAYS) {
      for (const d of generateDemoSchool(today).days) {
        const weekend = [0, 6].includes(dayOfWeek(d.date));
        if (weekend) expect(d.isSchoolDay).toBe(false);
        if (!d.isSchoolDay) expect(d.label).toEqual(expect.any(String));
        else expect(d.label).toBeNull();
      }
    }
  });

  it('has about 190 school days and exactly 5 INSET days, all on weekdays, every year', () => {
    for (let startYear = 2018; startYear <= 2040; startYear++) {
      const s = generateDemoSchool(`${startYear}-10-01`);
      const count = schoolDayCount(s);
      expect(count, `school days ${startYear}-${startYear + 1}`).toBeGreaterThanOrEqual(185);
      expect(count, `school days ${startYear}-${startYear + 1}`).toBeLessThanOrEqual(195);
      const inset = s.days.filter((d) => d.label === 'INSET day');
      expect(inset, `INSET ${startYear}`).toHaveLength(5);
      for (const d of inset) {
        expect(d.isSchoolDay).toBe(false);
        expect([0, 6]).not.toContain(dayOfWeek(d.date));
      }
    }
  });

  it('builds the 2026-27 year the way an English school would', () => {
    const s = generateDemoSchool('2026-11-24');
    const day = dayMap(s);
    expect(day.get('2026-11-24')!.isSchoolDay).toBe(true);
    expect(schoolDayCount(s)).toBe(190 + 3);

    // Autumn: two INSET days, then pupils from Thursday 3 September.
    expect(day.get('2026-09-01')).toMatchObject({ isSchoolDay: false, label: 'INSET day' });
    expect(day.get('2026-09-02')).toMatchObject({ isSchoolDay: false, label: 'INSET day' });
    expect(day.get('2026-09-03')!.isSchoolDay).toBe(true);

    // October half term: the last full week of October.
    for (const d of ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30']) {
      expect(day.get(d)).toMatchObject({ isSchoolDay: false, label: 'Half term' });
    }
    expect(day.get('2026-10-23')!.isSchoolDay).toBe(true);
    expect(day.get('2026-11-02')!.isSchoolDay).toBe(true);

    // Christmas: two weeks; Christmas Day and the Boxing Day substitute are bank holidays.
    expect(day.get('2026-12-18')!.isSchoolDay).toBe(true);
    expect(day.get('2026-12-21')).toMatchObject({ isSchoolDay: false, label: 'Christmas holiday' });
    expect(day.get('2026-12-25')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Christmas Day' });
    expect(day.get('2026-12-26')).toMatchObject({ isSchoolDay: false, label: 'Boxing Day' });
    expect(day.get('2026-12-28')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Boxing Day (substitute day)' });
    expect(day.get('2027-01-01')).toMatchObject({ isSchoolDay: false, label: "Bank holiday: New Year's Day" });
    expect(day.get('2027-01-04')).toMatchObject({ isSchoolDay: false, label: 'INSET day' });
    expect(day.get('2027-01-05')!.isSchoolDay).toBe(true);

    // February half term.
    for (const d of ['2027-02-15', '2027-02-16', '2027-02-17', '2027-02-18', '2027-02-19']) {
      expect(day.get(d)).toMatchObject({ isSchoolDay: false, label: 'Half term' });
    }

    // Easter 2027 is 28 March: two weeks' holiday around it, with Good Friday and Easter Monday inside.
    expect(day.get('2027-03-19')!.isSchoolDay).toBe(true);
    expect(day.get('2027-03-22')).toMatchObject({ isSchoolDay: false, label: 'Easter holiday' });
    expect(day.get('2027-03-26')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Good Friday' });
    expect(day.get('2027-03-29')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Easter Monday' });
    expect(day.get('2027-04-02')).toMatchObject({ isSchoolDay: false, label: 'Easter holiday' });
    expect(day.get('2027-04-05')).toMatchObject({ isSchoolDay: false, label: 'INSET day' });
    expect(day.get('2027-04-06')!.isSchoolDay).toBe(true);

    // Summer term: early May bank holiday, May half term with the spring bank holiday, end in late July.
    expect(day.get('2027-05-03')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Early May bank holiday' });
    expect(day.get('2027-05-31')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Spring bank holiday' });
    for (const d of ['2027-06-01', '2027-06-02', '2027-06-03', '2027-06-04']) {
      expect(day.get(d)).toMatchObject({ isSchoolDay: false, label: 'Half term' });
    }
    expect(day.get('2027-06-07')!.isSchoolDay).toBe(true);
    expect(day.get('2027-07-22')!.isSchoolDay).toBe(true);
    expect(day.get('2027-07-23')).toMatchObject({ isSchoolDay: false, label: 'INSET day' });
    expect(day.get('2027-07-26')).toMatchObject({ isSchoolDay: false, label: 'Summer holiday' });
    expect(day.get('2027-08-30')).toMatchObject({ isSchoolDay: false, label: 'Bank holiday: Summer bank holiday' });

    expect(s.terms).toEqual([
      { name: 'Autumn 1', startDate: '2026-09-01', endDate: '2026-10-23' },
      { name: 'Autumn 2', startDate: '2026-11-02', endDate: '2026-12-18' },
      { name: 'Spring 1', startDate: '2027-01-04', endDate: '2027-02-12' },
      { name: 'Spring 2', startDate: '2027-02-22', endDate: '2027-03-19' },
      { name: 'Summer 1', startDate: '2027-04-05', endDate: '2027-05-28' },
      { name: 'Summer 2', startDate: '2027-06-07', endDate: '2027-07-23' },
    ]);
  });

  it('closes and labels Christmas Day, and every bank holiday, in every year', () => {
    for (let startYear = 2020; startYear <= 2035; startYear++) {
      const s = generateDemoSchool(`${startYear + 1}-02-01`);
      const day = dayMap(s);
      const xmas = day.get(`${startYear}-12-25`)!;
      expect(xmas.isSchoolDay).toBe(false);
      expect(xmas.label).toContain('Christmas Day');
      for (const b of buildAcademicYearCalendar(startYear).bankHolidays) {
        expect(day.get(b.date)).toEqual({ date: b.date, isSchoolDay: false, label: `Bank holiday: ${b.name}` });
      }
      // Good Friday and Easter Monday fall in the Easter holiday.
      const easter = easterSunday(startYear + 1);
      expect(day.get(addDays(easter, -3))!.label).toBe('Easter holiday');
      expect(day.get(addDays(easter, 2))!.label).toBe('Easter holiday');
    }
  });

  it('has six ordered, non-overlapping half-terms that hold every school day', () => {
    for (const today of TODAYS) {
      const s = generateDemoSchool(today);
      expect(s.terms.map((t) => t.name)).toEqual(['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']);
      for (let i = 0; i < s.terms.length; i++) {
        const t = s.terms[i]!;
        expect(t.startDate < t.endDate).toBe(true);
        if (i > 0) expect(s.terms[i - 1]!.endDate < t.startDate).toBe(true);
        for (const d of [t.startDate, t.endDate]) expect([0, 6]).not.toContain(dayOfWeek(d));
      }
      for (const d of s.days.filter((x) => x.isSchoolDay)) {
        expect(s.terms.some((t) => t.startDate <= d.date && d.date <= t.endDate), d.date).toBe(true);
      }
      for (const d of s.days.filter((x) => ['Half term', 'Christmas holiday', 'Easter holiday', 'Summer holiday'].includes(x.label ?? ''))) {
        expect(s.terms.some((t) => t.startDate <= d.date && d.date <= t.endDate), d.date).toBe(false);
      }
    }
  });

  it('rejects a malformed or impossible date', () => {
    expect(() => generateDemoSchool('2026-02-30')).toThrow(RangeError);
    expect(() => generateDemoSchool('24/11/2026')).toThrow(RangeError);
    expect(() => generateDemoSchool('')).toThrow(RangeError);
  });
});

describe('demo school, groups and pupils', () => {
  it('describes the school and its register times', () => {
    const s = generateDemoSchool('2026-11-24');
    expect(s.school).toEqual({
      id: 'demo',
      name: 'Oakfield Primary School',
      timeZone: 'Europe/London',
      sessions: { AM: { opensAt: '08:50', openMinutes: 30 }, PM: { opensAt: '13:10', openMinutes: 30 } },
    });
  });

  it('has six registration groups, Year 1 to Year 6, of 25 to 32 pupils whose sizes vary by seed', () => {
    const sizeLists = new Set<string>();
    for (const seed of [1, 2, 3, 42, 2024, 99999]) {
      const s = generateDemoSchool('2026-11-24', seed);
      expect(s.groups.map((g) => g.id)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
      expect(s.groups.map((g) => g.yearGroup)).toEqual([1, 2, 3, 4, 5, 6]);
      s.groups.forEach((g) => expect(g.name).toMatch(new RegExp(`^Year ${g.yearGroup} [A-Z][a-z]+$`)));
      expect(new Set(s.groups.map((g) => g.name)).size).toBe(6);
      const sizes = s.groups.map((g) => s.pupils.filter((p) => p.groupId === g.id).length);
      for (const n of sizes) {
        expect(n).toBeGreaterThanOrEqual(25);
        expect(n).toBeLessThanOrEqual(32);
      }
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(s.pupils.length);
      sizeLists.add(sizes.join(','));
    }
    expect(sizeLists.size).toBeGreaterThan(1);
  });

  it('gives pupils unique stable ids and unique full names', () => {
    const s = generateDemoSchool('2026-11-24');
    s.pupils.forEach((p, i) => expect(p.id).toBe(`p${String(i + 1).padStart(4, '0')}`));
    expect(new Set(s.pupils.map((p) => `${p.firstName} ${p.lastName}`)).size).toBe(s.pupils.length);
    for (const p of s.pupils) {
      expect(p.firstName.trim()).toBe(p.firstName);
      expect(p.firstName.length).toBeGreaterThan(1);
      expect(p.lastName.length).toBeGreaterThan(1);
      expect(['F', 'M']).toContain(p.gender);
    }
    // Ids do not depend on the date: the same seed gives the same children in another year.
    const later = generateDemoSchool('2027-11-24');
    expect(later.pupils.map((p) => `${p.id} ${p.firstName} ${p.lastName}`)).toEqual(
      s.pupils.map((p) => `${p.id} ${p.firstName} ${p.lastName}`),
    );
  });

  it('gives about 10% of pupils a preferred name different from their first name', () => {
    for (const seed of [1, 7, 2024]) {
      const s = generateDemoSchool('2026-11-24', seed);
      const withPreferred = s.pupils.filter((p) => p.preferredName !== null);
      expect(withPreferred.length / s.pupils.length).toBeGreaterThanOrEqual(0.05);
      expect(withPreferred.length / s.pupils.length).toBeLessThanOrEqual(0.15);
      for (const p of withPreferred) {
        expect(p.preferredName).not.toBe(p.firstName);
        expect(p.preferredName!.length).toBeGreaterThan(1);
      }
    }
  });

  it('gives every pupil a date of birth that fits their year group', () => {
    for (const today of TODAYS) {
      for (const seed of [1, 5]) {
        const s = generateDemoSchool(today, seed);
        const y = Number(s.days[0]!.date.slice(0, 4)); // academic year starts 1 Sep y
        const groupYear = new Map(s.groups.map((g) => [g.id, g.yearGroup]));
        const births = new Set<string>();
        for (const p of s.pupils) {
          const n = groupYear.get(p.groupId)!;
          expect(p.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(addDays(p.dateOfBirth, 0)).toBe(p.dateOfBirth); // a real date
          expect(p.dateOfBirth >= `${y - 5 - n}-09-01`, `${p.id} ${p.dateOfBirth} Y${n}`).toBe(true);
          expect(p.dateOfBirth <= `${y - 4 - n}-08-31`, `${p.id} ${p.dateOfBirth} Y${n}`).toBe(true);
          births.add(p.dateOfBirth.slice(5, 7));
        }
        expect(births.size).toBe(12); // birthdays spread over the whole year
      }
    }
  });

  it('flags a few vulnerable pupils', () => {
    for (const seed of [1, 2, 3, 42, 2024]) {
      const s = generateDemoSchool('2026-11-24', seed);
      const count = (k: keyof DemoSchool['pupils'][number]['flags']) => s.pupils.filter((p) => p.flags[k]).length;
      expect(count('send') / s.pupils.length).toBeGreaterThanOrEqual(0.06);
      expect(count('send') / s.pupils.length).toBeLessThanOrEqual(0.14);
      expect(count('lookedAfter')).toBeGreaterThanOrEqual(2);
      expect(count('lookedAfter')).toBeLessThanOrEqual(4);
      expect(count('childProtection')).toBeGreaterThanOrEqual(2);
      expect(count('childProtection')).toBeLessThanOrEqual(4);
      expect(count('socialWorker')).toBeGreaterThanOrEqual(count('lookedAfter') + count('childProtection'));
      expect(count('socialWorker')).toBeLessThanOrEqual(12);
      for (const p of s.pupils) {
        if (p.flags.lookedAfter || p.flags.childProtection) expect(p.flags.socialWorker).toBe(true);
      }
    }
  });

  it('gives every pupil one or two family contacts with drama-range mobile numbers', () => {
    const s = generateDemoSchool('2026-11-24');
    const phones: string[] = [];
    let sameSurname = 0;
    for (const p of s.pupils) {
      expect(p.contacts.length).toBeGreaterThanOrEqual(1);
      expect(p.contacts.length).toBeLessThanOrEqual(2);
      p.contacts.forEach((c, i) => {
        expect(c.priority).toBe(i + 1);
        expect(c.phone).toMatch(/^07700 900\d{3}$/);
        expect(c.name).toMatch(/^\S+ \S.*$/);
        const allowed = p.flags.lookedAfter
          ? ['Foster carer']
          : ['Mother', 'Father', 'Grandmother', 'Grandfather', 'Aunt', 'Uncle', 'Stepfather', 'Stepmother'];
        expect(allowed).toContain(c.relationship);
        phones.push(c.phone);
        if (c.name.endsWith(` ${p.lastName}`)) sameSurname++;
      });
    }
    expect(new Set(phones).size).toBe(phones.length);
    expect(sameSurname / phones.length).toBeGreaterThan(0.7);
    expect(s.pupils.some((p) => p.contacts.length === 2)).toBe(true);
    expect(s.pupils.some((p) => p.contacts.length === 1)).toBe(true);
  });
});

describe('demo school, staff and assignments', () => {
  it('has six teachers, a TA, an office user and an admin', () => {
    const s = generateDemoSchool('2026-11-24');
    expect(s.staff.map((x) => [x.id, x.username, x.role])).toEqual([
      ['s-teacher1', 'teacher1', 'teacher'],
      ['s-teacher2', 'teacher2', 'teacher'],
      ['s-teacher3', 'teacher3', 'teacher'],
      ['s-teacher4', 'teacher4', 'teacher'],
      ['s-teacher5', 'teacher5', 'teacher'],
      ['s-teacher6', 'teacher6', 'teacher'],
      ['s-ta1', 'ta1', 'ta'],
      ['s-office1', 'office1', 'office'],
      ['s-admin1', 'admin1', 'admin'],
    ]);
    for (const x of s.staff) expect(x.displayName).toMatch(/^(Mr|Mrs|Ms|Miss) [A-Z]\S+$/);
  });

  it('makes teacherN the class teacher of gN for the whole year, both sessions', () => {
    const s = generateDemoSchool('2026-11-24');
    const teaching = s.assignments.filter((a) => a.kind === 'teacher');
    expect(teaching).toHaveLength(6);
    for (let n = 1; n <= 6; n++) {
      expect(teaching.filter((a) => a.groupId === `g${n}`)).toEqual([
        expect.objectContaining({ staffId: `s-teacher${n}`, startDate: '2026-09-01', endDate: null, sessions: ['AM', 'PM'] }),
      ]);
    }
    expect(new Set(s.assignments.map((a) => a.id)).size).toBe(s.assignments.length);
    const staffIds = new Set(s.staff.map((x) => x.id));
    const groupIds = new Set(s.groups.map((g) => g.id));
    for (const a of s.assignments) {
      expect(staffIds.has(a.staffId)).toBe(true);
      expect(groupIds.has(a.groupId)).toBe(true);
    }
  });

  const covers = (s: DemoSchool) =>
    s.assignments.filter((a) => a.kind === 'cover').map(({ staffId, groupId, startDate, endDate, sessions }) => ({ staffId, groupId, startDate, endDate, sessions }));

  it('gives the TA Year 2 this afternoon and Year 3 tomorrow morning on a school day', () => {
    expect(covers(generateDemoSchool('2026-11-24'))).toEqual([
      { staffId: 's-ta1', groupId: 'g2', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['PM'] },
      { staffId: 's-ta1', groupId: 'g3', startDate: '2026-11-25', endDate: '2026-11-25', sessions: ['AM'] },
    ]);
    // Friday before half term: the next school day is after the holiday.
    expect(covers(generateDemoSchool('2026-10-23'))).toEqual([
      { staffId: 's-ta1', groupId: 'g2', startDate: '2026-10-23', endDate: '2026-10-23', sessions: ['PM'] },
      { staffId: 's-ta1', groupId: 'g3', startDate: '2026-11-02', endDate: '2026-11-02', sessions: ['AM'] },
    ]);
  });

  it('gives the TA only the next school day when today is not a school day', () => {
    // Saturday.
    expect(covers(generateDemoSchool('2026-11-28'))).toEqual([
      { staffId: 's-ta1', groupId: 'g3', startDate: '2026-11-30', endDate: '2026-11-30', sessions: ['AM'] },
    ]);
    // August: the next school day is in the next academic year (after two INSET days).
    expect(covers(generateDemoSchool('2027-08-15'))).toEqual([
      { staffId: 's-ta1', groupId: 'g3', startDate: '2027-09-03', endDate: '2027-09-03', sessions: ['AM'] },
    ]);
  });

  it('puts every cover on a school day', () => {
    for (const today of TODAYS) {
      const s = generateDemoSchool(today);
      for (const a of s.assignments.filter((x) => x.kind === 'cover')) {
        expect(a.startDate >= today).toBe(true);
        const day = dayMap(s).get(a.startDate) ?? generateDemoSchool(a.startDate).days.find((d) => d.date === a.startDate);
        expect(day!.isSchoolDay).toBe(true);
      }
    }
  });
});

describe('determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives identical output for the same today and seed', () => {
    for (const today of ['2026-11-24', '2027-08-15']) {
      expect(generateDemoSchool(today, 7)).toEqual(generateDemoSchool(today, 7));
      expect(JSON.stringify(generateDemoSchool(today))).toBe(JSON.stringify(generateDemoSchool(today)));
    }
  });

  it('gives different pupils for different seeds', () => {
    const a = generateDemoSchool('2026-11-24', 1);
    const b = generateDemoSchool('2026-11-24', 2);
    expect(a.pupils).not.toEqual(b.pupils);
    expect(a.days).toEqual(b.days); // the calendar does not depend on the seed
    expect(a.staff).toEqual(b.staff);
  });

  it('uses neither the clock nor Math.random', () => {
    const random = vi.spyOn(Math, 'random');
    const now = vi.spyOn(Date, 'now');
    generateDemoSchool('2026-11-24', 3);
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
  });

  it('has a reproducible PRNG', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
