import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { Home } from '../../../../src/app/features/registers/Home';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { onRegister } from '../../../../src/app/features/registers/membership';
import type { Change } from '../../../../src/protocol';
import { harness, renderIn } from '../../render';
import { pupil, snapshotChanges } from '../../helpers';
import { day, TODAY } from './fixtures';

const YESTERDAY = '2026-11-23';
const names = () => screen.getAllByRole('group').map((g) => g.getAttribute('aria-label'));
const pupilWith = (id: string, first: string, last: string, memberships: Array<[string, string, string | null]>, groupId = memberships[memberships.length - 1][0]): Change => ({
  entity: 'pupil',
  op: 'put',
  key: id,
  value: { ...pupil(id, first, last, null, groupId), memberships: memberships.map(([g, from, until]) => ({ groupId: g, from, until })) },
});
const photo = (pupilId: string): Change =>
  ({ entity: 'photo', op: 'put', key: pupilId, value: { pupilId, contentType: 'image/png', data: 'iVBORw0KGgo=', version: 3 } });

beforeEach(() => window.localStorage.clear());

describe('who is on a register on its date', () => {
  it.each([
    ['no memberships (older data): in its groupId', undefined, 'g1', TODAY, true],
    ['no memberships: not in another group', undefined, 'g2', TODAY, false],
    ['an open membership from before', [['g1', '2026-09-01', null]], 'g1', TODAY, true],
    ['a leaver on their last day', [['g1', '2026-09-01', TODAY]], 'g1', TODAY, true],
    ['a leaver the day after', [['g1', '2026-09-01', YESTERDAY]], 'g1', TODAY, false],
    ['a move: the new class from its first day', [['g2', '2026-09-01', YESTERDAY], ['g1', TODAY, null]], 'g1', TODAY, true],
    ['a move: not the new class the day before', [['g2', '2026-09-01', YESTERDAY], ['g1', TODAY, null]], 'g1', YESTERDAY, false],
    ['a move: the old class up to the day before', [['g2', '2026-09-01', YESTERDAY], ['g1', TODAY, null]], 'g2', YESTERDAY, true],
    ['a move: not the old class from the move', [['g2', '2026-09-01', YESTERDAY], ['g1', TODAY, null]], 'g2', TODAY, false],
  ] as const)('%s', (_name, memberships, group, date, expected) => {
    const value = { groupId: 'g1', memberships: memberships?.map(([groupId, from, until]) => ({ groupId, from, until })) };
    expect(onRegister(value, group, date)).toBe(expected);
  });

  const movesAndLeavers = () =>
    snapshotChanges([
      day(YESTERDAY),
      // Left: the last day was yesterday.
      pupilWith('p4', 'Leo', 'Left', [['g1', '2026-09-01', YESTERDAY]]),
      // Joined 3B today from another class of this teacher's (g2 not on this tablet's registers).
      pupilWith('p5', 'Nia', 'New', [['g2', '2026-09-01', YESTERDAY], ['g1', TODAY, null]]),
      // Moved out of 3B to g2 from today: still on yesterday's 3B register.
      pupilWith('p6', 'Oli', 'Out', [['g1', '2026-09-01', YESTERDAY], ['g2', TODAY, null]]),
    ]);

  it("today's register lists the class on today's date: the leaver and the pupil moved out are gone, the newcomer is there", async () => {
    const h = await harness({ changes: movesAndLeavers() });
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(names().sort()).toEqual(['Amy Smith', 'Ben Adams', 'Chloe Brown', 'Nia New']);
    expect(document.querySelector('.counts')!.textContent).toBe('Present: 0 Absent: 0 Not marked: 4');
  });

  it("yesterday's register still shows the class as it was yesterday", async () => {
    const h = await harness({ changes: movesAndLeavers() });
    renderIn(h, <RegisterScreen groupId="g1" date={YESTERDAY} session="AM" />);
    await screen.findAllByRole('group');
    expect(names().sort()).toEqual(['Amy Smith', 'Ben Adams', 'Chloe Brown', 'Leo Left', 'Oli Out']);
  });

  it("the home screen counts today's class", async () => {
    const h = await harness({ now: Date.parse('2026-11-24T13:20:00Z'), changes: movesAndLeavers() });
    await h.engine.recordMark({ pupilId: 'p5', date: TODAY, session: 'PM', mark: '\\' });
    renderIn(h, <Home />);
    await waitFor(() => expect(screen.getByRole('link', { name: /Afternoon/ }).textContent).toMatch(/1 of 4 marked/));
  });
});

describe('photos on the register', () => {
  let made: Blob[];
  let revoked: string[];
  beforeEach(() => {
    made = [];
    revoked = [];
    vi.stubGlobal('URL', Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        made.push(blob);
        return `blob:photo-${made.length}`;
      },
      revokeObjectURL: (url: string) => revoked.push(url),
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("shows a pupil's photo in place of the initials, named by the pupil, and the initials where there is none", async () => {
    const h = await harness({ changes: snapshotChanges([photo('p2')]) });
    const view = renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    const ben = (await screen.findByRole('group', { name: 'Ben Adams' })).closest('li')!;
    const img = await within(ben).findByRole('img', { name: 'Ben Adams' });
    expect(img.getAttribute('src')).toBe('blob:photo-1');
    expect(img.classList.contains('pupil-avatar')).toBe(true);
    expect(ben.textContent).not.toContain('BA');
    expect(made).toHaveLength(1);
    expect(made[0].type).toBe('image/png');
    expect(new Uint8Array(await made[0].arrayBuffer()).slice(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    const amy = screen.getByRole('group', { name: 'Amy Smith' }).closest('li')!;
    expect(amy.querySelector('.pupil-avatar')!.textContent).toBe('AS');

    // A tap makes no new image, and leaving the register revokes the one it made.
    screen.getByRole('group', { name: 'Ben Adams' }).querySelector('button')!.click();
    await waitFor(async () => expect(await h.db.outbox.count()).toBe(1));
    expect(made).toHaveLength(1);
    view.unmount();
    expect(revoked).toEqual(['blob:photo-1']);
  });

  it('drops the photo when a pull removes it', async () => {
    const h = await harness({ changes: snapshotChanges([photo('p1')]) });
    renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" />);
    const amy = (await screen.findByRole('group', { name: 'Amy Smith' })).closest('li')!;
    await within(amy).findByRole('img', { name: 'Amy Smith' });
    await h.db.photos.delete('p1');
    await waitFor(() => expect(within(amy).queryByRole('img')).toBeNull());
    expect(amy.querySelector('.pupil-avatar')!.textContent).toBe('AS');
    expect(revoked).toEqual(['blob:photo-1']);
  });
});
