/**
 * The demo school's attendance history (`npm start` only): deterministic, only school days before today,
 * only codes the rules allow, written so the projection is the merge of the events, and with figures the
 * office screens can show (persistent and severe absentees, overdue and not-yet-overdue N).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app.js';
import { manualClock } from '../../../src/server/clock.js';
import type { Database } from '../../../src/server/db/database.js';
import { buildDemoHistory, type DemoHistory } from '../../../src/server/demo/demoHistory.js';
import { generateDemoSchool, type DemoSchool } from '../../../src/server/demo/generateDemoSchool.js';
import { seedDemoSchool } from '../../../src/server/demo/seedDemoSchool.js';
import { allMarkEvents } from '../../../src/server/repositories/registerRepository.js';
import { projectCells } from '../../../src/server/sync/projection.js';
import { checkOfficeCode } from '../../../src/domain/officeCodes.js';
import { isAbsenceCode, isCurrentCode, presentSymbol } from '../../../src/domain/codes.js';
import { summariseAttendance } from '../../../src/domain/statistics.js';
import { ALERT_KINDS, type AlertsResponse } from '../../../src/protocol/officeFigures.js';
import { instantOf, localDateOf } from '../../../src/domain/time.js';
import { ENGINES, markMutation, openTestDatabase, post, signIn, TEST_NOW, TEST_TODAY } from '../../support/serverHarness.js';

const TZ = 'Europe/London';

function schoolDaysBefore(demo: DemoSchool, today: string): string[] {
  return demo.days.filter((d) => d.isSchoolDay && d.date < today).map((d) => d.date);
}

describe('the demo history, as built', () => {
  const demo = generateDemoSchool(TEST_TODAY);
  const history = buildDemoHistory(demo, TEST_TODAY, 2);
  const pupils = new Map(demo.pupils.map((p) => [p.id, p]));

  it('is the same for the same today, ids included', () => {
    const again = buildDemoHistory(generateDemoSchool(TEST_TODAY), TEST_TODAY, 2);
    expect(again.events).toEqual(history.events);
    expect(again.cells).toEqual(history.cells);
    expect(again.contacts).toEqual(history.contacts);
  });

  it('gives every pupil both sessions of every school day before today, and nothing else', () => {
    const dates = schoolDaysBefore(demo, TEST_TODAY);
    expect(dates.length).toBeGreaterThan(40);
    expect(history.cells).toHaveLength(demo.pupils.length * dates.length * 2);
    const allowed = new Set(dates);
    const keys = new Set(history.cells.map((c) => `${c.pupilId}|${c.date}|${c.session}`));
    expect(keys.size).toBe(history.cells.length);
    for (const e of history.events) {
      expect(allowed.has(e.date), e.date).toBe(true);
      expect(localDateOf(e.receivedAt, TZ) < TEST_TODAY).toBe(true);
      expect(e.observedAt).toBeLessThanOrEqual(e.receivedAt);
    }
  });

  it('has teachers enter only present or N on the day, after the register opens, and the office the rest with reasons', () => {
    const teacherOf = new Map(demo.assignments.filter((a) => a.kind === 'teacher').map((a) => [a.groupId, a.staffId]));
    for (const e of history.events) {
      if (e.source === 'teacher') {
        expect(['N', presentSymbol(e.session)]).toContain(e.code);
        expect([e.role, e.staffId]).toEqual(['teacher', teacherOf.get(pupils.get(e.pupilId)!.groupId)]);
        expect(localDateOf(e.observedAt, TZ)).toBe(e.date);
        expect(e.observedAt).toBeGreaterThan(instantOf(e.date, demo.school.sessions[e.session].opensAt, TZ));
      } else {
        expect([e.role, e.staffId]).toEqual(['office', 's-office1']);
        expect(e.reason).toBeTruthy();
        expect(e.minutesLate != null).toBe(e.code === 'L');
      }
      expect(e.mutationId).toBeNull();
    }
    // Every office code replaced a teacher's N or present mark, or was entered ahead of the register.
    const office = history.events.filter((e) => e.source === 'office');
    expect(office.every((e) => e.oldCode === null || ['N', '/', '\\'].includes(e.oldCode))).toBe(true);
    const codes = new Set(office.map((e) => e.code));
    for (const code of ['I', 'M', 'L', 'O', 'G']) expect(codes, code).toContain(code);
    // Illness replaces the teacher's N that morning, with the family's call as the reason.
    const illness = office.filter((e) => e.code === 'I' && e.session === 'AM');
    expect(illness.length).toBeGreaterThan(50);
    for (const e of illness) {
      expect(e.oldCode).toBe('N');
      expect(e.reason).toMatch(/^Contact \((phone|message from home)\): .+ says /);
      expect(localDateOf(e.receivedAt, TZ)).toBe(e.date);
    }
  });

  it('uses only current codes allowed for each pupil on that date', () => {
    for (const c of history.cells) {
      expect(isCurrentCode(c.code), c.code).toBe(true);
      const check = checkOfficeCode({ code: c.code, dateOfBirth: pupils.get(c.pupilId)!.dateOfBirth, date: c.date, session: c.session });
      expect(check.ok, `${c.pupilId} ${c.date} ${c.session} ${c.code}`).toBe(true);
    }
  });

  it('has a vulnerable pupil among the absent', () => {
    const vulnerable = new Set(demo.pupils.filter((p) => p.flags.childProtection || p.flags.lookedAfter || p.flags.socialWorker || p.flags.send).map((p) => p.id));
    expect(history.cells.some((c) => vulnerable.has(c.pupilId) && isAbsenceCode(c.code))).toBe(true);
    expect(history.plan.severe.every((id) => vulnerable.has(id))).toBe(true);
  });

  it('copes with the first days of the year: nothing before the first school day, a short history after it', () => {
    expect(buildDemoHistory(generateDemoSchool('2026-09-02'), '2026-09-02', 2).events).toHaveLength(0);
    const early = buildDemoHistory(generateDemoSchool('2026-09-10'), '2026-09-10', 2);
    expect(early.cells.every((c) => c.date >= '2026-09-03' && c.date < '2026-09-10')).toBe(true);
    expect(early.plan.unresolved.length).toBeGreaterThan(0);
  });
});

describe.each(ENGINES)('the demo history, seeded (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;
  let app: FastifyInstance;
  let demo: DemoSchool;
  let history: DemoHistory;
  let office: string;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
    const seeded = await seedDemoSchool(db, TEST_TODAY, { history: true });
    demo = seeded;
    history = seeded.history!;
    app = await buildApp({ db, clock: manualClock(TEST_NOW), staticDir: null });
    await app.ready();
    office = await signIn(app, 'office1');
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('stores every event, and cells that are exactly the merge of the events (the latest effective entry per cell)', async () => {
    const events = await allMarkEvents(db, 'demo');
    expect(events).toHaveLength(history.events.length);
    const { rows } = await db.query<{ pupil_id: string; date: string; session: string; code: string; version: number }>(
      `SELECT pupil_id, to_char(date, 'YYYY-MM-DD') AS date, session, code, version::int AS version FROM register_cells`,
    );
    const stored = new Map(rows.map((r) => [`${r.pupil_id}|${r.date}|${r.session}`, r]));
    const rebuilt = projectCells(events);
    expect(rebuilt.size).toBe(stored.size);
    for (const [key, cell] of rebuilt) expect(cell.code, key).toBe(stored.get(key)?.code);
    const latest = new Map<string, (typeof events)[number]>();
    for (const e of events) latest.set(`${e.pupilId}|${e.date}|${e.session}`, e); // ordered by version, id
    for (const [key, e] of latest) {
      expect(e.effectiveCode, key).toBe(stored.get(key)!.code);
      expect(Number(e.version), key).toBe(stored.get(key)!.version);
    }
  });

  it('leaves the sync version at the last one used, so the next write is above every row', async () => {
    const { rows } = await db.query<{ state: number; events: number; cells: number; contacts: number }>(
      `SELECT (SELECT version::int FROM sync_state WHERE school_id = 'demo') AS state,
              (SELECT max(version)::int FROM mark_events) AS events, (SELECT max(version)::int FROM register_cells) AS cells,
              (SELECT max(version)::int FROM contact_log) AS contacts`,
    );
    expect(rows[0].state).toBe(history.lastVersion);
    expect(rows[0].state).toBeGreaterThanOrEqual(Math.max(rows[0].events, rows[0].cells, rows[0].contacts));
    const teacher = await signIn(app, 'teacher1');
    const pupilId = demo.pupils.find((p) => p.groupId === 'g1')!.id;
    const res = await post(app, '/api/sync/push', teacher, { deviceId: 'device-demo-history', mutations: [markMutation(1, { pupilId, mark: '/' }, TEST_NOW - 60_000)] });
    expect(res.json().results[0].status).toBe('applied');
    const after = await db.query<{ version: number }>(`SELECT version::int AS version FROM register_cells WHERE pupil_id = $1 AND date = $2`, [pupilId, TEST_TODAY]);
    expect(after.rows[0].version).toBeGreaterThan(history.lastVersion);
  });

  it('has persistent and severe absentees by the office pupil page, and most pupils at 90-100%', async () => {
    const yearToDate = new Map<string, ReturnType<typeof summariseAttendance>>();
    for (const p of demo.pupils) {
      const res = await app.inject({ method: 'GET', url: `/api/office/pupil/${p.id}`, headers: { cookie: office } });
      expect(res.statusCode, res.body).toBe(200);
      yearToDate.set(p.id, res.json().summaries.yearToDate);
    }
    const all = [...yearToDate.values()];
    // Nothing is left unmarked but today (where the test above marked one pupil's morning).
    expect(all.every((s) => (s as unknown as { unmarked: number }).unmarked <= 2)).toBe(true);
    const persistent = [...yearToDate].filter(([, s]) => s.persistentAbsence && !s.severeAbsence);
    const severe = [...yearToDate].filter(([, s]) => s.severeAbsence);
    expect(persistent.length).toBeGreaterThanOrEqual(1);
    expect(severe.length).toBeGreaterThanOrEqual(1);
    expect(severe.map(([id]) => id)).toEqual(history.plan.severe);
    for (const [, s] of persistent) expect(s.attendancePercent).toBeGreaterThanOrEqual(80);
    const within = all.filter((s) => s.attendancePercent! >= 90 && s.attendancePercent! <= 100).length;
    expect(within / all.length).toBeGreaterThan(0.9);
    // The endpoint agrees with the domain's arithmetic on the stored cells.
    const { rows } = await db.query<{ pupil_id: string; code: string }>(`SELECT pupil_id, code FROM register_cells WHERE pupil_id = $1`, [severe[0][0]]);
    expect(summariseAttendance(rows.map((r) => r.code)).attendancePercent).toBe(severe[0][1].attendancePercent);
  });

  it('has someone on every list of statutory alerts, all waiting', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/office/alerts', headers: { cookie: office } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as AlertsResponse;
    for (const kind of ALERT_KINDS) expect(body.waiting[kind], kind).toBeGreaterThan(0);
    expect(body.waiting.total).toBe(body.alerts.length);
    const severe = body.alerts.filter((a) => a.pupilId === history.plan.severe[0]).map((a) => a.kind);
    expect(severe).toEqual(expect.arrayContaining(['continuousUnauthorised', 'penaltyNotice', 'illness']));
  });

  it('lists unresolved N, some overdue beyond five school days and some not yet', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/office/unresolved-n', headers: { cookie: office } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { total: number; overdue: number; items: Array<{ date: string; overdue: boolean; source: string }> };
    expect(body.overdue).toBeGreaterThan(0);
    expect(body.total - body.overdue).toBeGreaterThan(0);
    expect(body.total).toBe(history.plan.unresolved.length);
    const lastEight = schoolDaysBefore(demo, TEST_TODAY).slice(-8);
    for (const item of body.items) {
      expect(lastEight).toContain(item.date);
      expect(item.source).toBe('teacher');
    }
  });
});

describe.each(ENGINES)('the demo school without history (%s)', (engine) => {
  it('is what the test harnesses seed: no register entries at all', async () => {
    const { db, drop } = await openTestDatabase(engine);
    try {
      await seedDemoSchool(db, TEST_TODAY);
      const { rows } = await db.query<{ n: number }>(`SELECT (SELECT count(*) FROM mark_events) + (SELECT count(*) FROM register_cells) + (SELECT count(*) FROM contact_log) AS n`);
      expect(Number(rows[0].n)).toBe(0);
    } finally {
      await drop();
    }
  });
});
