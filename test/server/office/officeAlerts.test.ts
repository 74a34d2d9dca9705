/**
 * GET /api/office/alerts and alert.record (issue 11) against hand-worked registers in the demo calendar of
 * 2026-27: autumn half term 26-30 Oct, Christmas 21 Dec to 4 Jan (an INSET day), February half term 15-19
 * Feb, Easter from 22 Mar. Each pupil's cells are written straight into register_cells, so every count below
 * is the fixture's and nothing else's (the harness seeds no register history).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEntry, AlertsResponse } from '../../../src/protocol/officeFigures.js';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { getJson, pusher, type Pusher } from './officeSupport.js';

/** The Monday of the Easter holiday: every fixture below is in the past. */
const NOW = Date.parse('2027-03-22T12:00:00Z');

type Cell = [date: string, session: 'AM' | 'PM', code: string];
const both = (date: string, code: string): Cell[] => [[date, 'AM', code], [date, 'PM', code]];
const days = (dates: string[], code: string): Cell[] => dates.flatMap((d) => both(d, code));
/** Weekdays from `from` to `to`, inclusive (the fixtures only use them within term). */
function weekdays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** 10 sessions of G, O or U in the 10 school weeks from Monday 30 Nov (over Christmas), and Ns that do not count. */
const PENALTY: Cell[] = [
  ...both('2026-12-01', 'O'), ['2026-12-02', 'AM', 'O'],
  ...both('2026-12-17', 'G'), ...both('2026-12-18', 'G'),
  ['2027-01-05', 'AM', 'U'], ['2027-01-12', 'PM', 'O'], ['2027-01-13', 'AM', 'N'], ['2027-01-14', 'AM', 'N'],
  ['2027-02-22', 'AM', 'O'],
];
/** The same but the tenth is an N: 9 sessions are not enough. */
const PENALTY_NINE: Cell[] = [...PENALTY.slice(0, -1), ['2027-02-22', 'AM', 'N']];
/** 5 days before February half term and 5 after, both sessions unauthorised (N, and O on two days). */
const RUN_DAYS = [...weekdays('2027-02-08', '2027-02-12'), ...weekdays('2027-02-22', '2027-02-26')];
const CONTINUOUS: Cell[] = [...days(RUN_DAYS.slice(0, 8), 'N'), ...days(RUN_DAYS.slice(8), 'O')];
/** The same, but on the first day back the pupil came in the afternoon: two runs of 5. */
const CONTINUOUS_BROKEN: Cell[] = [
  ...days(weekdays('2027-02-08', '2027-02-12'), 'N'), ['2027-02-22', 'AM', 'N'], ['2027-02-22', 'PM', '\\'],
  ...days([...weekdays('2027-02-23', '2027-02-26'), '2027-03-01'], 'N'),
];
/** An I on 15 Tuesdays (the first in the morning only); the 15th is 5 Jan. Then 15 days ill in a row in March. */
const TUESDAYS = ['2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-11-03',
  '2026-11-10', '2026-11-17', '2026-11-24', '2026-12-01', '2026-12-08', '2026-12-15', '2027-01-05'];
const MARCH_ILLNESS = weekdays('2027-03-01', '2027-03-19');
const ILL_TUESDAYS: Cell[] = [['2026-09-08', 'AM', 'I'], ['2026-09-08', 'PM', '/'], ...days(TUESDAYS.slice(1), 'I'), ...days(MARCH_ILLNESS, 'I')];
/** Three weeks ill, 11 to 29 January: the year's 15th day is the run's last. */
const ILL_RUN: Cell[] = days(weekdays('2027-01-11', '2027-01-29'), 'I');
/** Three lates in the week of 1 Feb (L, U, L). */
const LATE_THREE: Cell[] = [['2027-02-01', 'AM', 'L'], ['2027-02-03', 'AM', 'U'], ['2027-02-05', 'PM', 'L']];
/** Two lates in that week and one the Monday after. */
const LATE_TWO: Cell[] = [['2027-02-04', 'AM', 'L'], ['2027-02-05', 'AM', 'L'], ['2027-02-08', 'AM', 'L']];

