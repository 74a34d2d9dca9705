/** Data for the register-screen tests: the shared snapshot plus cells, days and covers on any date. */
import type { Change, SignedInUser } from '../../../../src/protocol';
import { pupil, teacher } from '../../helpers';

export const TODAY = '2026-11-24';

export function cell(pupilId: string, code: string, opts: { source?: 'teacher' | 'office'; date?: string; session?: 'AM' | 'PM' } = {}): Change {
  const { source = 'teacher', date = TODAY, session = 'AM' } = opts;
  return {
    entity: 'cell',
    op: 'put',
    key: `${pupilId}|${date}|${session}`,
    value: { pupilId, date, session, code, source, markedBy: source === 'office' ? 'Mrs Office' : 'Ms Jones', markedAt: `${date}T08:50:00.000Z` },
  };
}

export function day(date: string, isSchoolDay = true, label: string | null = null): Change {
  return { entity: 'day', op: 'put', key: date, value: { date, isSchoolDay, label } };
}

export const ta: SignedInUser = { ...teacher, id: 'u-ta', username: 'ta', displayName: 'Mr Patel', role: 'ta' };

/** A second class, g2, with two pupils. */
export function secondClass(): Change[] {
  return [
    { entity: 'group', op: 'put', key: 'g2', value: { id: 'g2', name: 'Class 4A', yearGroup: 4 } },
    { entity: 'pupil', op: 'put', key: 'q1', value: pupil('q1', 'Dan', 'Evans', null, 'g2') },
    { entity: 'pupil', op: 'put', key: 'q2', value: pupil('q2', 'Eve', 'Fox', null, 'g2') },
  ];
}

export function cover(id: string, staffId: string, groupId: string, sessions: Array<'AM' | 'PM'>, startDate = TODAY, endDate = TODAY): Change {
  return { entity: 'assignment', op: 'put', key: id, value: { id, groupId, staffId, kind: 'cover', startDate, endDate, sessions } };
}
