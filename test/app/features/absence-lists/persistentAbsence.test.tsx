/** Persistent and severe absence (#/office/persistent): the list, its four-week movement, print, CSV and letters. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import PersistentAbsence from '../../../../src/app/features/absence-lists/PersistentAbsence';
import type { AttendanceResponse, PupilAttendance } from '../../../../src/protocol/officeFigures';
import type { LetterTemplateResponse } from '../../../../src/protocol/letterTemplate';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';

/** A pupil with `absence`% of 100 possible sessions missed (unauthorised), in the band the school's bands give. */
function pupil(id: string, name: string, absence: number, over: Partial<PupilAttendance> = {}): PupilAttendance {
  const attendance = 100 - absence;
  return {
    pupilId: id, name, groupId: 'g5', groupName: 'Year 5 Chestnut', yearGroup: 5,
    possible: 100, present: attendance, aea: 0, authorised: 0, unauthorised: absence, unmarked: 0,
    attendancePercent: attendance, absencePercent: absence, persistentAbsence: absence >= 10, severeAbsence: absence >= 50,
    band: attendance < 90 ? 'Red' : attendance < 96 ? 'Amber' : 'Green', ...over,
  };
}

function answer(from: string, to: string, pupils: PupilAttendance[]): AttendanceResponse {
  const sum = (f: (p: PupilAttendance) => number) => pupils.reduce((n, p) => n + f(p), 0);
  return {
    from, to, pupils, term: null,
    totals: {
      pupils: pupils.length, possible: sum((p) => p.possible), present: sum((p) => p.present), aea: 0, authorised: 0, unauthorised: sum((p) => p.unauthorised),
      unmarked: 0, attendancePercent: null, absencePercent: null,
      persistentAbsence: pupils.filter((p) => p.persistentAbsence).length, severeAbsence: pupils.filter((p) => p.severeAbsence).length,
    },
  };
}

const YEAR_START = '2026-09-01';
const TODAY = '2026-11-24';
const FOUR_WEEKS_EARLIER = '2026-10-27';

const nowPupils = [
  pupil('p1', 'Amy Smith', 12, { authorised: 4, unauthorised: 8, band: 'Red' }),
  pupil('p2', 'Ben Adams', 55),
  pupil('p3', 'Cara Jones', 5),
  pupil('p4', '=HYPERLINK("x") Dan', 20, { groupName: 'Year 6, Oak' }),
  pupil('p5', 'Eve Brown', 2),
];
const earlierPupils = [pupil('p1', 'Amy Smith', 10), pupil('p2', 'Ben Adams', 60), pupil('p3', 'Cara Jones', 5), pupil('p5', 'Eve Brown', 2)];
const letter: LetterTemplateResponse = {
  schoolName: 'Oakfield Primary',
  letterTemplate: 'Dear family of {pupilName},\n\n{schoolName}: {attendancePercent}% from {from} to {to}, {sessionsMissed} of {possibleSessions} missed. {unknown}',
};

async function setup(pupils = nowPupils) {
  const h = await harness({ user: officeUser, changes: [] });
  const asked: string[] = [];
  h.server.onOther = (path) => {
    asked.push(path);
    const url = new URL(path, 'http://school');
    if (url.pathname === '/api/office/letter-template') return { status: 200, body: letter };
    if (url.pathname !== '/api/office/attendance') return { status: 404, body: { code: 'not_found', message: 'Not found' } };
    const from = url.searchParams.get('from')!;
    const to = url.searchParams.get('to')!;
    return { status: 200, body: answer(from, to, to === TODAY ? pupils : earlierPupils) };
  };
  renderIn(h, <PersistentAbsence params={[]} />);
  await screen.findByRole('table');
  return { h, asked };
}

const bodyRows = () => within(screen.getByRole('table')).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent).join(' | ') + ` | ${within(r).getByRole('rowheader').textContent}`);

afterEach(() => vi.unstubAllGlobals());

