/**
 * The Attendance screen's weekly trend, morning against afternoon and day of the week (issue 11): one read of
 * the patterns for the cohort and dates chosen, every figure rounded to one decimal with its dates and cohort, a
 * figure with no sessions said in words, and a failed read said with a way to try again.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { openScreen, patternsServer, schoolServer, TERM, TODAY, type ServePatterns, FIRST_LOAD } from './attendanceScreen';
import { figures, patternsAnswer } from './patternsFixtures';

const texts = (root: Element, selector: string) => [...root.querySelectorAll(selector)].map((e) => e.textContent);
const tableRows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

describe('Attendance patterns', () => {
  it('draws the weekly trend of the whole range from one patterns read, a holiday and a week with no sessions as gaps', async () => {
    // 16 Nov had school days but no session of this cohort counted.
    const withEmptyWeek: ServePatterns = (params) => {
      const a = patternsAnswer('2026-09-01', TODAY);
      return { ...a, weeks: a.weeks.map((w) => (w.monday === '2026-11-16' ? { ...w, ...figures(0, 0) } : w)) };
    };
    const { asked, patternsAsked } = await openScreen(schoolServer, undefined, withEmptyWeek);
    const chart = await screen.findByRole('img', { name: /^Attendance week by week, 1 Sep to 24 Nov 2026: all pupils/ }, FIRST_LOAD);
    expect(screen.queryByRole('button', { name: /weekly trend/ })).toBeNull();

    // One read of the patterns, for the year so far; the figures are read only for the year and the term.
    await within(await screen.findByRole('region', { name: 'This term (Autumn 2)' }, FIRST_LOAD)).findByText('90.0%', undefined, FIRST_LOAD);
    expect(patternsAsked.map((p) => p.toString())).toEqual(['']);
    expect(new Set(asked.map((p) => p.toString()))).toEqual(new Set(['', `from=${TERM.from}&to=${TODAY}`]));

    // 13 Mondays from 31 Aug to 23 Nov: a point for each of the 11 with a figure, the line broken at 26 Oct and 16 Nov.
    const points = chart.querySelectorAll('circle');
    expect(points).toHaveLength(11);
    expect(points[0].textContent).toBe('Week of Monday 31 August 2026: 90.0%');
    expect(points[points.length - 1].textContent).toBe('Week of Monday 23 November 2026: 91.2%');
    expect(chart.querySelectorAll('path.trend-line')).toHaveLength(3);
    // More weeks than fit as labels: each month's first week is labelled (31 Aug is too close to 7 Sep to be).
    expect(texts(chart, '.trend-label')).toEqual(['7 Sep', '5 Oct', '2 Nov']);
    const section = screen.getByRole('region', { name: 'Weekly trend' });
    expect(section.textContent).toContain('1 Sep to 24 Nov 2026. All pupils. Each month is labelled at its first week; every week is in the table.');
    expect(chart.querySelector('desc')!.textContent).toBe(
      "11 weeks with figures, from 90.0% in the first to 91.2% in the last; the lowest was 90.0% (week of Monday 31 August 2026). The school's target is 96.0%.",
    );

    const rows = tableRows(screen.getByRole('table', { name: /^Attendance week by week/ })).map((r) => r.join(' '));
    expect(rows).toHaveLength(13);
    expect(rows).toContain('Week of Monday 26 October 2026 No school days');
    expect(rows).toContain('Week of Monday 16 November 2026 No sessions counted');
    expect(rows).toContain('Week of Monday 9 November 2026 91.0%');
  });

  it('shows morning against afternoon and each weekday rounded to one decimal, with the dates and cohort, and says when a day has no sessions', async () => {
    await openScreen(schoolServer);
    const sessions = await screen.findByRole('region', { name: 'Morning and afternoon' }, FIRST_LOAD);
    expect(sessions.textContent).toContain('1 Sep to 24 Nov 2026. All pupils.');
    const attendance = within(sessions).getByRole('img', { name: /^Attendance, morning and afternoon, 1 Sep to 24 Nov 2026: all pupils/ });
    expect(texts(attendance, '.row-figure')).toEqual(['95.2%', '93.5%']);
    expect(attendance.querySelector('desc')!.textContent).toBe('Attendance: Morning (AM) 95.2%, Afternoon (PM) 93.5%. 1.7 points lower in the afternoon than in the morning.');
    const unauthorised = within(sessions).getByRole('img', { name: /^Unauthorised absence, morning and afternoon, 1 Sep to 24 Nov 2026: all pupils/ });
    expect(texts(unauthorised, '.row-figure')).toEqual(['1.4%', '2.6%']);
    expect(unauthorised.querySelector('desc')!.textContent).toBe('Unauthorised absence: Morning (AM) 1.4%, Afternoon (PM) 2.6%. 1.2 points higher in the afternoon than in the morning.');
    expect(tableRows(within(sessions).getByRole('table', { name: 'Morning and afternoon, 1 Sep to 24 Nov 2026: all pupils' }))).toEqual([
      ['Morning (AM)', '3,000', '95.2%', '1.4%'],
      ['Afternoon (PM)', '3,000', '93.5%', '2.6%'],
    ]);

    const weekdays = screen.getByRole('region', { name: 'Day of the week' });
    expect(weekdays.textContent).toContain('1 Sep to 24 Nov 2026. All pupils.');
    const chart = within(weekdays).getByRole('img', { name: /^Attendance by day of the week, 1 Sep to 24 Nov 2026: all pupils/ });
    expect(texts(chart, '.row-label')).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
    expect(texts(chart, '.row-figure')).toEqual(['95.8%', '96.7%', '96.4%', '91.1%']);
    // Thursday has no sessions counted: no dot at 0%, the words instead.
    expect(chart.querySelectorAll('circle')).toHaveLength(4);
    expect(texts(chart, '.row-none')).toEqual(['No sessions counted']);
    expect(chart.querySelector('desc')!.textContent).toBe(
      'Attendance by day of the week: Monday 95.8%, Tuesday 96.7%, Wednesday 96.4%, Thursday no sessions counted, Friday 91.1%. The lowest is Friday (91.1%).',
    );
    expect(tableRows(within(weekdays).getByRole('table', { name: 'By day of the week, 1 Sep to 24 Nov 2026: all pupils' }))).toEqual([
      ['Monday', '1,200', '95.8%', '1.1%'],
      ['Tuesday', '1,200', '96.7%', '0.6%'],
      ['Wednesday', '1,200', '96.4%', '0.8%'],
      ['Thursday', '0', 'No sessions counted'],
      ['Friday', '1,200', '91.1%', '2.4%'],
    ]);
  });

  it('reads the patterns again for the cohort and the dates chosen, and says them on every figure', async () => {
    const { patternsAsked, user } = await openScreen(schoolServer);
    await screen.findByRole('img', { name: /^Attendance week by week/ }, FIRST_LOAD);
    await user.selectOptions(screen.getByLabelText('SEN'), 'SEN support');
    await user.selectOptions(screen.getByLabelText('Gender'), 'Female');
    await waitFor(() => expect(patternsAsked.at(-1)?.toString()).toBe('send=K&gender=F'));
    await screen.findByRole('img', { name: /^Attendance week by week, 1 Sep to 24 Nov 2026: girls with SEN support 12 weeks/ });
    for (const name of ['Morning and afternoon', 'Day of the week', 'Weekly trend']) {
      expect(screen.getByRole('region', { name }).textContent).toContain('1 Sep to 24 Nov 2026. Girls with SEN support.');
    }
    expect(screen.getByRole('img', { name: /^Attendance, morning and afternoon, 1 Sep to 24 Nov 2026: girls with SEN support/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /^Attendance by day of the week, 1 Sep to 24 Nov 2026: girls with SEN support/ })).toBeTruthy();

    await user.clear(screen.getByLabelText('From'));
    await user.type(screen.getByLabelText('From'), '2026-10-05');
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-10-16');
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(patternsAsked.at(-1)?.toString()).toBe('from=2026-10-05&to=2026-10-16&send=K&gender=F'));
    const chart = await screen.findByRole('img', { name: /^Attendance week by week, 5 Oct to 16 Oct 2026: girls with SEN support/ });
    // Two weeks: each is labelled.
    expect(texts(chart, '.trend-label')).toEqual(['5 Oct', '12 Oct']);
    expect(screen.getByRole('region', { name: 'Weekly trend' }).textContent).not.toContain('Each month is labelled');
    expect(screen.getByRole('region', { name: 'Morning and afternoon' }).textContent).toContain('5 Oct to 16 Oct 2026. Girls with SEN support.');
  });

  it('says when the patterns could not be loaded, keeps the other figures, and loads them when asked to try again', async () => {
    let failing = true;
    const { user } = await openScreen(schoolServer, undefined, (params) => (failing ? { status: 500, body: { code: 'internal', message: 'boom' } } : patternsServer(params)));
    expect((await screen.findByRole('alert', undefined, FIRST_LOAD)).textContent).toBe('This could not be loaded. Trying again…');
    const section = await screen.findByRole('region', { name: 'Weekly trend and patterns' });
    expect(section.textContent).toContain('The weekly trend and the morning, afternoon and weekday patterns could not be loaded.');
    expect(screen.getByRole('table', { name: /^By year group/ })).toBeTruthy();

    failing = false;
    await user.click(within(section).getByRole('button', { name: 'Try again' }));
    await screen.findByRole('img', { name: /^Attendance week by week, 1 Sep to 24 Nov 2026/ });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('region', { name: 'Weekly trend and patterns' })).toBeNull();
  });

  it('says what to do when the sign-in has expired', async () => {
    await openScreen(schoolServer, undefined, () => ({ status: 401, body: { code: 'unauthenticated', message: 'Sign in' } }));
    expect((await screen.findByRole('alert', undefined, FIRST_LOAD)).textContent).toBe('Your sign-in has expired. Sign out and sign in again.');
  });
});
