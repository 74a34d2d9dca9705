import { describe, it, expect } from 'vitest';
import {
  ATTENDANCE_CODES,
  codesByClass,
  findCode,
  isAbsenceCode,
  isCurrentCode,
  isPresentCode,
  normaliseTeacherMark,
  presentSymbol,
  type CodeClass,
  type Session,
} from '../../src/domain/codes';

// The 2024 table from DOMAIN.md §3, written out again here so the code table is checked against the rules,
// not against itself.
const NATIONAL_CODES: Array<[code: string, cls: CodeClass, possible: boolean]> = [
  ['/', 'present', true],
  ['\\', 'present', true],
  ['L', 'present', true],
  ['K', 'aea', true],
  ['V', 'aea', true],
  ['P', 'aea', true],
  ['W', 'aea', true],
  ['B', 'aea', true],
  ['D', 'not-counted', false],
  ['C1', 'authorised', true],
  ['M', 'authorised', true],
  ['J1', 'authorised', true],
  ['S', 'authorised', true],
  ['C2', 'authorised', true],
  ['C', 'authorised', true],
  ['T', 'authorised', true],
  ['R', 'authorised', true],
  ['I', 'authorised', true],
  ['E', 'authorised', true],
  ['Q', 'not-possible', false],
  ['Y1', 'not-possible', false],
  ['Y2', 'not-possible', false],
  ['Y3', 'not-possible', false],
  ['Y4', 'not-possible', false],
  ['Y5', 'not-possible', false],
  ['Y6', 'not-possible', false],
  ['Y7', 'not-possible', false],
  ['X', 'not-possible', false],
  ['G', 'unauthorised', true],
  ['N', 'unauthorised', true],
  ['O', 'unauthorised', true],
  ['U', 'unauthorised', true],
  ['Z', 'not-collected', false],
  ['#', 'not-collected', false],
];

const RETIRED_CODES: Array<[code: string, cls: CodeClass]> = [
  ['H', 'authorised'],
  ['J', 'authorised'],
  ['Y', 'not-possible'],
  ['F', 'unauthorised'],
];

describe('the national code table', () => {
  it.each(NATIONAL_CODES)('%s is current, class %s, possible %s', (code, cls, possible) => {
    const found = findCode(code);
    expect(found).toBeDefined();
    expect(found!.class).toBe(cls);
    expect(found!.possible).toBe(possible);
    expect(found!.retired).toBe(false);
    expect(isCurrentCode(code)).toBe(true);
  });

  it('holds exactly the national codes and the retired ones, each once', () => {
    const symbols = ATTENDANCE_CODES.map((c) => c.code);
    expect(new Set(symbols).size).toBe(symbols.length);
    expect([...symbols].sort()).toEqual([...NATIONAL_CODES.map((r) => r[0]), ...RETIRED_CODES.map((r) => r[0])].sort());
  });

  it('gives every code an official meaning and a plain one', () => {
    for (const c of ATTENDANCE_CODES) {
      expect(c.meaning.length, c.code).toBeGreaterThan(3);
      expect(c.plainMeaning.length, c.code).toBeGreaterThan(2);
    }
    expect(findCode('M')!.plainMeaning).toMatch(/medical/);
    expect(findCode('V')!.plainMeaning).toMatch(/trip/);
  });

  it.each(RETIRED_CODES)('retired %s is known (class %s) but refused for new entries', (code, cls) => {
    const found = findCode(code);
    expect(found?.retired).toBe(true);
    expect(found?.class).toBe(cls);
    expect(isCurrentCode(code)).toBe(false);
  });

  it.each(['$', 'n', 'm', 'Y8', 'C3', '', ' N', 'N '])('%j is not a code at all', (code) => {
    expect(findCode(code)).toBeUndefined();
    expect(isCurrentCode(code)).toBe(false);
    expect(isPresentCode(code)).toBe(false);
    expect(isAbsenceCode(code)).toBe(false);
  });
});

describe('present and absence codes', () => {
  it.each([
    ['/', true, false],
    ['\\', true, false],
    ['L', true, false],
    ['V', false, false],
    ['M', false, true],
    ['I', false, true],
    ['N', false, true],
    ['U', false, true],
    ['G', false, true],
    ['D', false, false],
    ['Y4', false, false],
    ['#', false, false],
    ['H', false, true],
  ])('%s: present %s, absence %s', (code, present, absence) => {
    expect(isPresentCode(code)).toBe(present);
    expect(isAbsenceCode(code)).toBe(absence);
  });
});

describe('teacher marks', () => {
  it('writes present as / in the morning and \\ in the afternoon', () => {
    expect(presentSymbol('AM')).toBe('/');
    expect(presentSymbol('PM')).toBe('\\');
  });

  it.each<[string, Session, string | null]>([
    ['/', 'AM', '/'],
    ['/', 'PM', '\\'],
    ['\\', 'PM', '\\'],
    ['\\', 'AM', '/'],
    ['N', 'AM', 'N'],
    ['N', 'PM', 'N'],
    ['n', 'AM', null],
    ['L', 'AM', null],
    ['M', 'PM', null],
    ['O', 'AM', null],
    ['', 'AM', null],
    [' /', 'AM', null],
    ['//', 'PM', null],
  ])('%j in the %s is stored as %j', (mark, session, stored) => {
    expect(normaliseTeacherMark(mark, session)).toBe(stored);
  });
});

describe('codes grouped for the office picker', () => {
  const groups = codesByClass();

  it('puts every current code in exactly one group, under its own class', () => {
    const offered = groups.flatMap((g) => g.codes.map((c) => c.code));
    expect([...offered].sort()).toEqual(NATIONAL_CODES.map((r) => r[0]).sort());
    for (const group of groups) {
      expect(group.label).not.toBe('');
      for (const c of group.codes) expect(c.class).toBe(group.class);
    }
  });

  it('never offers a retired code', () => {
    const offered = new Set(groups.flatMap((g) => g.codes.map((c) => c.code)));
    for (const [code] of RETIRED_CODES) expect(offered.has(code)).toBe(false);
  });

  it('starts with present, then approved activities, then absences', () => {
    expect(groups.map((g) => g.class).slice(0, 4)).toEqual(['present', 'aea', 'authorised', 'unauthorised']);
  });
});