describe('persistent and severe absence', () => {
  it('lists every pupil at or over 10%, most absence first, with the four-week movement from a second read', async () => {
    const { asked } = await setup();
    expect(asked).toContain(`/api/office/attendance?from=${YEAR_START}&to=${TODAY}`);
    expect(asked).toContain(`/api/office/attendance?from=${YEAR_START}&to=${FOUR_WEEKS_EARLIER}`);
    expect(bodyRows()).toEqual([
      'Year 5 Chestnut | 55.0% Severe | Down 5.0 points (was 60.0%) | Not given | Ben Adams',
      'Year 6, Oak | 20.0%  | No figure four weeks earlier | Not given | =HYPERLINK("x") Dan',
      'Year 5 Chestnut | 12.0%  | Up 2.0 points (was 10.0%) | Not given | Amy Smith',
    ]);
    expect(screen.getByRole('status').textContent).toBe(
      '3 pupils are persistently absent (10% or more), 1 of them severely (50% or more), of 5 pupils, Tuesday 1 September 2026 to Tuesday 24 November 2026.',
    );
    expect(screen.getByRole('link', { name: 'Ben Adams' }).getAttribute('href')).toBe('#/office/pupils/p2');
    expect(screen.getByText(/does not send pupils' flags/)).toBeTruthy();
  });

  it("shows the pupils' flags in words when the answer carries them", async () => {
    await setup([pupil('p1', 'Amy Smith', 12, { flags: { send: 'K', fsm: true, eal: false, lookedAfter: true } }), pupil('p2', 'Ben Adams', 15, { flags: { send: 'none', fsm: false, eal: false, lookedAfter: false } })]);
    expect(bodyRows().map((r) => r.split(' | ')[3])).toEqual(['None', 'SEN support, FSM, Looked after']);
    expect(screen.queryByText(/does not send pupils' flags/)).toBeNull();
  });

  it('filters to severe absence only, and reads again for other dates', async () => {
    const { asked } = await setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('radio', { name: 'Severe only (50% or more)' }));
    expect(bodyRows()).toHaveLength(1);
    expect(bodyRows()[0]).toContain('Ben Adams');
    expect(screen.getByRole('table').querySelector('caption')?.textContent).toContain('Severe absence');

    // A range shorter than four weeks has no earlier figure to compare with, and asks for none.
    const before = asked.length;
    const fromBox = screen.getByLabelText('From');
    await user.clear(fromBox);
    await user.type(fromBox, '2026-11-10');
    await screen.findByText(/shorter than four weeks/);
    expect(asked.slice(before).filter((p) => p.includes('to=2026-10'))).toEqual([]);
  });

  it('says what is wrong with the dates instead of reading', async () => {
    await setup();
    const user = userEvent.setup();
    const toBox = screen.getByLabelText('To');
    await user.clear(toBox);
    await user.type(toBox, '2026-08-01');
    expect((await screen.findByRole('alert')).textContent).toContain('"To" is before "From"');
    expect(screen.getByRole('button', { name: 'Download CSV' })).toHaveProperty('disabled', true);
  });

  it('downloads the list as a formula-safe CSV made in the browser', async () => {
    const files: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (files.push(b), 'blob:csv'), revokeObjectURL: () => undefined }));
    await setup();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    const text = await files[0]!.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('pupil,class,year group,absence %,attendance %,severe,absence % four weeks earlier,change (points),possible sessions,authorised,unauthorised,flags');
    expect(lines[1]).toBe("Ben Adams,Year 5 Chestnut,5,55.0,45.0,yes,60.0,'-5.0,100,0,55,");
    // A name that a spreadsheet would run is made text, and a comma or quote is quoted.
    expect(lines[2]).toBe(`"'=HYPERLINK(""x"") Dan","Year 6, Oak",5,20.0,80.0,no,,,100,0,20,`);
    expect(lines[3]).toBe('Amy Smith,Year 5 Chestnut,5,12.0,88.0,no,10.0,2.0,100,4,8,');
    expect(lines).toHaveLength(5);
    clicked.mockRestore();
  });

  const many = () => Array.from({ length: 130 }, (_, i) => pupil(`m${i}`, `Pupil ${String(i).padStart(3, '0')}`, 10 + (i % 40)));

  it('draws a long list a hundred rows at a time', async () => {
    await setup(many());
    expect(bodyRows()).toHaveLength(100);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show 30 more' }));
    expect(bodyRows()).toHaveLength(130);
    expect(screen.queryByRole('button', { name: /more$/ })).toBeNull();
  });

  it('prints the list alone, every row of it', async () => {
    let rowsWhenPrinted = 0;
    const print = vi.fn(() => (rowsWhenPrinted = bodyRows().length));
    vi.stubGlobal('print', print);
    await setup(many());
    await userEvent.setup().click(screen.getByRole('button', { name: 'Print the list' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(rowsWhenPrinted).toBe(130);
    expect(screen.getByRole('main').className).toContain('printing-list');
  });

  it('breaks no accessibility rule jsdom can check', async () => {
    await setup();
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('prints one letter per pupil below the chosen band, from the template with the school name and figures', async () => {
    const print = vi.fn();
    vi.stubGlobal('print', print);
    await setup();
    const user = userEvent.setup();
    const band = screen.getByLabelText('Pupils below the band');
    // Bands in order of attendance; nobody is below the lowest, so it is not offered.
    expect(within(band).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose a band…', 'Amber', 'Green']);
    expect(screen.getByRole('button', { name: 'Print 0 letters' })).toHaveProperty('disabled', true);

    await user.selectOptions(band, 'Amber');
    const letters = await screen.findAllByRole('article');
    expect(letters.map((l) => l.getAttribute('aria-label'))).toEqual([
      'Letter to the family of Ben Adams',
      'Letter to the family of =HYPERLINK("x") Dan',
      'Letter to the family of Amy Smith',
    ]);
    expect(letters[2]!.textContent).toBe(
      'Oakfield Primary' +
        'Dear family of Amy Smith,' +
        'Oakfield Primary: 88.0% from Tuesday 1 September 2026 to Tuesday 24 November 2026, 12 of 100 missed. {unknown}',
    );
    await user.selectOptions(band, 'Green');
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(4));
    await user.click(screen.getByRole('button', { name: 'Print 4 letters' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('main').className).toContain('printing-letters');
  });
});
