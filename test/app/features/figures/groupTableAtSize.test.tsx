/**
 * The Attendance screen's table by class at size (issue 11): a secondary school of 1,500 pupils has 60 forms,
 * all drawn; a bigger school's classes are drawn a hundred at a time, sorted as a whole, and printed whole.
 */
import { describe, expect, it } from 'vitest';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { GROUP_ROWS, GroupTable } from '../../../../src/app/features/figures/GroupTable';
import type { PupilAttendance } from '../../../../src/protocol/officeFigures';
import { attendanceAnswer, secondaryPupils } from '../absence-lists/secondarySchool';

const bodyRows = () => [...document.querySelectorAll('table.figures-table tbody tr')].map((tr) => tr.querySelector('th')!.textContent);
const printEvent = (type: 'beforeprint' | 'afterprint') => act(() => void window.dispatchEvent(new Event(type)));

async function show(pupils: PupilAttendance[]) {
  render(<GroupTable data={attendanceAnswer('2026-09-01', '2026-11-24', pupils)} cohortWords="All pupils" />);
  const user = userEvent.setup();
  await user.click(screen.getByRole('radio', { name: 'By class' }));
  return user;
}

describe('the table by class at size', () => {
  it('draws all 60 forms of a 1,500-pupil school, with no paging', async () => {
    const pupils = secondaryPupils();
    await show(pupils);
    expect(bodyRows()).toHaveLength(new Set(pupils.map((p) => p.groupId)).size);
    expect(bodyRows()).toHaveLength(60);
    expect(screen.queryByText(/^Showing/)).toBeNull();
  });

  it("draws a hundred of a bigger school's classes, sorted as a whole, and prints them all", async () => {
    const CLASSES = 150;
    // 150 classes, named so that the one with the lowest attendance comes last in class order.
    const school = secondaryPupils();
    const classOf = (i: number) => i % CLASSES;
    const rate = Array.from({ length: CLASSES }, (_, c) => {
      const members = school.filter((_, i) => classOf(i) === c);
      return members.reduce((n, p) => n + p.present + p.aea, 0) / members.reduce((n, p) => n + p.possible, 0);
    });
    const worst = rate.indexOf(Math.min(...rate));
    const nameOf = (c: number) => `Class ${c === worst ? CLASSES - 1 : c === CLASSES - 1 ? worst : c}`;
    const pupils = school.map((p, i) => ({ ...p, groupId: `c${classOf(i)}`, groupName: nameOf(classOf(i)) }));
    const lowest = nameOf(worst);
    const user = await show(pupils);
    expect(bodyRows()).toHaveLength(GROUP_ROWS);
    expect(screen.getByText(`Showing ${GROUP_ROWS} of ${CLASSES} classes.`, { exact: false })).toBeTruthy();
    expect(bodyRows()).not.toContain(lowest);

    // The class with the lowest attendance of all 150 heads the table sorted by attendance.
    await user.click(within(screen.getByRole('table')).getByRole('button', { name: 'Attendance' }));
    expect(bodyRows()[0]).toBe(lowest);
    expect(bodyRows()).toHaveLength(GROUP_ROWS);

    printEvent('beforeprint');
    expect(bodyRows()).toHaveLength(CLASSES);
    printEvent('afterprint');
    expect(bodyRows()).toHaveLength(GROUP_ROWS);

    await user.click(screen.getByRole('button', { name: `Show ${CLASSES - GROUP_ROWS} more` }));
    expect(bodyRows()).toHaveLength(CLASSES);
  });
});
