import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { Home } from '../../../src/app/features/registers/Home';
import { harness, renderIn } from '../render';
import { cellChange, snapshotChanges, teacher } from '../helpers';
import type { Change, SignedInUser } from '../../../src/protocol';

const cards = () => screen.getAllByRole('link').map((a) => a.textContent?.replace(/\s+/g, ' ').trim());

describe('home', () => {
  it("shows today's school date and this teacher's registers with their opening times and progress", async () => {
    const h = await harness({ changes: snapshotChanges([cellChange('p1', '/', 'teacher', 'PM'), cellChange('p2', 'N', 'teacher', 'PM'), cellChange('p3', 'M', 'office', 'PM')]) });
    renderIn(h, <Home />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Tuesday 24 November 2026');
    await waitFor(() => expect(cards()).toEqual(['Class 3B MorningOpens 08:45Not started', 'Class 3B AfternoonOpens 13:15Complete']));
    expect(screen.getAllByRole('link')[0].getAttribute('href')).toBe('#/register/g1/2026-11-24/AM');
  });

  it('shows how many are marked and how many marks are waiting to be sent', async () => {
    const h = await harness();
    renderIn(h, <Home />);
    await screen.findAllByRole('link');
    await act(() => h.engine.recordMark({ pupilId: 'p1', date: '2026-11-24', session: 'AM', mark: '/' }));
    await waitFor(() => expect(cards()[0]).toBe('Class 3B MorningOpens 08:451 of 3 marked1 mark waiting to be sent'));
  });

  it('says when today is not a school day', async () => {
    const changes = snapshotChanges().map((c): Change =>
      c.entity === 'day' ? { ...c, value: { date: '2026-11-24', isSchoolDay: false, label: 'INSET day' } } : c,
    );
    const h = await harness({ changes });
    renderIn(h, <Home />);
    expect((await screen.findByText(/There is no school today/)).textContent).toBe('There is no school today: INSET day. No registers need taking.');
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });

  it('lists only the sessions a cover assignment names', async () => {
    const ta: SignedInUser = { ...teacher, id: 'u-ta', username: 'ta', displayName: 'Mr Patel', role: 'ta' };
    const changes = snapshotChanges([
      {
        entity: 'assignment',
        op: 'put',
        key: 'a2',
        value: { id: 'a2', groupId: 'g1', staffId: 'u-ta', kind: 'cover', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['PM'] },
      },
    ]);
    const h = await harness({ user: ta, changes });
    renderIn(h, <Home />);
    await waitFor(() => expect(cards()).toEqual(['Class 3B AfternoonCoverOpens 13:15Not started']));
  });
});
