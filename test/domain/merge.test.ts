import { describe, it, expect } from 'vitest';
import {
  applyOfficeEntry,
  applyTeacherEntry,
  effectiveCode,
  EMPTY_CELL,
  mergeCells,
  teacherEntryOpensConflict,
  type OfficeEntry,
  type TeacherEntry,
} from '../../src/domain/merge';
import type { TeacherMark } from '../../src/domain/codes';

const T0 = Date.parse('2026-06-01T07:50:00Z');

function teacher(code: TeacherMark, observedAt: number, deviceId = 'tablet-a', seq = 1): TeacherEntry {
  return { code, observedAt, deviceId, seq, staffId: 'staff-teacher' };
}

function office(code: string, version: number, eventId = `event-${version}`): OfficeEntry {
  return { code, version, eventId, staffId: 'staff-office' };
}

describe('teacher marks', () => {
  it('an empty cell has no code', () => {
    expect(effectiveCode(EMPTY_CELL)).toBeNull();
  });

  it('the first mark sets the code', () => {
    const cell = applyTeacherEntry(EMPTY_CELL, teacher('/', T0));
    expect(effectiveCode(cell)).toEqual({ code: '/', source: 'teacher' });
    expect(EMPTY_CELL).toEqual({ teacher: null, office: null });
  });

  it('the later observation wins whichever arrives first', () => {
    const absent = teacher('N', T0);
    const arrived = teacher('/', T0 + 60_000, 'tablet-b', 7);
    expect(effectiveCode(applyTeacherEntry(applyTeacherEntry(EMPTY_CELL, absent), arrived))?.code).toBe('/');
    expect(effectiveCode(applyTeacherEntry(applyTeacherEntry(EMPTY_CELL, arrived), absent))?.code).toBe('/');
  });

  it('breaks a tie in time by deviceId, then seq', () => {
    const fromA = teacher('N', T0, 'tablet-a', 9);
    const fromB = teacher('/', T0, 'tablet-b', 1);
    expect(applyTeacherEntry(applyTeacherEntry(EMPTY_CELL, fromB), fromA).teacher).toBe(fromB);
    const seq1 = teacher('/', T0, 'tablet-a', 1);
    const seq2 = teacher('N', T0, 'tablet-a', 2);
    expect(applyTeacherEntry(applyTeacherEntry(EMPTY_CELL, seq2), seq1).teacher).toBe(seq2);
  });

  it('returns the same object when an entry changes nothing', () => {
    const cell = applyTeacherEntry(EMPTY_CELL, teacher('/', T0));
    expect(applyTeacherEntry(cell, teacher('/', T0))).toBe(cell);
    expect(applyTeacherEntry(cell, teacher('N', T0 - 1))).toBe(cell);
    expect(applyTeacherEntry(cell, teacher('N', T0 + 1))).not.toBe(cell);
  });
});

describe('office codes', () => {
  it('win over the teacher, even over a later teacher mark', () => {
    let cell = applyOfficeEntry(EMPTY_CELL, office('M', 3));
    cell = applyTeacherEntry(cell, teacher('/', T0 + 3_600_000));
    expect(effectiveCode(cell)).toEqual({ code: 'M', source: 'office' });
    // the teacher's mark is kept for the record
    expect(cell.teacher?.code).toBe('/');
  });

  it('the highest server version wins whichever arrives first', () => {
    const first = office('N', 4);
    const corrected = office('I', 9);
    expect(effectiveCode(applyOfficeEntry(applyOfficeEntry(EMPTY_CELL, first), corrected))?.code).toBe('I');
    expect(effectiveCode(applyOfficeEntry(applyOfficeEntry(EMPTY_CELL, corrected), first))?.code).toBe('I');
  });

  it('breaks a tie in version by eventId and returns the same object for a repeat', () => {
    const a = office('I', 5, 'event-a');
    const b = office('M', 5, 'event-b');
    const cell = applyOfficeEntry(applyOfficeEntry(EMPTY_CELL, b), a);
    expect(cell.office).toBe(b);
    expect(applyOfficeEntry(cell, office('M', 5, 'event-b'))).toBe(cell);
  });
});

describe('mergeCells', () => {
  it('joins what a device holds with what the server sent', () => {
    const device = applyTeacherEntry(EMPTY_CELL, teacher('/', T0 + 1000, 'tablet-a'));
    const server = applyOfficeEntry(applyTeacherEntry(EMPTY_CELL, teacher('N', T0, 'tablet-b')), office('L', 2));
    const merged = mergeCells(device, server);
    expect(merged.teacher?.code).toBe('/');
    expect(merged.office?.code).toBe('L');
    expect(mergeCells(merged, server)).toBe(merged);
  });
});

describe('teacherEntryOpensConflict', () => {
  it.each<[string, string | null, TeacherMark, boolean]>([
    ['no office code', null, '/', false],
    ['office has a medical appointment, teacher sees the pupil', 'M', '/', true],
    ['office has a trip, teacher sees the pupil in the afternoon', 'V', '\\', true],
    ['office has unauthorised absence, teacher sees the pupil', 'O', '/', true],
    ['office has not on roll, teacher sees the pupil', 'Z', '/', true],
    ['office has a medical appointment, teacher agrees the pupil is absent', 'M', 'N', false],
    ['office has late, teacher sees the pupil', 'L', '/', false],
    ['office has present, teacher sees the pupil', '/', '\\', false],
  ])('%s: %s + %s opens a conflict: %s', (_what, officeCode, mark, expected) => {
    const cell = officeCode === null ? EMPTY_CELL : applyOfficeEntry(EMPTY_CELL, office(officeCode, 1));
    expect(teacherEntryOpensConflict(cell, teacher(mark, T0))).toBe(expected);
  });
});
