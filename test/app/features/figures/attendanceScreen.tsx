/**
 * Opens the Attendance screen as the office against a fake server that answers the figures with `serve` and
 * the patterns with `patterns`, recording every query string each was asked.
 */
import userEvent from '@testing-library/user-event';
import Attendance from '../../../../src/app/features/figures/Attendance';
import type { AttendancePatternsResponse, AttendanceResponse } from '../../../../src/protocol/officeFigures';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { answer, pupil, yearPupils } from './attendanceFixtures';
import { patternsAnswer } from './patternsFixtures';

export const YEAR_FROM = '2026-09-01';
export const TODAY = '2026-11-24';
export const TERM = { name: 'Autumn 2', from: '2026-11-02', to: '2026-12-18' };
/** This term: 180 of 200 sessions attended (90.0%), 20 absent (10.0%). */
export const termPupils = [pupil('a', 0, 'R Ash', { possible: 100, present: 95, authorised: 5, unauthorised: 0 }), { ...pupil('d', 1, '1 Oak', { possible: 100, present: 85, authorised: 5, unauthorised: 10 }), unmarked: 2 }];

/** The first answer can take a while on a busy machine (the screen makes several reads, some one after another). */
export const FIRST_LOAD = { timeout: 5000 };

type Failure = 'network-error' | { status: number; body: unknown };
export type Serve = (params: URLSearchParams) => AttendanceResponse | Failure;
export type ServePatterns = (params: URLSearchParams) => AttendancePatternsResponse | Failure;

/** The year so far with no dates asked for; the term when asked for its dates. */
export const schoolServer: Serve = (params) => {
  if (params.get('from') === TERM.from) return answer(TERM.from, params.get('to')!, termPupils, { target: 96, term: TERM });
  return answer(params.get('from') ?? YEAR_FROM, params.get('to') ?? TODAY, yearPupils, { target: 96, term: TERM });
};

/** The patterns of the dates asked for (the year so far by default). */
export const patternsServer: ServePatterns = (params) => patternsAnswer(params.get('from') ?? YEAR_FROM, params.get('to') ?? TODAY);

const reply = (r: object | Failure) => (r === 'network-error' ? r : 'status' in r && 'body' in r ? (r as { status: number; body: unknown }) : { status: 200, body: r });

export async function openScreen(serve: Serve, other: (path: string) => { status: number; body: unknown } | null = () => null, patterns: ServePatterns = patternsServer) {
  const h = await harness({ user: officeUser, changes: [] });
  const asked: URLSearchParams[] = [];
  const patternsAsked: URLSearchParams[] = [];
  h.server.onOther = (path) => {
    const params = new URLSearchParams(path.split('?')[1] ?? '');
    if (path.startsWith('/api/office/attendance/patterns')) {
      patternsAsked.push(params);
      return reply(patterns(params));
    }
    if (path.startsWith('/api/office/attendance')) {
      asked.push(params);
      return reply(serve(params));
    }
    return other(path) ?? { status: 404, body: { code: 'not_found', message: 'Not found' } };
  };
  renderIn(h, <Attendance params={[]} />);
  return { h, asked, patternsAsked, user: userEvent.setup() };
}
