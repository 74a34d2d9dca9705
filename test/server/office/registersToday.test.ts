/**
 * Registers today (issue 9): each register says when it closes, and which present marks its teacher took
 * after it closed, with the time and who took them. Those marks stay the teacher's (never turned into L or U
 * by themselves); once the office sets a code the pupil leaves the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, signIn, startTestServer, TEST_NOW, type TestServer } from '../../support/serverHarness.js';
import { cellCode, getJson, groupPupils, pusher, teacherMarks } from './officeSupport.js';

const TODAY = '2026-11-24';
const at = (time: string) => Date.parse(`${TODAY}T${time}:00Z`); // GMT in November: the AM register is 08:50 to 09:20

describe.each(ENGINES)('registers today: marks taken after the register closed (%s)', (engine) => {
  let server: TestServer;
  let office: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    office = await signIn(server.app, 'office1');
  });
  afterAll(() => server.close());

  it('lists the present marks observed after the register closed, with their times, and drops one the office has coded', async () => {
    const [onTime, arrivedLate, markedN, coded] = groupPupils(server, 'g3');
    const mark = teacherMarks(server);
    server.clock.set(at('08:56'));
    await mark('g3', [
      { pupilId: onTime.id, mark: '/', observedAt: at('08:55') },
      { pupilId: markedN.id, mark: 'N', observedAt: at('08:55') },
      { pupilId: arrivedLate.id, mark: 'N', observedAt: at('08:55') },
    ]);
    server.clock.set(at('09:40'));
    await mark('g3', [
      { pupilId: arrivedLate.id, mark: '/', observedAt: at('09:34') },
      { pupilId: coded.id, mark: '/', observedAt: at('09:21') },
    ]);
    const desk = pusher(server, office, `office-registers-today-${engine}`);
    expect(await desk('code.set', { pupilId: coded.id, date: TODAY, session: 'AM', code: 'U', minutesLate: 31, reason: 'Signed the late book at 09:21' })).toMatchObject({ status: 'applied' });

    const body = await getJson(server, office, `/api/office/registers?date=${TODAY}`);
    const g3 = body.registers.find((r: { groupId: string; session: string }) => r.groupId === 'g3' && r.session === 'AM');
    expect(g3.closesAt).toBe('09:20');
    expect(g3.markedAfterClose).toEqual([
      { pupilId: arrivedLate.id, name: `${arrivedLate.preferredName ?? arrivedLate.firstName} ${arrivedLate.lastName}`, markedBy: 'Mrs Green', markedAt: new Date(at('09:34')).toISOString() },
    ]);
    expect(g3.pupils.find((p: { pupilId: string }) => p.pupilId === arrivedLate.id)).toMatchObject({ code: '/', source: 'teacher', afterClose: true });
    expect(g3.pupils.find((p: { pupilId: string }) => p.pupilId === onTime.id)).toMatchObject({ code: '/', afterClose: false });
    // Still the teacher's present mark: nothing turned it into L or U.
    expect(await cellCode(server, arrivedLate.id, TODAY, 'AM')).toEqual({ code: '/', source: 'teacher' });
    // The afternoon register closes at its own time.
    expect(body.registers.find((r: { groupId: string; session: string }) => r.groupId === 'g3' && r.session === 'PM')).toMatchObject({ closesAt: '13:40', markedAfterClose: [] });
    server.clock.set(TEST_NOW);
  });
});
