/**
 * GET /api/admin/audit on both engines: admin only, newest first, filtered by kind of record and key, paged by
 * `before` without losing entries that share a time, limits and hostile input refused with 400; device
 * revocation is in the log; the table refuses UPDATE, DELETE and TRUNCATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminAudit } from '../../../src/server/repositories/adminAuditRepository.js';
import type { AdminAuditEntryWire, AdminAuditResponse } from '../../../src/protocol/adminAudit.js';
import { ENGINES, signIn, startTestServer, TEST_NOW, type TestServer } from '../../support/serverHarness.js';

const MINUTE = 60_000;

describe.each(ENGINES)('admin audit log (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  let schoolId: string;

  const get = (url: string, cookie?: string) => server.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const page = async (url: string): Promise<AdminAuditResponse> => {
    const res = await get(url, admin);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const seed = (at: number, entity: string, key: string | null, summary: string, before?: unknown, after?: unknown, staffId: string | null = 's-admin1') =>
    recordAdminAudit(server.db, { schoolId, staffId, at }, { action: 'update', entity, key, summary, before, after });

  beforeAll(async () => {
    server = await startTestServer(engine);
    schoolId = server.demo.school.id;
    admin = await signIn(server.app, 'admin1');
    // The demo seed may or may not audit itself: these tests only count what they write, from a day later.
    const base = TEST_NOW + 24 * 60 * MINUTE;
    await seed(base, 'pupil', 'p-1', 'Changed Ava Smith', { firstName: 'Ava', fsm: false }, { firstName: 'Ava', fsm: true });
    await seed(base + MINUTE, 'school', null, 'Changed the school name', { name: 'Old' }, { name: 'New' });
    // One import: seven entries at the very same instant (as adminChange writes them).
    for (let i = 0; i < 7; i++) await seed(base + 2 * MINUTE, 'import', `row-${i}`, `Imported row ${i}`, null, { row: i });
    await seed(base + 3 * MINUTE, 'pupil', 'p-2', 'Moved Ben Jones', null, null, null);
  });
  afterAll(() => server.close());

  const LATER = new Date(TEST_NOW + 24 * 60 * MINUTE).toISOString();
  /** Only the entries these tests seeded (at or after LATER), newest first. */
  const seeded = (entries: AdminAuditEntryWire[]) => entries.filter((e) => e.at >= LATER);

  describe('who may read it', () => {
    it('answers 401 without a session', async () => {
      expect((await get('/api/admin/audit')).statusCode).toBe(401);
    });
    it.each(['teacher1', 'ta1', 'office1'])('answers 403 to %s', async (username) => {
      const res = await get('/api/admin/audit', await signIn(server.app, username));
      expect(res.statusCode).toBe(403);
    });
  });

  it('lists entries newest first with who made them and the record before and after', async () => {
    const { entries } = await page('/api/admin/audit');
    const mine = seeded(entries);
    expect(mine.map((e) => e.summary)).toEqual([
      'Moved Ben Jones',
      ...[6, 5, 4, 3, 2, 1, 0].map(() => expect.stringMatching(/^Imported row \d$/)),
      'Changed the school name',
      'Changed Ava Smith',
    ]);
    expect(mine[0]).toMatchObject({ staffId: null, staffName: null, entity: 'pupil', key: 'p-2' });
    const ava = mine[mine.length - 1]!;
    expect(ava).toEqual({
      id: expect.any(String),
      at: LATER,
      staffId: 's-admin1',
      staffName: server.demo.staff.find((s) => s.id === 's-admin1')!.displayName,
      action: 'update',
      entity: 'pupil',
      key: 'p-1',
      summary: 'Changed Ava Smith',
      before: { firstName: 'Ava', fsm: false },
      after: { firstName: 'Ava', fsm: true },
    });
  });

  it('filters by kind of record and by key', async () => {
    expect((await page('/api/admin/audit?entity=pupil')).entries.map((e) => e.summary)).toEqual(['Moved Ben Jones', 'Changed Ava Smith']);
    expect((await page('/api/admin/audit?entity=pupil&key=p-1')).entries.map((e) => e.summary)).toEqual(['Changed Ava Smith']);
    expect((await page('/api/admin/audit?entity=calendar')).entries).toEqual([]);
  });

  it('pages back with nextBefore without skipping or repeating entries that share a time', async () => {
    const all = seeded((await page('/api/admin/audit?limit=500')).entries).map((e) => e.id);
    const walked: string[] = [];
    let url = '/api/admin/audit?limit=3';
    for (let pages = 0; pages < 20; pages++) {
      const { entries, nextBefore } = await page(url);
      expect(entries.length).toBeLessThanOrEqual(3);
      walked.push(...seeded(entries).map((e) => e.id));
      if (!nextBefore || seeded(entries).length < entries.length) break;
      url = `/api/admin/audit?limit=3&before=${encodeURIComponent(nextBefore)}`;
    }
    expect(walked).toEqual(all);
    expect(all).toHaveLength(10);
  });

  it('takes a plain time as before (entries strictly earlier) and says when there is nothing older', async () => {
    const before = new Date(TEST_NOW + 24 * 60 * MINUTE + 2 * MINUTE).toISOString();
    const answer = await page(`/api/admin/audit?before=${encodeURIComponent(before)}&limit=500`);
    expect(seeded(answer.entries).map((e) => e.summary)).toEqual(['Changed the school name', 'Changed Ava Smith']);
    expect(answer.nextBefore).toBeNull();
    expect((await page('/api/admin/audit?before=2000-01-01T00:00:00Z')).entries).toEqual([]);
  });

  it('gives 100 entries by default and at most 500', async () => {
    const base = TEST_NOW + 2 * 24 * 60 * MINUTE;
    for (let i = 0; i < 110; i++) await seed(base + i, 'calendar', `d-${i}`, `Closure ${i}`);
    const first = await page('/api/admin/audit');
    expect(first.entries).toHaveLength(100);
    expect(first.entries[0]!.summary).toBe('Closure 109');
    expect(first.nextBefore).toMatch(/^\d{4}-\d\d-\d\dT[^~]+~[A-Za-z0-9-]+$/);
    expect((await page('/api/admin/audit?limit=500')).entries.length).toBe(110 + 10 + (await page('/api/admin/audit?limit=500&before=' + encodeURIComponent(LATER))).entries.length);
    expect((await get('/api/admin/audit?limit=501', admin)).statusCode).toBe(400);
  });

  it.each([
    ['limit=0'],
    ['limit=-1'],
    ['limit=abc'],
    ['limit=2.5'],
    ['limit='],
    ['limit=99999999999999999999'],
    ['before=yesterday'],
    ['before=2026-13-01T00:00:00Z'],
    ['before=2026-11-24'],
    ['before=2026-11-24T09:05:00Z~'],
    ['before=2026-11-24T09:05:00Z~a~b'],
    ['before=2026-11-24T09:05:00Z~%00'],
    ['entity=__proto__'],
    ['entity=Pupil'],
    ['entity=%00'],
    ['entity=' + 'a'.repeat(41)],
    ['key=%00'],
    ['key='],
    ['key=' + 'k'.repeat(201)],
    ['entity=pupil&entity=staff'],
    ['colour=red'],
  ])('refuses %s with 400 and a message', async (query) => {
    const res = await get(`/api/admin/audit?${query}`, admin);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it('never fails on a half of a UTF-16 pair written into the address: it arrives as U+FFFD and finds nothing', async () => {
    // A URL is UTF-8, so a lone surrogate cannot reach the server as one; its bytes must not make a 5xx either.
    for (const url of ['/api/admin/audit?key=%ED%A0%80x', '/api/admin/audit?entity=pupil&key=%F0%9Fx', '/api/admin/audit?key=%E0%A4%A']) {
      const res = await get(url, admin);
      expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
      if (res.statusCode === 200) expect(res.json().entries).toEqual([]);
    }
  });

  it("records a device revocation: who, whose devices, and what it ended, in that person's history", async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/admin/staff/s-ta1/devices/revoke', headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    const { entries } = await page('/api/admin/audit?entity=staff&key=s-ta1');
    const taName = server.demo.staff.find((s) => s.id === 's-ta1')!.displayName;
    expect(entries).toEqual([
      expect.objectContaining({
        at: new Date(TEST_NOW).toISOString(),
        staffId: 's-admin1',
        action: 'revoke_devices',
        entity: 'staff',
        key: 's-ta1',
        summary: expect.stringMatching(new RegExp(`^Revoked the devices of ${taName}: \\d+ device keys? removed, \\d+ sessions? ended$`)),
        after: { devicesWithKey: 0, sessions: 0 },
      }),
    ]);
    const missing = await server.app.inject({ method: 'POST', url: '/api/admin/staff/s-nobody/devices/revoke', headers: { cookie: admin } });
    expect(missing.statusCode).toBe(404);
    expect((await page('/api/admin/audit?entity=staff&key=s-nobody')).entries).toEqual([]);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    const count = async () => (await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_audit`)).rows[0]!.n;
    const n = await count();
    await expect(server.db.query(`UPDATE admin_audit SET summary = 'rewritten'`)).rejects.toThrow();
    await expect(server.db.query(`DELETE FROM admin_audit`)).rejects.toThrow();
    await expect(server.db.query(`TRUNCATE admin_audit`)).rejects.toThrow();
    expect(await count()).toBe(n);
    const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM admin_audit WHERE summary = 'rewritten'`);
    expect(rows[0]!.n).toBe(0);
  });
});