describe.each(ENGINES)('statutory alerts (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  const pupil: Record<string, string> = {};

  async function writeCells(pupilId: string, cells: Cell[]) {
    for (const [date, session, code] of cells) {
      await server.db.query(
        `INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, version) VALUES ($1, $2, $3, $4, $5, 'office', 2)
         ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET code = EXCLUDED.code`,
        [server.demo.school.id, pupilId, date, session, code],
      );
    }
  }
  const alerts = async (query = '') => (await getJson(server, office, `/api/office/alerts${query}`)) as AlertsResponse;
  const of = (body: AlertsResponse, name: string, kind?: AlertEntry['kind']) =>
    body.alerts.filter((a) => a.pupilId === pupil[name] && (!kind || a.kind === kind));

  beforeAll(async () => {
    server = await startTestServer(engine);
    server.clock.set(NOW);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, `office-alerts-${engine}`);
    const fixtures: Record<string, Cell[]> = {
      penalty: PENALTY, penaltyNine: PENALTY_NINE, continuous: CONTINUOUS, continuousBroken: CONTINUOUS_BROKEN,
      illTuesdays: ILL_TUESDAYS, illRun: ILL_RUN, lateThree: LATE_THREE, lateTwo: LATE_TWO,
    };
    const ids = server.demo.pupils.map((p) => p.id);
    Object.entries(fixtures).forEach(([name], i) => (pupil[name] = ids[i * 7]));
    for (const [name, cells] of Object.entries(fixtures)) await writeCells(pupil[name], cells);
  });
  afterAll(() => server.close());

  it('finds 10 sessions of G, O or U in 10 school weeks across Christmas, not 9 with an N', async () => {
    const body = await alerts();
    expect(body.from).toBe('2026-09-01');
    expect(body.to).toBe('2027-03-22');
    expect(of(body, 'penalty')).toEqual([expect.objectContaining({
      kind: 'penaltyNotice', key: 'penaltyNotice:2026-11-30', dealtWith: null,
      evidence: {
        summary: '10 sessions of G, O or U in the 10 school weeks from 30 Nov 2026',
        start: '2026-11-30', end: '2027-02-28',
        sessions: PENALTY.filter(([, , code]) => code !== 'N').map(([date, session, code]) => ({ date, session, code })),
      },
    })]);
    expect(of(body, 'penaltyNine')).toEqual([]);
    const pupil = server.demo.pupils.find((p) => p.id === of(body, 'penalty')[0].pupilId)!;
    expect(of(body, 'penalty')[0].name).toBe(`${pupil.preferredName ?? pupil.firstName} ${pupil.lastName}`);
    expect(of(body, 'penalty')[0].groupName).toBe(server.demo.groups.find((g) => g.id === pupil.groupId)!.name);
  });

  it('finds 10 school days in a row unauthorised in both sessions across half term, and a half day in school breaks it', async () => {
    const body = await alerts();
    expect(of(body, 'continuous')).toEqual([expect.objectContaining({
      kind: 'continuousUnauthorised', key: 'continuousUnauthorised:2027-02-08:10',
      evidence: {
        summary: '10 school days in a row absent without authorisation in both sessions, 8 Feb 2027 to 26 Feb 2027',
        start: '2027-02-08', end: '2027-02-26', sessions: CONTINUOUS.map(([date, session, code]) => ({ date, session, code })),
      },
    })]);
    expect(of(body, 'continuousBroken')).toEqual([]);
  });

  it('finds 15 days of illness in the year, and a run of 15 days that came after', async () => {
    const body = await alerts();
    const ill = of(body, 'illTuesdays');
    expect(ill.map((a) => a.key).sort()).toEqual(['illness:cumulative:2026-09-01', 'illness:run:2027-03-01']);
    const cumulative = ill.find((a) => a.key === 'illness:cumulative:2026-09-01')!;
    expect(cumulative.evidence.summary).toBe('30 school days of illness (I) in 2026/27; the 15th was 5 Jan 2027');
    expect(cumulative.evidence).toMatchObject({ start: '2026-09-08', end: '2027-03-19' });
    expect(cumulative.evidence.sessions).toHaveLength(59);
    const run = ill.find((a) => a.key === 'illness:run:2027-03-01')!;
    expect(run.evidence).toMatchObject({ summary: '15 school days of illness (I) in a row, 1 Mar 2027 to 19 Mar 2027', start: '2027-03-01', end: '2027-03-19' });
    expect(run.evidence.sessions).toHaveLength(30);
    // Three weeks in a row that make the year's 15 days are one alert, the year's.
    expect(of(body, 'illRun').map((a) => a.key)).toEqual(['illness:cumulative:2026-09-01']);
    // Up to 4 January the Tuesdays are 14 days: no alert yet.
    expect(of(await alerts('?to=2027-01-04'), 'illTuesdays')).toEqual([]);
  });

  it('traces a run of illness back before the cells first read, so its key is its real first day', async () => {
    // The next year's September in the calendar, and a pupil ill every school day from 10 May 2027 to the
    // summer and the first three days back. From 1 Sep the cells are read from 17 May (9 school weeks back).
    const september = weekdays('2027-09-01', '2027-09-30');
    for (const date of september) {
      await server.db.query(`INSERT INTO calendar_days (school_id, date, is_school_day, label) VALUES ($1, $2, true, null)`, [server.demo.school.id, date]);
    }
    const schoolDays = (await server.db.query<{ date: string }>(
      `SELECT date::text AS date FROM calendar_days WHERE is_school_day AND date >= '2027-05-10' AND date <= '2027-09-03' ORDER BY date`)).rows.map((r) => r.date);
    await writeCells(pupil.lateTwo, days(schoolDays, 'I'));
    try {
      const ill = of(await alerts('?from=2027-09-01&to=2027-09-30'), 'lateTwo');
      expect(ill.map((a) => a.key)).toEqual(['illness:run:2027-05-10']);
      expect(ill[0].evidence).toMatchObject({ start: '2027-05-10', end: '2027-09-03' });
      expect(ill[0].evidence.sessions).toHaveLength(schoolDays.length * 2);
      // Over both years, the run is the same illness as 2026/27's alert (its 15th day is in the run).
      const both = of(await alerts('?from=2027-05-01&to=2027-09-30'), 'lateTwo');
      expect(both.map((a) => a.key)).toEqual(['illness:cumulative:2026-09-01']);
    } finally {
      await server.db.query(`DELETE FROM register_cells WHERE pupil_id = $1 AND code = 'I'`, [pupil.lateTwo]);
    }
  });

  it('finds 3 lates (L or U) in one Monday-to-Sunday week, and follows the school setting', async () => {
    const body = await alerts();
    expect(of(body, 'lateThree')).toEqual([expect.objectContaining({
      kind: 'lateness', key: 'lateness:2027-02-01',
      evidence: {
        summary: '3 late arrivals in the week of 1 Feb 2027: 2 before the register closed (L), 1 after (U)',
        start: '2027-02-01', end: '2027-02-07', sessions: LATE_THREE.map(([date, session, code]) => ({ date, session, code })),
      },
    })]);
    expect(of(body, 'lateTwo')).toEqual([]);
    await server.db.query(`UPDATE schools SET lates_in_week = 2`);
    try {
      expect(of(await alerts(), 'lateTwo').map((a) => a.key)).toEqual(['lateness:2027-02-01']);
    } finally {
      await server.db.query(`UPDATE schools SET lates_in_week = 3`);
    }
  });

  it('lists only occurrences with evidence in the range, and counts those waiting', async () => {
    const body = await alerts('?from=2027-02-01&to=2027-02-28');
    const keys = body.alerts.map((a) => `${a.pupilId} ${a.key}`).sort();
    expect(keys).toEqual([
      `${pupil.continuous} continuousUnauthorised:2027-02-08:10`,
      `${pupil.lateThree} lateness:2027-02-01`,
      // The window starts before the range (30 Nov) but its last session is in it.
      `${pupil.penalty} penaltyNotice:2026-11-30`,
    ].sort());
    expect(body.waiting).toEqual({ penaltyNotice: 1, continuousUnauthorised: 1, illness: 0, lateness: 1, total: 3 });
    const all = await alerts();
    expect(all.waiting.total).toBe(all.alerts.length);
    // Newest first: the March illness ends last, on 19 March.
    expect(all.alerts.slice(0, 2).map((a) => a.key)).toEqual(['illness:cumulative:2026-09-01', 'illness:run:2027-03-01']);
  });

  it('moves a recorded alert to dealt with (who, when, what), and the waiting count drops', async () => {
    const before = await alerts();
    const late = of(before, 'lateThree')[0];
    server.clock.set(NOW + 60_000);
    const result = await push('alert.record', { kind: 'lateness', pupilId: late.pupilId, key: late.key, action: 'meeting_booked', note: ' Tuesday 9am with mum ' });
    expect(result.status, JSON.stringify(result)).toBe('applied');
    const after = await alerts();
    const dealt = of(after, 'lateThree')[0];
    expect(dealt.dealtWith).toEqual({ action: 'meeting_booked', note: 'Tuesday 9am with mum', byName: expect.any(String), at: new Date(NOW + 60_000).toISOString() });
    const { rows } = await server.db.query<{ display_name: string }>(`SELECT display_name FROM staff WHERE username = 'office1'`);
    expect(dealt.dealtWith!.byName).toBe(rows[0].display_name);
    expect(after.waiting.lateness).toBe(before.waiting.lateness - 1);
    expect(after.waiting.total).toBe(before.waiting.total - 1);
    // Dealt with goes below every waiting alert.
    expect(after.alerts.at(-1)!.key).toBe(late.key);
    // A later action on the same alert is the one shown.
    await push('alert.record', { kind: 'lateness', pupilId: late.pupilId, key: late.key, action: 'letter_sent' });
    expect(of(await alerts(), 'lateThree')[0].dealtWith).toMatchObject({ action: 'letter_sent', note: null });
  });

  it('brings an alert back only when something new happens: a new window, a run 10 days longer', async () => {
    const penalty = of(await alerts(), 'penalty', 'penaltyNotice')[0];
    const continuous = of(await alerts(), 'continuous', 'continuousUnauthorised')[0];
    for (const a of [penalty, continuous]) {
      expect((await push('alert.record', { kind: a.kind, pupilId: a.pupilId, key: a.key, action: 'local_authority_told' })).status).toBe('applied');
    }
    // More unauthorised days in the same run (15 days) and another session in the same window: still dealt with.
    await writeCells(pupil.continuous, days(weekdays('2027-03-01', '2027-03-05'), 'O'));
    await writeCells(pupil.penalty, [['2027-02-23', 'PM', 'O']]);
    let body = await alerts();
    expect(of(body, 'continuous', 'continuousUnauthorised').map((a) => [a.key, a.dealtWith?.action])).toEqual([['continuousUnauthorised:2027-02-08:10', 'local_authority_told']]);
    expect(of(body, 'penalty', 'penaltyNotice').map((a) => [a.key, a.dealtWith?.action, a.evidence.sessions.length])).toEqual([['penaltyNotice:2026-11-30', 'local_authority_told', 11]]);
    // Three sessions after the first window's: not yet a full threshold of new ones, so nothing new to consider.
    await writeCells(pupil.penalty, [...both('2027-03-01', 'O'), ['2027-03-02', 'AM', 'O']]);
    body = await alerts();
    expect(of(body, 'penalty', 'penaltyNotice').map((a) => a.key)).toEqual(['penaltyNotice:2026-11-30']);
    // 20 days in a row, and ten sessions no earlier window counted: a new window.
    await writeCells(pupil.continuous, days(weekdays('2027-03-08', '2027-03-12'), 'O'));
    await writeCells(pupil.penalty, [['2027-03-02', 'PM', 'O'], ...days(weekdays('2027-03-03', '2027-03-05'), 'O'), ['2027-03-08', 'AM', 'O']]);
    body = await alerts();
    expect(of(body, 'continuous', 'continuousUnauthorised').map((a) => [a.key, a.dealtWith])).toEqual([['continuousUnauthorised:2027-02-08:20', null]]);
    expect(of(body, 'penalty', 'penaltyNotice').map((a) => [a.key, a.dealtWith === null]).sort()).toEqual([
      ['penaltyNotice:2026-11-30', false],
      ['penaltyNotice:2026-12-14', true],
    ]);
  });

  it('is idempotent: the same push twice records once', async () => {
    const late = of(await alerts(), 'lateTwo');
    expect(late).toEqual([]);
    const pupilId = pupil.lateTwo;
    const body = {
      deviceId: `office-alerts-again-${engine}`,
      mutations: [{ seq: 1, id: randomUUID(), type: 'alert.record', args: { kind: 'lateness', pupilId, key: 'lateness:2027-02-01', action: 'letter_sent' }, observedAt: new Date(server.clock.now()).toISOString(), clockOffsetMs: 0 }],
    };
    for (let i = 0; i < 2; i++) {
      const res = await post(server.app, '/api/sync/push', office, body);
      expect(res.json().results[0].status).toBe('applied');
    }
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alert_records WHERE pupil_id = $1`, [pupilId]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses teachers, TAs and anyone signed out; answers office and admin', async () => {
    for (const who of ['teacher1', 'ta1']) {
      const cookie = await signIn(server.app, who);
      expect((await getJson(server, cookie, '/api/office/alerts', 403)).code).toBe('forbidden');
      const result = await pusher(server, cookie, `alerts-${who}-${engine}`)('alert.record', { kind: 'lateness', pupilId: pupil.lateThree, key: 'lateness:2027-02-01', action: 'letter_sent' });
      expect(result).toMatchObject({ status: 'rejected', code: 'role_not_allowed' });
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/office/alerts' })).statusCode).toBe(401);
    const admin = await signIn(server.app, 'admin1');
    expect((await alerts()).alerts.length).toBe(((await getJson(server, admin, '/api/office/alerts')) as AlertsResponse).alerts.length);
  });

  it('refuses hostile or mistaken arguments with a clear code, never a 500', async () => {
    const base = { kind: 'lateness', pupilId: pupil.lateThree, key: 'lateness:2027-02-01', action: 'letter_sent' };
    const cases: Array<[unknown, string]> = [
      [{ ...base, pupilId: 'p-nobody' }, 'unknown_pupil'],
      [{ ...base, key: 'penaltyNotice:2026-11-30' }, 'invalid_args'],
      [{ ...base, action: 'no_action' }, 'invalid_args'],
      [{ ...base, action: 'no_action', note: '   ' }, 'invalid_args'],
      [{ ...base, action: 'shredded' }, 'invalid_args'],
      [{ ...base, kind: '__proto__' }, 'invalid_args'],
      [{ ...base, note: 'x'.repeat(1001) }, 'invalid_args'],
      [{ ...base, note: 'a\u0000b' }, 'invalid_args'],
      [{ ...base, extra: true }, 'invalid_args'],
      [{ ...base, key: '' }, 'invalid_args'],
      [null, 'invalid_args'],
    ];
    const results = await push.many(cases.map(([args]) => ({ type: 'alert.record', args })));
    results.forEach((r, i) => expect(r, JSON.stringify(cases[i][0])).toMatchObject({ status: 'rejected', code: cases[i][1] }));
    expect((await push('alert.record', { ...base, action: 'no_action', note: 'Spoke to dad: a new bus route' })).status).toBe('applied');
    for (const url of ['/api/office/alerts?from=2027-13-01', '/api/office/alerts?from=2027-03-01&to=2027-02-01', '/api/office/alerts?from=2020-01-01&to=2027-01-01', '/api/office/alerts?to=%00',
      '/api/office/alerts?from=0001-01-01&to=0001-06-01']) {
      const body = await getJson(server, office, url, 400);
      expect(body.code, url).toMatch(/bad_request|range_too_long/);
    }
  });
});

