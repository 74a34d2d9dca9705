/**
 * The persistent absence list and the letters at a secondary school's size (issue 11): 1,500 pupils, a few
 * hundred of them persistently absent. The screen draws a page of rows at a time, but sorting covers the
 * whole list, the CSV holds every pupil on it, and printing prints every row and every letter.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import PersistentAbsence, { PAGE_ROWS } from '../../../../src/app/features/absence-lists/PersistentAbsence';
import { PREVIEW_LETTERS } from '../../../../src/app/features/absence-lists/AttendanceLetters';
import type { PupilAttendance } from '../../../../src/protocol/officeFigures';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { SCHOOL_PUPILS, attendanceAnswer, secondaryPupils } from './secondarySchool';

const TODAY = '2026-11-24';
const pupils = secondaryPupils(240, 11);
/** The same pupils four weeks earlier: fewer sessions and another mix, so each has a movement. */
const earlierPupils = secondaryPupils(200, 12);

const byName = (a: PupilAttendance, b: PupilAttendance) => a.name.localeCompare(b.name, 'en-GB');
/** Who the list must hold: the server's own flags decide. */
const listed = pupils.filter((p) => p.persistentAbsence || p.severeAbsence);
const mostAbsentFirst = [...listed].sort((a, b) => b.absencePercent! - a.absencePercent! || byName(a, b));

async function setup() {
  const h = await harness({ user: officeUser, changes: [] });
  h.server.onOther = (path) => {
    const url = new URL(path, 'http://school');
    if (url.pathname === '/api/office/letter-template') {
      return { status: 200, body: { schoolName: 'Riverside Academy', letterTemplate: 'Dear family of {pupilName},\n\n{pupilName} attended {attendancePercent}% of sessions.' } };
    }
    if (url.pathname !== '/api/office/attendance') return { status: 404, body: { code: 'not_found', message: 'Not found' } };
    const to = url.searchParams.get('to')!;
    return { status: 200, body: attendanceAnswer(url.searchParams.get('from')!, to, to === TODAY ? pupils : earlierPupils) };
  };
  renderIn(h, <PersistentAbsence params={[]} />);
  await screen.findByRole('table');
  return { user: userEvent.setup() };
}

/** The list's rows in the DOM, by pupil name (a plain query: the list is long). */
const rowNames = () => [...document.querySelectorAll('.pa-table tbody tr')].map((tr) => tr.querySelector('th')!.textContent);
const letterNames = () => [...document.querySelectorAll('article.letter')].map((a) => a.getAttribute('aria-label')!.replace('Letter to the family of ', ''));
const names = (list: readonly PupilAttendance[]) => list.map((p) => p.name);
const printEvent = (type: 'beforeprint' | 'afterprint') => act(() => void window.dispatchEvent(new Event(type)));

afterEach(() => vi.unstubAllGlobals());

