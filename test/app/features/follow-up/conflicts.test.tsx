/**
 * Conflicts: each described in words, resolved with a written resolution and, if chosen, a code, through the
 * outbox. Against the real server (a teacher's present mark and a "Pupil is here" over office codes), and a fake
 * one for a refusal.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Conflicts from '../../../../src/app/features/follow-up/Conflicts';
import type { Conflict } from '../../../../src/app/office/officeApi';
import { harness, renderIn } from '../../render';
import { officeUser } from '../auth/appHarness';
import { officeDesk, REAL_SERVER_TIMEOUT, startFollowUpServer, type TestServer } from '../../office/followUpServer';

type Started = Awaited<ReturnType<typeof startFollowUpServer>>;
const nameOf = (p: { firstName: string; lastName: string; preferredName: string | null }) => `${p.preferredName ?? p.firstName} ${p.lastName}`;
const cardOf = (name: string) => screen.getByRole('link', { name }).closest('li') as HTMLElement;

describe('conflicts against the real server', { timeout: REAL_SERVER_TIMEOUT }, () => {
  let server: TestServer;
  let support: Started['support'];
  let h: Started['harness'];
  beforeAll(async () => {
    ({ server, support, harness: h } = await startFollowUpServer());
  }, 120_000);
  afterAll(() => server?.close());

  it('describes each conflict in words and resolves it with a resolution and a code, or keeping the office code', async () => {
    const [booked, onTrip] = support.groupPupils(server, 'g2');
    const office = await h.signIn(server.app, 'office1');
    const push = support.pusher(server, office, 'office-seed-conflicts');
    expect((await push('code.set', { pupilId: booked.id, date: '2026-11-24', session: 'AM', code: 'M' })).status).toBe('applied');
    expect((await push('code.set', { pupilId: onTrip.id, date: '2026-11-24', session: 'AM', code: 'V' })).status).toBe('applied');
    // Mr Okafor (teacher2) marks the booked pupil present at 09:02, then taps "Pupil is here" for the one on the trip
    // at 09:04 (the server's clock when they arrive is when the conflicts are raised).
    server.clock.set(Date.parse('2026-11-24T09:02:00Z'));
    await support.teacherMarks(server)('g2', [{ pupilId: booked.id, mark: '/', observedAt: Date.parse('2026-11-24T09:02:00Z') }]);
    const teacher = await h.signIn(server.app, 'teacher2');
    server.clock.set(Date.parse('2026-11-24T09:04:00Z'));
    const here = await h.post(server.app, '/api/sync/push', teacher, {
      deviceId: 'teacher2-here-device',
      mutations: [{ seq: 1, id: randomUUID(), type: 'pupil.here', args: { pupilId: onTrip.id, date: '2026-11-24', session: 'AM' }, observedAt: '2026-11-24T09:04:00.000Z', clockOffsetMs: 0 }],
    });
    expect(here.json().results[0].status).toBe('applied');
    server.clock.set(Date.parse('2026-11-24T09:05:00Z'));

    const desk = await officeDesk(server);
    desk.render(<Conflicts params={[]} />);
    await screen.findByRole('link', { name: nameOf(booked) });
    const first = cardOf(nameOf(booked));
    expect(first.textContent).toContain(`Mr Okafor marked ${nameOf(booked)} present (/) at 09:02, but the office had set M: medical appointment.`);
    expect(first.textContent).toContain('Code now: M (medical appointment)');
    expect(first.textContent).toContain('Year 2 Rowan · Tuesday 24 November 2026, morning');
    expect(within(first).getByRole('link', { name: nameOf(booked) }).getAttribute('href')).toBe(`#/office/pupils/${booked.id}`);
    const second = cardOf(nameOf(onTrip));
    expect(second.textContent).toMatch(new RegExp(`Mr Okafor tapped ‘Pupil is here’ for ${nameOf(onTrip)} at 09:04, but the office had set V: educational visit or trip\\.`));

    const user = userEvent.setup();
    // A resolution is required: nothing is sent without one.
    await user.click(within(first).getByRole('button', { name: 'Resolve' }));
    expect(within(first).getByText(/Write what was decided/)).toBeTruthy();
    expect(within(first).getByLabelText('Resolution').getAttribute('aria-invalid')).toBe('true');
    expect(await desk.db.outbox.count()).toBe(0);

    await user.type(within(first).getByLabelText('Resolution'), 'Appointment was cancelled; the pupil was in class');
    await user.click(within(first).getByRole('button', { name: 'Present (/)' }));
    expect((within(first).getByLabelText('Code to set') as HTMLSelectElement).value).toBe('/');
    await user.click(within(first).getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('status')).textContent).toBe(`Resolved: ${nameOf(booked)}, Tue 24 Nov morning, code set to /.`);
    await waitFor(() => expect(screen.queryByRole('link', { name: nameOf(booked) })).toBeNull());
    expect(await support.cellCode(server, booked.id, '2026-11-24', 'AM')).toEqual({ code: '/', source: 'office' });

    const trip = cardOf(nameOf(onTrip));
    await user.click(within(trip).getByRole('button', { name: 'Keep V' }));
    await user.type(within(trip).getByLabelText('Resolution'), 'Joined the coach at 9:30');
    await user.click(within(trip).getByRole('button', { name: 'Resolve' }));
    await screen.findByText(`Resolved: ${nameOf(onTrip)}, Tue 24 Nov morning, V kept.`);
    await screen.findByText('No open conflicts.');
    expect(await support.cellCode(server, onTrip.id, '2026-11-24', 'AM')).toEqual({ code: 'V', source: 'office' });

    await user.selectOptions(screen.getByLabelText('Show'), 'resolved');
    await screen.findByRole('link', { name: nameOf(booked) });
    const done = cardOf(nameOf(booked));
    expect(done.textContent).toContain('Resolved by Mrs Begum on Tue 24 Nov at 09:05: Appointment was cancelled; the pupil was in class');
    expect(done.textContent).toContain('Code set: / (present, morning)');
    expect(done.textContent).toContain('Code now: / (present, morning)');
    expect(within(done).queryByRole('button', { name: 'Resolve' })).toBeNull();
    expect(cardOf(nameOf(onTrip)).textContent).toContain('Resolved by Mrs Begum on Tue 24 Nov at 09:05: Joined the coach at 9:30No code changed.');
  });
});

describe('conflicts against a fake server', { timeout: 20_000 }, () => {
  const conflict: Conflict = {
    id: 'cf-1', pupilId: 'p1', name: 'Sam Smith', groupId: 'g1', groupName: 'Class 3B', date: '2026-11-24', session: 'PM', officeCode: 'M',
    teacherCode: '\\', currentCode: 'M', raisedBy: 'Ms Patel', raisedAt: '2026-11-24T13:20:00.000Z', resolved: false, resolvedBy: null,
    resolvedAt: null, resolution: null, resolutionCode: null, kind: 'office_code', observedAt: null,
  };

  it('sends conflict.resolve with the chosen code and shows a refusal with the server\'s message', async () => {
    const h = await harness({ user: officeUser, changes: [] });
    const asked: string[] = [];
    h.server.onOther = (path) => {
      asked.push(path);
      return { status: 200, body: { status: 'open', conflicts: [conflict] } };
    };
    h.server.onPush = (req) => ({
      status: 200,
      body: {
        results: req.mutations.map((m) => ({ seq: m.seq, status: 'rejected', code: 'already_resolved', message: 'Mrs Office resolved this conflict at 13:25.' })),
        lastSeq: Math.max(...req.mutations.map((m) => m.seq)),
        serverTime: '2026-11-24T13:30:00.000Z',
      },
    });
    renderIn(h, <Conflicts params={[]} />);
    expect(await screen.findByText('Ms Patel marked Sam Smith present (\\) at 13:20, but the office had set M: medical appointment.')).toBeTruthy();
    expect(asked[0]).toBe('/api/office/conflicts?status=open');
    const user = userEvent.setup();
    // The afternoon's present mark is \.
    expect(screen.getByRole('button', { name: 'Present (\\)' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Late (L)' }));
    expect(screen.getByRole('button', { name: 'Late (L)' }).getAttribute('aria-pressed')).toBe('true');
    await user.type(screen.getByLabelText('Resolution'), 'Came back from the dentist at 13:20');
    await user.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Not accepted: Mrs Office resolved this conflict at 13:25.');
    expect(h.server.pushes[0].mutations.map((m) => [m.type, m.args])).toEqual([
      ['conflict.resolve', { conflictId: 'cf-1', resolution: 'Came back from the dentist at 13:20', code: 'L' }],
    ]);
    expect(await h.db.outbox.count()).toBe(0);

    await user.selectOptions(screen.getByLabelText('Show'), 'all');
    await waitFor(() => expect(asked).toContain('/api/office/conflicts?status=all'));
  });

  it('says when a mark reached the server after its register was settled, and offers to accept it', async () => {
    const held: Conflict = {
      ...conflict, id: 'cf-2', date: '2026-11-16', session: 'AM', officeCode: null, teacherCode: '/', currentCode: 'N', kind: 'settled_register',
      observedAt: '2026-11-16T09:10:00.000Z', raisedAt: '2026-11-24T09:05:00.000Z',
    };
    const h = await harness({ user: officeUser, changes: [] });
    h.server.onOther = () => ({ status: 200, body: { status: 'open', conflicts: [held] } });
    renderIn(h, <Conflicts params={[]} />);
    expect(
      await screen.findByText(
        "Ms Patel marked Sam Smith present (/) on Mon 16 Nov at 09:10. The mark only reached the school's server on Tue 24 Nov at 09:05, " +
          "after that register was settled (past the school's window for resolving N), so it has not changed the register.",
      ),
    ).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Keep N' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Present (/)' })).toBeTruthy();
  });
});
