/** The fields an audit entry changed, in words. */
import { describe, expect, it } from 'vitest';
import { changedFields, describeValue, fieldLabel } from '../../../../../src/app/features/admin/audit/auditChanges';

describe('changedFields', () => {
  it('lists only the fields whose value differs, with both values in words', () => {
    expect(changedFields({ name: 'Ava', fsm: false, yearGroup: 3 }, { name: 'Ava', fsm: true, yearGroup: 4 })).toEqual([
      { field: 'FSM', before: 'No', after: 'Yes' },
      { field: 'Year group', before: '3', after: '4' },
    ]);
  });

  it('lists every field of a created or removed record against "not set"', () => {
    expect(changedFields(null, { date: '2026-12-01', label: 'INSET' })).toEqual([
      { field: 'Date', before: 'not set', after: '2026-12-01' },
      { field: 'Label', before: 'not set', after: 'INSET' },
    ]);
    expect(changedFields({ email: 'a@b.uk' }, undefined)).toEqual([{ field: 'Email', before: 'a@b.uk', after: 'not set' }]);
  });

  it('follows nested records and compares lists whole', () => {
    expect(changedFields({ sessions: { AM: { opensAt: '08:45' }, PM: { opensAt: '13:15' } }, groups: ['3B'] }, { sessions: { AM: { opensAt: '08:50' }, PM: { opensAt: '13:15' } }, groups: ['3B'] })).toEqual([
      { field: 'Sessions › AM › opens at', before: '08:45', after: '08:50' },
    ]);
  });

  it('treats a value that is not a record as one field, and keys like __proto__ as data', () => {
    expect(changedFields('old', 'new')).toEqual([{ field: 'Value', before: 'old', after: 'new' }]);
    expect(changedFields(JSON.parse('{"__proto__": 1}'), JSON.parse('{"__proto__": 2}'))).toEqual([{ field: 'Proto', before: '1', after: '2' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('writes names and values for people', () => {
    expect(fieldLabel(['sen_status'])).toBe('SEN status');
    expect(fieldLabel(['dateOfBirth'])).toBe('Date of birth');
    expect(describeValue('')).toBe('blank');
    expect(describeValue([])).toBe('none');
    expect(describeValue(null)).toBe('not set');
  });
});