describe('the persistent absence list for 1,500 pupils', () => {
  it('is a few hundred pupils long, so the test means something', () => {
    expect(pupils).toHaveLength(SCHOOL_PUPILS);
    expect(listed.length).toBeGreaterThan(2 * PAGE_ROWS);
    expect(listed.length).toBeLessThan(SCHOOL_PUPILS);
  });

  it('draws the first hundred rows, then a hundred more, then all, in the list order', async () => {
    const { user } = await setup();
    expect(rowNames()).toEqual(names(mostAbsentFirst.slice(0, PAGE_ROWS)));
    expect(screen.getByText(`Showing ${PAGE_ROWS} of ${listed.length} pupils.`, { exact: false })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: `Show ${PAGE_ROWS} more` }));
    expect(rowNames()).toEqual(names(mostAbsentFirst.slice(0, 2 * PAGE_ROWS)));
    expect(screen.getByText(`Showing ${2 * PAGE_ROWS} of ${listed.length} pupils.`, { exact: false })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: `Show all ${listed.length}` }));
    expect(rowNames()).toEqual(names(mostAbsentFirst));
    expect(screen.getByText(`Showing all ${listed.length} pupils.`, { exact: false })).toBeTruthy();
    // The button pressed has gone; the keyboard stays on the line, not thrown back to the top of the page.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: `Show the first ${PAGE_ROWS} only` }));

    // Another set of pupils starts again at the first page; sorting alone does not.
    await user.click(screen.getByRole('radio', { name: 'Severe only (50% or more)' }));
    const severe = mostAbsentFirst.filter((p) => p.severeAbsence);
    expect(severe.length).toBeGreaterThan(0);
    expect(severe.length).toBeLessThan(PAGE_ROWS);
    expect(rowNames()).toEqual(names(severe));
    await user.click(screen.getByRole('radio', { name: '10% absence or more' }));
    expect(rowNames()).toHaveLength(PAGE_ROWS);
  });

  it('sorts the whole list, not only the rows drawn', async () => {
    const { user } = await setup();
    const header = (name: string) => screen.getByRole('columnheader', { name: new RegExp(`^${name}`) });

    await user.click(screen.getByRole('button', { name: 'Pupil' }));
    const alphabetical = [...listed].sort(byName);
    expect(rowNames()).toEqual(names(alphabetical.slice(0, PAGE_ROWS)));
    expect(header('Pupil').getAttribute('aria-sort')).toBe('ascending');

    // The most absent pupil of all 1,500 is nowhere on the first page by name...
    const mostAbsent = [...pupils].sort((a, b) => b.absencePercent! - a.absencePercent! || byName(a, b))[0]!;
    expect(rowNames()).not.toContain(mostAbsent.name);
    // ...and is first once the list is sorted by absence.
    await user.click(screen.getByRole('button', { name: 'Absence' }));
    expect(rowNames()[0]).toBe(mostAbsent.name);
    expect(rowNames()).toEqual(names(mostAbsentFirst.slice(0, PAGE_ROWS)));
    expect(header('Absence').getAttribute('aria-sort')).toBe('descending');
    expect(document.querySelector('.pa-table tbody tr td:nth-of-type(2)')!.textContent).toContain(`${mostAbsent.absencePercent!.toFixed(1)}%`);

    await user.click(screen.getByRole('button', { name: 'Absence' }));
    expect(header('Absence').getAttribute('aria-sort')).toBe('ascending');
    const leastAbsent = [...listed].sort((a, b) => a.absencePercent! - b.absencePercent! || byName(a, b));
    expect(rowNames()).toEqual(names(leastAbsent.slice(0, PAGE_ROWS)));

    // Forms sort as numbers read: 7A before 10A (a plain text sort would put Year 10 first).
    await user.click(screen.getByRole('button', { name: 'Class' }));
    const classes = [...document.querySelectorAll('.pa-table tbody tr td:first-of-type')].map((td) => td.textContent!);
    expect(classes[0]).toBe('7A');
    expect(new Set(classes)).not.toContain('10A');

    // The biggest rise in absence over the last four weeks, of the whole list, comes first.
    await user.click(screen.getByRole('button', { name: 'Last four weeks' }));
    const before = new Map(earlierPupils.map((p) => [p.pupilId, p.absencePercent!]));
    const rise = (p: PupilAttendance) => p.absencePercent! - before.get(p.pupilId)!;
    const biggestRise = [...listed].sort((a, b) => rise(b) - rise(a) || b.absencePercent! - a.absencePercent! || byName(a, b))[0]!;
    expect(rowNames()[0]).toBe(biggestRise.name);
  });

  it('downloads every pupil on the list in the CSV, in the order chosen, whatever the screen has drawn', async () => {
    const files: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (files.push(b), 'blob:csv'), revokeObjectURL: () => undefined }));
    const { user } = await setup();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await user.click(screen.getByRole('button', { name: 'Pupil' }));
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    const lines = (await files[0]!.text()).split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(listed.length);
    expect(lines.map((l) => l.split(',')[0])).toEqual(names([...listed].sort(byName)));
    clicked.mockRestore();
  });

  it('prints every row, from "Print the list" or from the browser\'s own Print, then draws a page again', async () => {
    let printed: string[] = [];
    vi.stubGlobal('print', vi.fn(() => (printed = rowNames())));
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Print the list' }));
    expect(printed).toEqual(names(mostAbsentFirst));
    expect(screen.getByRole('main').className).toContain('printing-list');
    printEvent('afterprint');
    expect(rowNames()).toHaveLength(PAGE_ROWS);

    // Ctrl+P or the browser's menu: the page is drawn whole before the browser lays it out.
    await user.click(screen.getByRole('button', { name: 'Pupil' }));
    printEvent('beforeprint');
    expect(rowNames()).toEqual(names([...listed].sort(byName)));
    printEvent('afterprint');
    expect(rowNames()).toHaveLength(PAGE_ROWS);
  });
});

