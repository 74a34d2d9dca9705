/**
 * Every office search finds a pupil the way the teacher's register does: accents, case and apostrophes
 * ignored ("zajac" finds Zając, "lukasz" finds Łukasz, "obrien" finds O’Brien), with one helper
 * (nameMatchesSearch) behind the Pupils search, the late desk and the planned absences.
 */
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Pupils from '../../../../src/app/features/pupils/Pupils';
import { matchPupils, type TodayPupil } from '../../../../src/app/features/today/TodayPupilFinder';
import { foldName, nameMatchesSearch } from '../../../../src/app/components/pupilName';
import { matchesFilter } from '../../../../src/app/features/registers/model';
import type { OfficeRegistersResponse } from '../../../../src/app/sync/api';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

const NAMES = ['Zofia Zając', 'Łukasz Nowak', 'Siobhán O’Brien', 'Amy Smith', 'Lily Jones-Smith', 'Chloé Martin'];

const registers: OfficeRegistersResponse = {
  date: '2026-11-24',
  isSchoolDay: true,
  dayLabel: null,
  registers: (['AM', 'PM'] as const).map((session) => ({
    groupId: 'g3', groupName: 'Year 3 Willow', session, opensAt: '08:50', takenBy: [], coveredBy: [], total: NAMES.length, marked: 0, present: 0, absent: 0,
    pupils: NAMES.map((name, i) => ({ pupilId: `p${i}`, name, code: null, source: null, markedBy: null, markedAt: null, receivedAt: null })),
  })),
};

describe('pupil search on the office screens', () => {
  it('folds accents, case and apostrophes the same way everywhere', () => {
    expect(foldName('Zając')).toBe('zajac');
    expect(foldName('ŁUKASZ')).toBe('lukasz');
    expect(foldName('O’Brien')).toBe('obrien');
    const found = (typed: string) => NAMES.filter((n) => nameMatchesSearch(n, typed));
    expect(found('zajac')).toEqual(['Zofia Zając']);
    expect(found('lukasz')).toEqual(['Łukasz Nowak']);
    expect(found("o'brien")).toEqual(['Siobhán O’Brien']);
    expect(found('brien')).toEqual(['Siobhán O’Brien']);
    expect(found('siobhan')).toEqual(['Siobhán O’Brien']);
    expect(found('chloe m')).toEqual(['Chloé Martin']);
    expect(found('smith')).toEqual(['Amy Smith', 'Lily Jones-Smith']);
    expect(found('  ')).toEqual([]);
    // The late desk and the signing-out book.
    const today: TodayPupil[] = NAMES.map((name, i) => ({ pupilId: `p${i}`, name, groupId: 'g3', groupName: 'Year 3 Willow', codes: { AM: null, PM: null } }));
    expect(matchPupils(today, 'LUKASZ').map((p) => p.name)).toEqual(['Łukasz Nowak']);
    // The teacher's register filters by the same fold.
    expect(matchesFilter({ firstName: 'Łukasz', lastName: 'Nowak', preferredName: null }, 'lukasz')).toBe(true);
  });

  it("finds Zając on the Pupils screen when 'zajac' is typed", async () => {
    const h = await harness({ user: officeUser, changes: [] });
    h.server.onOther = (path) => (path.startsWith('/api/office/registers') ? { status: 200, body: registers } : { status: 404, body: { code: 'not_found', message: 'Not found' } });
    renderIn(h, <Pupils params={[]} />);
    await screen.findByText(/Searches the 6 pupils on roll today/);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Pupil's name"), 'zajac');
    const list = await screen.findByRole('list', { name: 'Matching pupils' });
    expect(within(list).getAllByRole('link').map((a) => a.textContent)).toEqual(['Zofia Zając']);
    await user.clear(screen.getByLabelText("Pupil's name"));
    await user.type(screen.getByLabelText("Pupil's name"), 'obrien');
    expect(within(await screen.findByRole('list', { name: 'Matching pupils' })).getAllByRole('link').map((a) => a.textContent)).toEqual(['Siobhán O’Brien']);
  });
});
