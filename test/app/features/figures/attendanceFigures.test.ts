/** The Attendance screen's arithmetic: sums per group, sorting with empty groups last, cohort words. */
import { describe, expect, it } from 'vitest';
import { describeCohort, figuresByGroup, percent, sortGroups } from '../../../../src/app/features/figures/attendanceFigures';
import { pupil } from './attendanceFixtures';

describe('attendance figures', () => {
  it('sums counts per group and works the percentages out from the sums, not by averaging pupils', () => {
    // 10/10 and 50/100: the average of 100% and 50% is 75%, the group's figure is 60 of 110 = 54.5%.
    const groups = figuresByGroup([pupil('a', 3, '3 Ash', { possible: 10, present: 10, authorised: 0, unauthorised: 0 }), pupil('b', 3, '3 Ash', { possible: 100, present: 50, authorised: 50, unauthorised: 0 })], 'class');
    expect(groups).toHaveLength(1);
    expect(percent(groups[0].attendancePercent)).toBe('54.5%');
    expect(percent(groups[0].absencePercent)).toBe('45.5%');
    expect(groups[0].persistentAbsence).toBe(1);
  });

  it('puts a group with nothing possible last whichever way a column is sorted, and Reception before Year 1', () => {
    const pupils = [
      pupil('a', 1, '1 Oak', { possible: 10, present: 9, authorised: 1, unauthorised: 0 }),
      pupil('b', null, null, { possible: 0, present: 0, authorised: 0, unauthorised: 0 }),
      pupil('c', 0, 'R Ash', { possible: 10, present: 8, authorised: 2, unauthorised: 0 }),
    ];
    const groups = figuresByGroup(pupils, 'yearGroup');
    expect(sortGroups(groups, { key: 'group', ascending: true }).map((g) => g.label)).toEqual(['Reception', 'Year 1', 'No year group']);
    expect(sortGroups(groups, { key: 'attendancePercent', ascending: true }).map((g) => g.label)).toEqual(['Reception', 'Year 1', 'No year group']);
    expect(sortGroups(groups, { key: 'attendancePercent', ascending: false }).map((g) => g.label)).toEqual(['Year 1', 'Reception', 'No year group']);
    expect(percent(groups.find((g) => g.label === 'No year group')!.attendancePercent)).toBe('–');
  });

  it('says the cohort in words', () => {
    expect(describeCohort({})).toBe('All pupils');
    expect(describeCohort({ send: 'E', lookedAfter: true })).toBe('Pupils with an EHC plan, looked after');
    expect(describeCohort({ gender: 'M', fsm: false, eal: true })).toBe('Boys not eligible for free school meals, with English as an additional language');
  });
});
