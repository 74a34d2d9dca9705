import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, signIn, startTestServer, TEST_NOW, type TestServer } from '../../support/serverHarness.js';
import { cellCode, getJson, groupPupils, pusher, teacherMarks, type Pusher } from './officeSupport.js';

const TODAY = '2026-11-24';

describe.each(ENGINES)("the office's day: missing registers, first-day calls, the fire roll call (%s)", (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  let mark: ReturnType<typeof teacherMarks>;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, 'office-desk-today');
    mark = teacherMarks(server);
  });
  afterAll(() => server.close());
  afterEach(() => server.clock.set(TEST_NOW));

  describe('missing registers', () => {
    it('lists every register not complete 10 minutes after it opened, with who should take it', async () => {
      const g1 = groupPupils(server, 'g1');
      const g2 = groupPupils(server, 'g2');
      await mark('g1', g1.map((p) => ({ pupilId: p.id, mark: '/' })));
      await mark('g2', g2.slice(0, 10).map((p) => ({ pupilId: p.id, mark: '/' })));

      const body = await getJson(server, office, '/api/office/missing-registers');
      expect(body).toMatchObject({ date: TODAY, isSchoolDay: true, dayLabel: null, missingAfterMinutes: 10 });
      // 09:05: the AM registers (08:50 + 10 minutes) are due, the PM ones are not.
      expect(body.registers.map((r: { groupId: string; session: string }) => `${r.groupId} ${r.session}`)).toEqual(['g2 AM', 'g3 AM', 'g4 AM', 'g5 AM', 'g6 AM']);
      expect(body.registers[0]).toEqual({
        groupId: 'g2', groupName: 'Year 2 Rowan', session: 'AM', opensAt: '08:50', dueAt: '2026-11-24T09:00:00.000Z',
        marked: 10, total: g2.length, missing: g2.length - 10, takenBy: ['Mr Okafor'], coveredBy: [],
      });
    });

    it('waits until the opening time plus the school setting, and then includes the afternoon with its cover', async () => {
      server.clock.set(Date.parse('2026-11-24T08:59:59Z'));
      expect((await getJson(server, office, '/api/office/missing-registers')).registers).toEqual([]);
      server.clock.set(Date.parse('2026-11-24T13:20:00Z'));
      const pm = (await getJson(server, office, '/api/office/missing-registers')).registers.filter((r: { session: string }) => r.session === 'PM');
      expect(pm).toHaveLength(6);
      expect(pm.find((r: { groupId: string }) => r.groupId === 'g2')).toMatchObject({ takenBy: ['Mr Okafor'], coveredBy: ['Mr Hughes'], marked: 0 });

      await server.db.query(`UPDATE schools SET missing_register_minutes = 15 WHERE id = 'demo'`);
      try {
        const later = await getJson(server, office, '/api/office/missing-registers');
        expect(later.missingAfterMinutes).toBe(15);
        expect(later.registers.filter((r: { session: string }) => r.session === 'PM')).toEqual([]);
      } finally {
        await server.db.query(`UPDATE schools SET missing_register_minutes = 10 WHERE id = 'demo'`);
      }
    });

    it('says so on a day that is not a school day, and refuses a date that is not one', async () => {
      expect(await getJson(server, office, '/api/office/missing-registers?date=2026-11-21')).toMatchObject({ isSchoolDay: false, dayLabel: 'Weekend', registers: [] });
      expect(await getJson(server, office, '/api/office/missing-registers?date=2026-10-27')).toMatchObject({ isSchoolDay: false, dayLabel: 'Half term', registers: [] });
      const bad = await getJson(server, office, '/api/office/missing-registers?date=2026-02-30', 400);
      expect(bad.code).toBe('bad_request');
    });
  });

  describe('first-day response', () => {
    const pick = (pred: (p: TestServer['demo']['pupils'][number]) => boolean) => server.demo.pupils.find(pred)!;
    let cp: TestServer['demo']['pupils'][number];
    let la: TestServer['demo']['pupils'][number];
    let sw: TestServer['demo']['pupils'][number];
    let send: TestServer['demo']['pupils'][number];
    let plain: TestServer['demo']['pupils'];

    beforeAll(async () => {
      cp = pick((p) => p.flags.childProtection);
      la = pick((p) => p.flags.lookedAfter && !p.flags.childProtection);
      sw = pick((p) => p.flags.socialWorker && !p.flags.childProtection && !p.flags.lookedAfter);
      send = pick((p) => p.flags.send && !p.flags.childProtection && !p.flags.lookedAfter && !p.flags.socialWorker && p.groupId !== 'g1' && p.groupId !== 'g2');
      plain = groupPupils(server, 'g4').filter((p) => !Object.values(p.flags).some(Boolean) && p.id !== send.id).slice(0, 2);
      for (const p of [plain[1], send, sw, plain[0], la, cp]) await mark(p.groupId, [{ pupilId: p.id, mark: 'N' }]);
      // An afternoon N too, for one of them, observed after the PM register opened.
      server.clock.set(Date.parse('2026-11-24T13:30:00Z'));
      await mark(cp.groupId, [{ pupilId: cp.id, session: 'PM', mark: 'N', observedAt: Date.parse('2026-11-24T13:25:00Z') }]);
      server.clock.set(TEST_NOW);
    });

    it('lists pupils with N today, vulnerable ones first (child protection, looked after, social worker, SEND), then by name', async () => {
      const body = await getJson(server, office, '/api/office/first-day');
      expect(body).toMatchObject({ date: TODAY, isSchoolDay: true });
      const ids = body.pupils.map((p: { pupilId: string }) => p.pupilId);
      const plainInNameOrder = [...plain].sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName)).map((p) => p.id);
      expect(ids).toEqual([cp.id, la.id, sw.id, send.id, ...plainInNameOrder]);
      const first = body.pupils[0];
      expect(first).toMatchObject({
        pupilId: cp.id, name: `${cp.preferredName ?? cp.firstName} ${cp.lastName}`, groupId: cp.groupId, sessions: ['AM', 'PM'],
        flags: cp.flags, vulnerable: true, contactLog: [], contacted: false, messageFromHome: false,
      });
      expect(first.contacts).toEqual(cp.contacts.map((c) => ({ name: c.name, relationship: c.relationship, phone: c.phone, priority: c.priority })));
      expect(body.pupils.find((p: { pupilId: string }) => p.pupilId === plain[0].id).vulnerable).toBe(false);
    });

    it('records contact attempts, shows them in the list, and replaces N with the code learned', async () => {
      const noAnswer = randomUUID();
      expect(await push('contact.record', { id: noAnswer, pupilId: plain[0].id, date: TODAY, method: 'phone', outcome: 'No answer; left a voicemail' })).toMatchObject({ status: 'applied' });
      const ill = await push('contact.record', { id: randomUUID(), pupilId: send.id, date: TODAY, method: 'message from home', outcome: 'Dad rang: sickness bug', code: 'I' });
      expect(ill.status).toBe('applied');
      expect(await cellCode(server, send.id, TODAY, 'AM')).toEqual({ code: 'I', source: 'office' });
      const history = await getJson(server, office, `/api/office/history?pupilId=${send.id}&date=${TODAY}&session=AM`);
      expect(history.entries.at(-1)).toMatchObject({ code: 'I', oldCode: 'N', reason: 'Contact (message from home): Dad rang: sickness bug', by: 'Mrs Begum' });

      const body = await getJson(server, office, '/api/office/first-day');
      expect(body.pupils.some((p: { pupilId: string }) => p.pupilId === send.id)).toBe(false);
      const { rows } = await server.db.query<{ code: string; sessions: string[] }>(`SELECT code, sessions FROM contact_log WHERE pupil_id = $1`, [send.id]);
      expect(rows).toEqual([{ code: 'I', sessions: ['AM'] }]);
      const called = body.pupils.find((p: { pupilId: string }) => p.pupilId === plain[0].id);
      expect(called).toMatchObject({ contacted: true, messageFromHome: false });
      expect(called.contactLog).toEqual([{ id: noAnswer, method: 'phone', outcome: 'No answer; left a voicemail', code: null, sessions: null, by: 'Mrs Begum', role: 'office', at: new Date(TEST_NOW).toISOString() }]);
    });

    it('sets the code on the named sessions only, and refuses a code when there is no N to replace', async () => {
      // The looked-after pupil's carer says they will be at the dentist this afternoon; the morning stays N.
      expect((await push('contact.record', { id: randomUUID(), pupilId: la.id, date: TODAY, method: 'phone', outcome: 'Carer: dentist at 2pm', code: 'M', sessions: ['PM'] })).status).toBe('applied');
      expect(await cellCode(server, la.id, TODAY, 'PM')).toEqual({ code: 'M', source: 'office' });
      expect(await cellCode(server, la.id, TODAY, 'AM')).toMatchObject({ code: 'N' });
      const row = (await getJson(server, office, '/api/office/first-day')).pupils.find((p: { pupilId: string }) => p.pupilId === la.id);
      expect(row.sessions).toEqual(['AM']);
      expect(row.contactLog[0]).toMatchObject({ code: 'M', sessions: ['PM'] });

      const nothing = await push('contact.record', { id: randomUUID(), pupilId: send.id, date: TODAY, method: 'phone', outcome: 'Checked in', code: 'I' });
      expect(nothing).toMatchObject({ status: 'rejected', code: 'no_n_to_replace' });
      const retired = await push('contact.record', { id: randomUUID(), pupilId: la.id, date: TODAY, method: 'phone', outcome: 'Holiday', code: 'H' });
      expect(retired).toMatchObject({ status: 'rejected', code: 'retired_code' });
    });

    it('refuses a repeated contact id, an unknown method or pupil, and never lets the log be changed', async () => {
      const id = randomUUID();
      const [first, again] = await push.many([
        { type: 'contact.record', args: { id, pupilId: plain[1].id, date: TODAY, method: 'text', outcome: 'Sent the absence text' } },
        { type: 'contact.record', args: { id, pupilId: plain[1].id, date: TODAY, method: 'text', outcome: 'Sent the absence text' } },
      ]);
      expect(first.status).toBe('applied');
      expect(again).toMatchObject({ status: 'rejected', code: 'contact_exists' });
      expect(await push('contact.record', { id, pupilId: plain[1].id, date: TODAY, method: 'text', outcome: 'again' })).toMatchObject({ code: 'contact_exists' });
      expect(await push('contact.record', { id: randomUUID(), pupilId: plain[1].id, date: TODAY, method: 'carrier pigeon', outcome: '' })).toMatchObject({ code: 'invalid_args' });
      expect(await push('contact.record', { id: randomUUID(), pupilId: plain[1].id, date: TODAY, method: 'phone', outcome: 'x'.repeat(301) })).toMatchObject({ code: 'invalid_args' });
      expect(await push('contact.record', { id: randomUUID(), pupilId: 'nobody', date: TODAY, method: 'phone', outcome: '' })).toMatchObject({ code: 'unknown_pupil' });
      await expect(server.db.query(`UPDATE contact_log SET outcome = 'changed'`)).rejects.toThrow(/append-only/);
      await expect(server.db.query(`DELETE FROM contact_log`)).rejects.toThrow(/append-only/);
      const { rows } = await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_log WHERE school_id = 'demo'`);
      expect(rows[0].n).toBe(4);
    });
  });

  describe('the fire roll call', () => {
    it('counts pupils present or U in the current or latest session, by group and in total, and follows the signing-out book', async () => {
      const g6 = groupPupils(server, 'g6');
      const [here, absent, late, afterClose, appointment, leaves, arrives] = g6;
      await mark('g6', [
        { pupilId: here.id, mark: '/' }, { pupilId: absent.id, mark: 'N' }, { pupilId: leaves.id, mark: '/' }, { pupilId: arrives.id, mark: 'N' },
      ]);
      for (const [p, code, extra] of [[late, 'L', { minutesLate: 10 }], [afterClose, 'U', { minutesLate: 40 }], [appointment, 'M', {}]] as const) {
        expect((await push('code.set', { pupilId: p.id, date: TODAY, session: 'AM', code, ...extra })).status).toBe('applied');
      }
      const roll = async () => {
        const body = await getJson(server, office, '/api/office/on-site');
        return { body, g6: body.groups.find((g: { groupId: string }) => g.groupId === 'g6') };
      };
      let { body, g6: group } = await roll();
      expect(body).toMatchObject({ date: TODAY, at: new Date(TEST_NOW).toISOString(), isSchoolDay: true });
      expect(group.pupils.map((p: { pupilId: string }) => p.pupilId).sort()).toEqual([here.id, late.id, afterClose.id, leaves.id].sort());
      expect(group.count).toBe(4);
      expect(group.pupils.find((p: { pupilId: string }) => p.pupilId === afterClose.id)).toMatchObject({ code: 'U', session: 'AM', signedInAt: null });
      expect(body.total).toBe(body.groups.reduce((n: number, g: { count: number }) => n + g.count, 0));
      expect(body.groups.map((g: { groupId: string }) => g.groupId)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5', 'g6']);

      server.clock.set(TEST_NOW + 10 * 60_000);
      expect((await push('pupil.signout', { id: randomUUID(), pupilId: leaves.id, reason: 'Dentist; collected by mum' })).status).toBe('applied');
      expect((await push('pupil.signin', { id: randomUUID(), pupilId: arrives.id, at: new Date(TEST_NOW + 5 * 60_000).toISOString(), reason: 'Arrived late' })).status).toBe('applied');
      ({ body, g6: group } = await roll());
      expect(group.pupils.map((p: { pupilId: string }) => p.pupilId).sort()).toEqual([here.id, late.id, afterClose.id, arrives.id].sort());
      expect(group.pupils.find((p: { pupilId: string }) => p.pupilId === arrives.id)).toMatchObject({ code: 'N', signedInAt: new Date(TEST_NOW + 5 * 60_000).toISOString() });
      expect(body.signedOut).toEqual([{ pupilId: leaves.id, name: `${leaves.preferredName ?? leaves.firstName} ${leaves.lastName}`, groupId: 'g6', groupName: 'Year 6 Cedar', at: new Date(TEST_NOW + 10 * 60_000).toISOString(), reason: 'Dentist; collected by mum' }]);

      // The afternoon: before any PM mark the morning's code still counts; a PM code takes over once given.
      server.clock.set(Date.parse('2026-11-24T13:15:00Z'));
      expect((await push('code.set', { pupilId: here.id, date: TODAY, session: 'PM', code: 'M' })).status).toBe('applied');
      expect((await push('pupil.signin', { id: randomUUID(), pupilId: leaves.id, reason: 'Back from the dentist' })).status).toBe('applied');
      ({ g6: group } = await roll());
      expect(group.pupils.map((p: { pupilId: string }) => p.pupilId).sort()).toEqual([late.id, afterClose.id, arrives.id, leaves.id].sort());
      expect(group.pupils.find((p: { pupilId: string }) => p.pupilId === late.id)).toMatchObject({ code: 'L', session: 'AM' });

      // A past day with no register has nobody on site.
      expect((await getJson(server, office, '/api/office/on-site?date=2026-11-23')).total).toBe(0);
    });

    it('refuses sign-outs in the future, for unknown pupils, with a used id; the book cannot be changed', async () => {
      const [p] = groupPupils(server, 'g5');
      const id = randomUUID();
      expect(await push('pupil.signout', { id, pupilId: p.id, at: new Date(TEST_NOW + 3_600_000).toISOString() })).toMatchObject({ status: 'rejected', code: 'date_in_future' });
      expect(await push('pupil.signout', { id, pupilId: 'nobody' })).toMatchObject({ status: 'rejected', code: 'unknown_pupil' });
      expect(await push('pupil.signout', { id, pupilId: p.id, at: 'this morning' })).toMatchObject({ status: 'rejected', code: 'invalid_args' });
      expect((await push('pupil.signout', { id, pupilId: p.id })).status).toBe('applied');
      expect(await push('pupil.signin', { id, pupilId: p.id })).toMatchObject({ status: 'rejected', code: 'site_entry_exists' });
      await expect(server.db.query(`UPDATE site_log SET reason = 'changed'`)).rejects.toThrow(/append-only/);
      await expect(server.db.query(`DELETE FROM site_log`)).rejects.toThrow(/append-only/);
      const { rows } = await server.db.query<{ kind: string; staff_id: string; device_id: string; date: string }>(`SELECT kind, staff_id, device_id, date FROM site_log WHERE id = $1`, [id]);
      expect(rows).toEqual([{ kind: 'signout', staff_id: 's-office1', device_id: 'office-desk-today', date: TODAY }]);
    });
  });
});
