/**
 * The Attendance table's caption names the cohort as the rest of the screen does: "SEN support", "EHC plan"
 * and "English" keep their capitals in the middle of the sentence (it read "pupils with sen support").
 */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { GroupTable } from '../../../../src/app/features/figures/GroupTable';
import { describeCohort } from '../../../../src/app/features/figures/attendanceFigures';
import { answer, yearPupils } from './attendanceFixtures';

const caption = (cohortWords: string) => {
  const { unmount } = render(<GroupTable data={answer('2026-09-01', '2026-11-24', yearPupils)} cohortWords={cohortWords} />);
  const text = screen.getByRole('table').querySelector('caption')!.textContent;
  unmount();
  return text;
};

describe("the table's caption", () => {
  it('says the cohort with its capitals kept, after the dates', () => {
    expect(caption(describeCohort({ send: 'K' }))).toBe("By year group, 1 Sep to 24 Nov 2026: pupils with SEN support. Choose a column's heading to sort by it.");
    expect(caption(describeCohort({ send: 'E', eal: true }))).toContain(': pupils with an EHC plan, with English as an additional language.');
    expect(caption(describeCohort({ gender: 'F', send: 'K' }))).toContain(': girls with SEN support.');
    expect(caption(describeCohort({}))).toContain(': all pupils.');
  });
});
