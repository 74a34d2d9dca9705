/**
 * The office's Attendance screen (issue 11): headline figures this term and the year so far against the
 * target, each with its dates and cohort; the table by year group and by class, sortable; the cohort filters
 * and the dates in the query string; errors said plainly (the trend and patterns: patterns.test.tsx).
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { answer, yearPupils } from './attendanceFixtures';
import { openScreen, schoolServer, termPupils, TERM, TODAY, YEAR_FROM, type Serve, FIRST_LOAD } from './attendanceScreen';

const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1, -1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('Attendance screen', () => {
  it('shows this term and the year so far against the target, each with its dates and cohort', async () => {
    const { asked } = await openScreen(schoolServer);
    const term = await screen.findByRole('region', { name: 'This term (Autumn 2)' }, FIRST_LOAD);
    const year = screen.getByRole('region', { name: 'This school year so far' });
    await within(term).findByText('90.0%');
    expect(term.textContent).toContain('2 Nov to 24 Nov 2026. All pupils.');
    expect(term.textContent).toContain('Absence: 10.0%');
    expect(term.textContent).toContain('Target 96.0%: 6.0 points below');
    expect(term.textContent).toContain('2 sessions have no code yet and are not in these figures.');
    expect(year.textContent).toContain('1 Sep to 24 Nov 2026. All pupils.');
    expect(year.textContent).toContain('Attendance: 86.7%');
    expect(year.textContent).toContain('Absence: 13.3%');
    expect(year.textContent).toContain('Target 96.0%: 9.3 points below');
    expect(year.textContent).toContain('5 pupils; 1 persistently absent (10% or more), 1 of them severely (50% or more).');
    expect(year.textContent).not.toContain('no code yet');
    // The term is read up to today, not to its last day; the year so far is the server's default range.
    expect(asked.map((p) => p.toString())).toEqual(expect.arrayContaining(['', `from=${TERM.from}&to=${TODAY}`]));
  });

  it('sorts the table by year group or class, by any column', async () => {
    const { user } = await openScreen(schoolServer);
    const table = await screen.findByRole('table', { name: /By year group, 1 Sep to 24 Nov 2026: all pupils/ });
    expect(rowsOf(table)).toEqual([
      ['Reception', '2', '400', '95.0%', '5.0%', '16', '4', '0'],
      ['Year 1', '2', '400', '73.0%', '27.0%', '44', '64', '1'],
      ['Year 2', '1', '200', '97.5%', '2.5%', '5', '0', '0'],
    ]);
    await user.click(within(table).getByRole('button', { name: 'Attendance' }));
    expect(rowsOf(table).map((r) => r[0])).toEqual(['Year 1', 'Reception', 'Year 2']);
    expect(within(table).getByRole('columnheader', { name: /Attendance/ }).getAttribute('aria-sort')).toBe('ascending');
    await user.click(within(table).getByRole('button', { name: 'Attendance' }));
    expect(rowsOf(table).map((r) => r[0])).toEqual(['Year 2', 'Reception', 'Year 1']);
    expect(within(table).getByRole('columnheader', { name: /Attendance/ }).getAttribute('aria-sort')).toBe('descending');

    await user.click(screen.getByRole('radio', { name: 'By class' }));
    const byClass = screen.getByRole('table', { name: /By class/ });
    expect(rowsOf(byClass).map((r) => [r[0], r[3]])).toEqual([
      ['2 Pine', '97.5%'],
      ['R Ash', '95.0%'],
      ['R Elm', '95.0%'],
      ['1 Oak', '73.0%'],
    ]);
    await user.click(within(byClass).getByRole('button', { name: 'Class' }));
    expect(rowsOf(byClass).map((r) => r[0])).toEqual(['1 Oak', '2 Pine', 'R Ash', 'R Elm']);
    // The foot row is the answer's totals.
    expect(within(byClass).getAllByRole('row').at(-1)!.textContent).toContain('86.7%');
  });

  it('sends the cohort and the dates chosen in the query string, and says the cohort beside the figures', async () => {
    const { asked, user } = await openScreen(schoolServer);
    await screen.findByRole('table', { name: /By year group/ });
    await user.selectOptions(screen.getByLabelText('SEN'), 'SEN support');
    await waitFor(() => expect(asked.at(-1)?.toString()).toContain('send=K'));
    await user.selectOptions(screen.getByLabelText('Free school meals'), 'Eligible');
    await user.selectOptions(screen.getByLabelText('Gender'), 'Female');
    await waitFor(() => expect(asked.some((p) => p.toString() === 'send=K&fsm=true&gender=F')).toBe(true));
    expect(asked.some((p) => p.toString() === `from=${TERM.from}&to=${TODAY}&send=K&fsm=true&gender=F`)).toBe(true);
    const year = await screen.findByRole('region', { name: 'This school year so far' });
    expect(year.textContent).toContain('Girls with SEN support, eligible for free school meals.');
    await screen.findByRole('table', { name: /By year group, .*: girls with SEN support, eligible for free school meals/ });

    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2026-10-05');
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-10-16');
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(asked.some((p) => p.toString() === 'from=2026-10-05&to=2026-10-16&send=K&fsm=true&gender=F')).toBe(true));
    await screen.findByRole('table', { name: /By year group, 5 Oct to 16 Oct 2026/ });
    // The headline stays this term and the year so far.
    expect(screen.getByRole('region', { name: 'This school year so far' }).textContent).toContain('1 Sep to 24 Nov 2026');
  });

  it('says plainly when the server cannot be reached, and when it fails', async () => {
    // Every read fails together: it is said once.
    await openScreen(() => 'network-error', undefined, () => 'network-error');
    expect((await screen.findByRole('alert')).textContent).toBe('No connection to the school server. Trying again…');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when the figures could not be loaded', async () => {
    await openScreen(() => ({ status: 500, body: { code: 'internal', message: 'boom' } }));
    expect((await screen.findByRole('alert')).textContent).toBe('This could not be loaded. Trying again…');
  });

  it('shows the year alone when the school has no term entered, and no target without one', async () => {
    const noTerm: Serve = (params) => answer(params.get('from') ?? YEAR_FROM, params.get('to') ?? TODAY, yearPupils, { term: null });
    await openScreen(noTerm);
    const year = await screen.findByRole('region', { name: 'This school year so far' }, FIRST_LOAD);
    await within(year).findByText('86.7%');
    expect(screen.queryByRole('region', { name: /^This term \(/ })).toBeNull();
    expect(year.textContent).not.toContain('Target');
  });
});
