/**
 * The fire roll call never hides a pupil (issue 9): a pupil the current register has no mark for is listed
 * as unaccounted, by name, counted apart from those on site; never left out as if absent. The tests follow
 * one school day at Oakfield (registers open 08:50 and 13:10, GMT in November), so each builds on the last.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import { getJson, groupPupils, pusher, teacherMarks, type Pusher } from './officeSupport.js';

const TODAY = '2026-11-24';
const at = (hhmm: string) => Date.parse(`${TODAY}T${hhmm}:00Z`);

interface Group {
  groupId: string;
  count: number;
  registerTaken: boolean;
  pupils: Array<{ pupilId: string; code: string | null; session: string | null; signedInAt: string | null; fromMorningRegister: boolean }>;
  unaccounted: Array<{ pupilId: string; name: string }>;
}

describe.each(ENGINES)('the fire roll call: pupils not accounted for (%s)', (engine) => {
  let server: TestServer;
  let office: string;
  let push: Pusher;
  let mark: ReturnType<typeof teacherMarks>;
  const nameOf = (p: TestServer['demo']['pupils'][number]) => `${p.preferredName ?? p.firstName} ${p.lastName}`;
  /** A class's pupils as the roll call lists them: in name order, with their names. */
  const listed = (pupils: TestServer['demo']['pupils']) =>
    [...pupils].sort((a, b) => a.lastName.localeCompare(b.lastName, 'en-GB') || a.firstName.localeCompare(b.firstName, 'en-GB') || a.id.localeCompare(b.id))
      .map((p) => ({ pupilId: p.id, name: nameOf(p) }));
  const rollCall = async (query = '') => {
    const body = await getJson(server, office, `/api/office/on-site${query}`);
    const group = (id: string) => body.groups.find((g: Group) => g.groupId === id) as Group;
    return { body, group };
  };
  const ids = (xs: Array<{ pupilId: string }>) => xs.map((x) => x.pupilId).sort();

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
    push = pusher(server, office, 'office-desk-on-site');
    mark = teacherMarks(server);
  });
  afterAll(() => server.close());

  it('09:08, only Year 1 taken: Year 1 is on site, every other class is unaccounted for by name, never "0 on site" as if absent', async () => {
    server.clock.set(at('09:08'));
    const g1 = groupPupils(server, 'g1');
    await mark('g1', g1.map((p) => ({ pupilId: p.id, mark: '/', observedAt: at('09:04') })));

    const { body, group } = await rollCall();
    const others = ['g2', 'g3', 'g4', 'g5', 'g6'];
    const otherPupils = server.demo.pupils.filter((p) => others.includes(p.groupId));
    expect(body).toMatchObject({ date: TODAY, isSchoolDay: true, currentSession: 'AM', total: g1.length, unaccountedTotal: otherPupils.length });
    expect(group('g1')).toMatchObject({ count: g1.length, registerTaken: true, unaccounted: [] });
    for (const id of others) {
      expect(group(id), id).toMatchObject({ count: 0, pupils: [], registerTaken: false, unaccounted: listed(groupPupils(server, id)) });
    }
  });

  it('before the morning register opens: everyone is unaccounted except breakfast club signed in and absences the office already knows', async () => {
    server.clock.set(at('08:30'));
    const [breakfast, appointment, early, ...rest] = groupPupils(server, 'g5');
    expect((await push('pupil.signin', { id: randomUUID(), pupilId: breakfast.id, at: new Date(at('08:00')).toISOString(), reason: 'Breakfast club' })).status).toBe('applied');
    expect((await push('code.set', { pupilId: appointment.id, date: TODAY, session: 'AM', code: 'M' })).status).toBe('applied');
    // A teacher may mark from an hour before the register opens.
    await mark('g5', [{ pupilId: early.id, mark: '/', observedAt: at('08:25') }]);

    const { body, group } = await rollCall();
    expect(body.currentSession).toBe('AM');
    const g5 = group('g5');
    expect(g5.registerTaken).toBe(false);
    expect(ids(g5.pupils)).toEqual([breakfast.id, early.id].sort());
    expect(g5.pupils.find((p) => p.pupilId === breakfast.id)).toMatchObject({ code: null, signedInAt: new Date(at('08:00')).toISOString() });
    expect(g5.unaccounted).toEqual(listed(rest));
    expect(body.unaccountedTotal).toBe(body.groups.reduce((n: number, g: Group) => n + g.unaccounted.length, 0));
  });

  it('a partly taken register: pupils with no mark yet are unaccounted, not absent; U is on site; the signing-out book still decides', async () => {
    server.clock.set(at('09:10'));
    const g2 = groupPupils(server, 'g2');
    const [here, absent, afterClose, leaves, arrives, ...unmarked] = g2;
    await mark('g2', [{ pupilId: here.id, mark: '/' }, { pupilId: absent.id, mark: 'N' }, { pupilId: leaves.id, mark: '/' }]);
    expect((await push('code.set', { pupilId: afterClose.id, date: TODAY, session: 'AM', code: 'U', minutesLate: 35 })).status).toBe('applied');
    expect((await push('pupil.signout', { id: randomUUID(), pupilId: leaves.id, reason: 'Collected by dad' })).status).toBe('applied');
    expect((await push('pupil.signin', { id: randomUUID(), pupilId: arrives.id, reason: 'Arrived late' })).status).toBe('applied');

    const { body, group } = await rollCall();
    const g = group('g2');
    expect(g.registerTaken).toBe(false);
    expect(ids(g.pupils)).toEqual([here.id, afterClose.id, arrives.id].sort());
    expect(g.count).toBe(3);
    expect(g.pupils.find((p) => p.pupilId === afterClose.id)).toMatchObject({ code: 'U', session: 'AM', fromMorningRegister: false });
    expect(g.unaccounted).toEqual(listed(unmarked));
    expect(body.signedOut.map((s: { pupilId: string }) => s.pupilId)).toEqual([leaves.id]);
    // The rest marked: nobody is left unaccounted. The pupil signed in has no mark yet, so the register is not
    // complete, but the signing-out book accounts for them.
    await mark('g2', unmarked.map((p) => ({ pupilId: p.id, mark: '/' })));
    expect((await rollCall()).group('g2')).toMatchObject({ registerTaken: false, unaccounted: [], count: 3 + unmarked.length });
    expect((await push('code.set', { pupilId: arrives.id, date: TODAY, session: 'AM', code: 'U', minutesLate: 20 })).status).toBe('applied');
    expect((await rollCall()).group('g2')).toMatchObject({ registerTaken: true, unaccounted: [], count: 3 + unmarked.length });
  });

  it('the afternoon before its register is taken: the morning-present are on site "from this morning\'s register", the morning-absent are not, the never-marked are unaccounted', async () => {
    server.clock.set(at('13:15'));
    const g1 = groupPupils(server, 'g1');
    const g2 = groupPupils(server, 'g2');
    const [, absentThisMorning, afterClose, leaves, arrives] = g2;
    const { body, group } = await rollCall();
    expect(body.currentSession).toBe('PM');
    expect(group('g1')).toMatchObject({ count: g1.length, registerTaken: false, unaccounted: [] });
    expect(group('g1').pupils.every((p) => p.fromMorningRegister && p.code === '/' && p.session === 'AM')).toBe(true);
    const g = group('g2');
    expect(g.unaccounted).toEqual([]);
    expect(ids(g.pupils)).toEqual(g2.filter((p) => p.id !== absentThisMorning.id && p.id !== leaves.id).map((p) => p.id).sort());
    expect(g.pupils.find((p) => p.pupilId === afterClose.id)).toMatchObject({ code: 'U', fromMorningRegister: true });
    expect(g.pupils.find((p) => p.pupilId === arrives.id)).toMatchObject({ signedInAt: expect.any(String), fromMorningRegister: false });
    // Year 3 had no register all day: still unaccounted, by name.
    expect(group('g3')).toMatchObject({ count: 0, registerTaken: false, unaccounted: listed(groupPupils(server, 'g3')) });

    // The afternoon register, taken: its marks decide, and one pupil who was here this morning has gone.
    const [gone, ...stayed] = g1;
    await mark('g1', [{ pupilId: gone.id, session: 'PM', mark: 'N', observedAt: at('13:12') }, ...stayed.map((p) => ({ pupilId: p.id, session: 'PM' as const, mark: '/', observedAt: at('13:12') }))]);
    const after = (await rollCall()).group('g1');
    expect(after).toMatchObject({ registerTaken: true, count: stayed.length, unaccounted: [] });
    expect(after.pupils.every((p) => !p.fromMorningRegister && p.code === '\\' && p.session === 'PM')).toBe(true);
  });

  it('a past date reads the day as it ended; a day that is not a school day expects nobody', async () => {
    const past = (await rollCall('?date=2026-11-23')).body;
    expect(past).toMatchObject({ isSchoolDay: true, currentSession: 'PM', total: 0, unaccountedTotal: server.demo.pupils.length });
    expect(past.groups.every((g: Group) => !g.registerTaken)).toBe(true);

    const weekend = (await rollCall('?date=2026-11-21')).body;
    expect(weekend).toMatchObject({ isSchoolDay: false, dayLabel: 'Weekend', currentSession: null, total: 0, unaccountedTotal: 0 });
    expect(weekend.groups.every((g: Group) => !g.registerTaken && g.unaccounted.length === 0)).toBe(true);
  });
});