describe('letters to families at 1,500 pupils', () => {
  const red = pupils.filter((p) => p.band === 'Red');

  it('previews twenty letters at a time, and prints a letter for every pupil below the band', async () => {
    expect(red.length).toBeGreaterThan(3 * PREVIEW_LETTERS);
    let printed: string[] = [];
    vi.stubGlobal('print', vi.fn(() => (printed = letterNames())));
    const { user } = await setup();
    await user.selectOptions(screen.getByLabelText('Pupils below the band'), 'Amber');
    const lowestFirst = [...red].sort((a, b) => a.attendancePercent! - b.attendancePercent! || byName(a, b));
    await waitFor(() => expect(letterNames()).toEqual(names(lowestFirst.slice(0, PREVIEW_LETTERS))));
    expect(screen.getByText(`Showing ${PREVIEW_LETTERS} of ${red.length} letters.`, { exact: false })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: `Show ${PREVIEW_LETTERS} more` }));
    expect(letterNames()).toHaveLength(2 * PREVIEW_LETTERS);

    await user.click(screen.getByRole('button', { name: `Print ${red.length} letters` }));
    expect(printed).toEqual(names(lowestFirst));
    expect(screen.getByRole('main').className).toContain('printing-letters');
    const last = [...document.querySelectorAll('article.letter')].at(-1)!;
    expect(last.textContent).toContain(`${lowestFirst.at(-1)!.name} attended ${lowestFirst.at(-1)!.attendancePercent!.toFixed(1)}% of sessions.`);

    // After printing, the preview is back to what it showed, and the browser's Print prints the list again.
    printEvent('afterprint');
    expect(letterNames()).toHaveLength(2 * PREVIEW_LETTERS);
    expect(screen.getByRole('main').className).toContain('printing-list');
    printEvent('beforeprint');
    expect(rowNames()).toHaveLength(listed.length);
    expect(letterNames()).toHaveLength(2 * PREVIEW_LETTERS);
    printEvent('afterprint');
  });

  it('puts the letters in class order for the form tutors, in the preview and on paper', async () => {
    let printed: string[] = [];
    vi.stubGlobal('print', vi.fn(() => (printed = letterNames())));
    const { user } = await setup();
    await user.selectOptions(screen.getByLabelText('Pupils below the band'), 'Amber');
    await user.selectOptions(screen.getByLabelText('In order of'), "Class, then pupil's name");
    const classOrder = [...red].sort((a, b) => a.groupName!.localeCompare(b.groupName!, 'en-GB', { numeric: true }) || byName(a, b));
    expect(classOrder[0]!.groupName).toBe('7A');
    expect(classOrder.at(-1)!.groupName).toMatch(/^11/);
    await waitFor(() => expect(letterNames()).toEqual(names(classOrder.slice(0, PREVIEW_LETTERS))));
    await user.click(screen.getByRole('button', { name: `Print ${red.length} letters` }));
    expect(printed).toEqual(names(classOrder));
    printEvent('afterprint');
  });
});
