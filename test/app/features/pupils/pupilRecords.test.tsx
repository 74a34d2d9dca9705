/**
 * The pupil register, the cell panel and the export link against the REAL server (the demo school on
 * PGlite, 2026-11-24 09:05 GMT, a Tuesday), signed in as office1 (Mrs Begum): what the screens show is what
 * the server computed, and what they send is what the server records or refuses.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ServicesProvider } from '../../../../src/app/components/services';
import Pupils from '../../../../src/app/features/pupils/Pupils';
import ExportCsv from '../../../../src/app/features/planning/ExportCsv';
import { formatLongDate } from '../../../../src/app/components/pupilName';
import type { TestServer } from '../../../support/serverHarness';
import { signedInServices, startRealServer } from '../../office/realServer';

// The real server answers in tens of milliseconds, slower on a busy machine.
configure({ asyncUtilTimeout: 10_000 });

const NOW = Date.parse('2026-11-24T09:05:00Z');
const TODAY = '2026-11-24';

describe('pupil records against the real server', { timeout: 60_000 }, () => {
  let server: TestServer & Awaited<ReturnType<typeof startRealServer>>;
  let office: string;
  let teacher: string;
  let g1: Array<{ id: string; name: string; groupId: string }>;
  let officeSeq = 0;
  let teacherSeq = 0;

  const officePush = async (args: Record<string, unknown>, observedAt = NOW) => {
    const res = await server.harness.post(server.app, '/api/sync/push', office, {
      deviceId: 'office-desk-1',
      mutations: [{ seq: ++officeSeq, id: randomUUID(), type: 'code.set', args: { date: TODAY, session: 'AM', ...args }, observedAt: new Date(observedAt).toISOString(), clockOffsetMs: 0 }],
    });
    expect(res.json().results[0].status, res.body).toBe('applied');
  };
  const teacherN = async (pupilId: string) => {
    const res = await server.harness.post(server.app, '/api/sync/push', teacher, {
      deviceId: 'teacher1-tablet',
      mutations: [server.harness.markMutation(++teacherSeq, { pupilId, mark: 'N' }, NOW - 60_000)],
    });
    expect(res.json().results[0].status, res.body).toBe('applied');
  };
  const events = async (pupilId: string) =>
    (
      await server.db.query<{ code: string; old_code: string | null; reason: string | null; role: string; minutes_late: number | null }>(
        `SELECT code, old_code, reason, role, minutes_late FROM mark_events WHERE pupil_id = $1 AND date = $2 AND session = 'AM' ORDER BY version, id`,
        [pupilId, TODAY],
      )
    ).rows;

  async function renderPupils(params: string[]) {
    const services = await signedInServices(server, 'office1');
    render(
      <ServicesProvider value={services}>
        <Pupils params={params} />
      </ServicesProvider>,
    );
    return services;
  }
  const todayAm = (code: string | null, cls?: string) => `Tuesday 24 November 2026, morning: ${code ? `${code}, ${cls}` : 'no code yet'}`;
  async function openCell(name: string) {
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name }));
    const panel = await screen.findByRole('region', { name: /: morning, Tuesday 24 November 2026$/ });
    // The history has arrived once the loading notice has gone.
    await waitFor(() => expect(within(panel).queryByText('Loading the history…')).toBeNull());
    return { user, panel };
  }

  beforeAll(async () => {
    server = await startRealServer();
    office = await server.harness.signIn(server.app, 'office1');
    teacher = await server.harness.signIn(server.app, 'teacher1');
    g1 = server.demo.pupils.filter((p) => p.groupId === 'g1').map((p) => ({ id: p.id, name: `${p.preferredName ?? p.firstName} ${p.lastName}`, groupId: p.groupId }));
    const p = g1[0].id;
    // Last week: present on Monday, ill on Tuesday, unauthorised on Wednesday morning.
    await officePush({ pupilId: p, date: '2026-11-16', session: 'AM', code: '/' });
    await officePush({ pupilId: p, date: '2026-11-16', session: 'PM', code: '\\' });
    await officePush({ pupilId: p, date: '2026-11-17', session: 'AM', code: 'I' });
    await officePush({ pupilId: p, date: '2026-11-17', session: 'PM', code: 'I' });
    await officePush({ pupilId: p, date: '2026-11-18', session: 'AM', code: 'O' });
    // Today's morning: the teacher's N, the office's I, then M with a reason from a computer whose clock is ahead.
    await teacherN(p);
    await officePush({ pupilId: p, code: 'I' });
    await officePush({ pupilId: p, code: 'M', reason: 'Mother rang: it was a dentist appointment' }, NOW + 10 * 60_000);
    // Others: a teacher's N to replace, an office code to change, an N for a late arrival.
    await teacherN(g1[1].id);
    await officePush({ pupilId: g1[2].id, code: 'I' });
    await teacherN(g1[4].id);
  }, 180_000);
  afterAll(() => server?.close());

  it('finds a pupil on roll today by name, with their class', async () => {
    await renderPupils([]);
    const user = userEvent.setup();
    const pupil = server.demo.pupils.find((x) => x.id === g1[0].id)!;
    await screen.findByText(/Searches the \d+ pupils on roll today/);
    await user.type(screen.getByLabelText("Pupil's name"), pupil.lastName.toLowerCase());
    const list = await screen.findByRole('list', { name: 'Matching pupils' });
    const link = within(list).getByRole('link', { name: g1[0].name });
    expect(link.getAttribute('href')).toBe(`#/office/pupils/${g1[0].id}`);
    expect(link.closest('li')!.textContent).toContain('Year 1 Hazel');
    // Each pupil once, though they are in the morning and the afternoon register.
    expect(within(list).getAllByRole('link', { name: g1[0].name })).toHaveLength(1);

    await user.clear(screen.getByLabelText("Pupil's name"));
    await user.type(screen.getByLabelText("Pupil's name"), 'Zzzqx');
    expect(await screen.findByText(/No pupil on roll today matches “Zzzqx”/)).toBeTruthy();
  });

  it("shows the pupil's register as weeks of coloured cells with their codes, and attendance for the term and the year", async () => {
    await renderPupils([g1[0].id]);
    await screen.findByRole('heading', { level: 1, name: g1[0].name });
    const cell = (name: string) => screen.getByRole('button', { name });
    expect(cell('Monday 16 November 2026, morning: /, present').className).toContain('cell-present');
    expect(cell('Monday 16 November 2026, afternoon: \\, present').textContent).toBe('\\');
    const ill = cell('Tuesday 17 November 2026, morning: I, authorised absence');
    expect(ill.className).toContain('cell-authorised');
    expect(ill.textContent).toBe('I');
    const o = cell('Wednesday 18 November 2026, morning: O, unauthorised absence');
    expect([o.className, o.textContent]).toEqual([expect.stringContaining('cell-unauthorised'), 'O']);
    expect(cell(todayAm('M', 'authorised absence')).className).toContain('cell-authorised');
    const empty = cell('Thursday 19 November 2026, afternoon: no code yet');
    expect([empty.className, empty.textContent]).toEqual([expect.stringContaining('cell-unmarked'), '–']);
    // The academic year so far, a week a row from Monday 31 August to this week; nothing after today.
    expect(screen.getByRole('table').querySelector('caption')!.textContent).toContain('Register from Tuesday 1 September 2026 to Tuesday 24 November 2026');
    expect(screen.getByRole('rowheader', { name: '31 Aug' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Wednesday 25 November 2026/ })).toBeNull();

    // The legend names every colour.
    const legend = screen.getByRole('region', { name: 'Key' });
    for (const words of ['Present', 'Approved educational activity', 'Authorised absence', 'Unauthorised absence', 'Not counted', 'No code yet']) {
      expect(legend.textContent).toContain(words);
    }

    // 6 possible sessions: 2 present, 3 authorised, 1 unauthorised. 33.3%, severe absence.
    for (const name of ['This term (Autumn 2)', 'This school year so far']) {
      const card = screen.getByRole('region', { name });
      expect(card.textContent).toContain('Attendance: 33.3%');
      expect(card.textContent).toContain('Severe absence');
      expect(card.textContent).toMatch(/Possible sessions6Present2Authorised absence3Unauthorised absence1/);
    }

    const details = screen.getByRole('region', { name: 'Details' });
    const pupil = server.demo.pupils.find((x) => x.id === g1[0].id)!;
    expect(details.textContent).toContain('Year 1 Hazel');
    expect(details.textContent).toContain(`Date of birth${formatLongDate(pupil.dateOfBirth)}`);
    for (const c of pupil.contacts) expect(details.textContent).toContain(`${c.name} (${c.relationship}): ${c.phone}`);
  });

  it('shows a shorter range when asked, and says so when "To" is before "From"', async () => {
    await renderPupils([g1[0].id]);
    const user = userEvent.setup();
    const from = await screen.findByLabelText('From');
    await user.clear(from);
    await user.type(from, '2026-11-16');
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    await waitFor(() => expect(screen.getByRole('table').querySelector('caption')!.textContent).toContain('Register from Monday 16 November 2026'));
    expect(screen.getAllByRole('row').length).toBe(2 + 2); // two header rows, two weeks
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-11-01');
    await user.click(screen.getByRole('button', { name: 'Show these dates' }));
    expect(screen.getByRole('alert').textContent).toContain('"To" is before "From"');
  });

  it("opens a cell's full history from the grid: every entry with codes, reason, who and role, device and both times", async () => {
    await renderPupils([g1[0].id]);
    const { user, panel } = await openCell(todayAm('M', 'authorised absence'));
    expect(document.activeElement).toBe(within(panel).getByRole('heading', { level: 2 }));
    const list = within(panel).getByRole('list', { name: 'History of the morning, Tuesday 24 November 2026, oldest first' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const [first, second, third] = items.map((i) => i.textContent);
    expect(first).toContain("– → N (empty before) teacher's mark");
    expect(first).toContain('ReasonNone given');
    expect(first).toContain('ByMs Patel (teacher)');
    expect(first).toContain('Deviceteacher1-tablet');
    expect(first).toContain('Observed24 Nov 2026, 09:04:00');
    expect(first).toContain('Received24 Nov 2026, 09:05:00');
    expect(first).not.toContain('Suspect clock');
    expect(second).toContain('N → I');
    expect(second).toContain('ByMrs Begum (office)');
    expect(second).toContain('Deviceoffice-desk-1');
    expect(third).toContain('I → M');
    expect(third).toContain('ReasonMother rang: it was a dentist appointment');
    // Observed ten minutes after the server received it: impossible, so flagged and the receive time used.
    expect(third).toContain('Observed24 Nov 2026, 09:05:00 · Suspect clock');

    // Escape closes the panel and puts the keyboard back on the cell.
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: /: morning, Tuesday 24 November 2026$/ })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: todayAm('M', 'authorised absence') }));
  });

  it("replaces a teacher's N without a reason: sends code.set, then shows the new entry and the new code", async () => {
    const pupilId = g1[1].id;
    const services = await renderPupils([pupilId]);
    const { user, panel } = await openCell(todayAm('N', 'unauthorised absence'));
    await user.selectOptions(within(panel).getByLabelText('New code'), 'I');
    expect(within(panel).getByLabelText('Reason (optional)')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect((await within(panel).findByRole('status')).textContent).toBe('Saved: I for the morning, Tuesday 24 November 2026.');

    expect((await events(pupilId)).map((e) => [e.code, e.old_code, e.reason, e.role])).toEqual([
      ['N', null, null, 'teacher'],
      ['I', 'N', null, 'office'],
    ]);
    expect(await services.db.outbox.count()).toBe(0);
    // The history and the register are read again.
    await waitFor(() => expect(within(panel).getAllByRole('listitem')).toHaveLength(2));
    expect(within(panel).getAllByRole('listitem')[1].textContent).toContain('N → I');
    await screen.findByRole('button', { name: todayAm('I', 'authorised absence') });
  });

  it('asks for a reason before changing a code the office set, and sends nothing until there is one', async () => {
    const pupilId = g1[2].id;
    await renderPupils([pupilId]);
    const { user, panel } = await openCell(todayAm('I', 'authorised absence'));
    await user.selectOptions(within(panel).getByLabelText('New code'), 'M');
    const reason = within(panel).getByLabelText('Reason (required)');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect(within(panel).getByText('A reason is needed: this cell already has I. Say why it is changing to M.')).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(await events(pupilId)).toHaveLength(1);

    await user.type(reason, 'Appointment letter brought in');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    await within(panel).findByRole('status');
    expect((await events(pupilId)).at(-1)).toMatchObject({ code: 'M', old_code: 'I', reason: 'Appointment letter brought in', role: 'office' });
  });

  it("shows the server's refusal beside the form when the cell changed meanwhile, then asks for the reason", async () => {
    const pupilId = g1[5].id;
    await renderPupils([pupilId]);
    const { user, panel } = await openCell(todayAm(null));
    expect(within(panel).getByText('Nothing has been entered in this cell yet.')).toBeTruthy();
    // Someone else at the office sets I while this panel is open.
    await officePush({ pupilId, code: 'I' });
    await user.selectOptions(within(panel).getByLabelText('New code'), 'M');
    expect(within(panel).getByLabelText('Reason (optional)')).toBeTruthy();
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect((await within(panel).findByRole('alert')).textContent).toBe('Not accepted: This cell already has I, set by the office. Say why it is changing to M.');
    // Read again: the panel now knows the cell holds I, so the reason is required.
    await within(panel).findByLabelText('Reason (required)');
    expect((await events(pupilId)).map((e) => e.code)).toEqual(['I']);
  });

  it("shows the server's refusal of a code the rules forbid (X for a pupil of compulsory school age)", async () => {
    const pupilId = g1[3].id;
    await renderPupils([pupilId]);
    const { user, panel } = await openCell(todayAm(null));
    await user.selectOptions(within(panel).getByLabelText('New code'), 'X');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    const alert = await within(panel).findByRole('alert');
    expect(alert.textContent).toMatch(/^Not accepted: X is only for a pupil who is not of compulsory school age\./);
    expect(await events(pupilId)).toHaveLength(0);
  });

  it('asks for the minutes late with L, and sends them', async () => {
    const pupilId = g1[4].id;
    await renderPupils([pupilId]);
    const { user, panel } = await openCell(todayAm('N', 'unauthorised absence'));
    expect(within(panel).queryByLabelText('Minutes late')).toBeNull();
    await user.selectOptions(within(panel).getByLabelText('New code'), 'L');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    expect(within(panel).getByText(/Enter how many minutes after the register opened the pupil arrived/)).toBeTruthy();
    expect(await events(pupilId)).toHaveLength(1);
    await user.type(within(panel).getByLabelText('Minutes late'), '12');
    await user.click(within(panel).getByRole('button', { name: 'Set code' }));
    await within(panel).findByRole('status');
    expect((await events(pupilId)).at(-1)).toMatchObject({ code: 'L', old_code: 'N', minutes_late: 12, reason: null });
    await waitFor(() => expect(within(panel).getAllByRole('listitem').at(-1)!.textContent).toContain('Minutes late12'));
  });

  it('links to an export the server answers with the CSV for that class and range', async () => {
    const services = await signedInServices(server, 'office1');
    render(
      <ServicesProvider value={services}>
        <ExportCsv params={[]} />
      </ServicesProvider>,
    );
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Class'), 'Year 1 Hazel');
    const href = screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')!;
    expect(href).toBe('/api/office/export.csv?from=2026-09-01&to=2026-11-24&groupId=g1');
    const res = await server.app.inject({ method: 'GET', url: href, headers: { cookie: office } });
    expect(res.statusCode).toBe(200);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('pupil,group,date,session,code,class');
    const pupil = server.demo.pupils.find((x) => x.id === g1[0].id)!;
    expect(lines).toContain(`"${pupil.lastName}, ${pupil.firstName}",Year 1 Hazel,2026-11-17,AM,I,authorised`);
  });
});
