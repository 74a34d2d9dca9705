/**
 * The office takes a register for an absent teacher, in the whole app against the REAL server (the demo school
 * on PGlite, 2026-11-24 09:05 GMT): from the office menu to the teacher's own register screen, one tap, and
 * the mark recorded on the server as the office's. The office computer holds that class only.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { App } from '../../../../src/app/App';
import { createDb } from '../../../../src/app/db/schema';
import { saveSignedInUser } from '../../../../src/app/db/session';
import { createApiClient } from '../../../../src/app/sync/api';
import { createClock } from '../../../../src/app/sync/clock';
import type { TestServer } from '../../../support/serverHarness';
import { createNetwork, injectFetch } from '../../../support/injectFetch';
import { startRealServer } from '../../office/realServer';

configure({ asyncUtilTimeout: 10_000 });

const TODAY = '2026-11-24';

describe('the office taking a register for an absent teacher', { timeout: 60_000 }, () => {
  let server: TestServer & Awaited<ReturnType<typeof startRealServer>>;

  beforeAll(async () => {
    server = await startRealServer();
  }, 120_000);
  afterAll(() => server?.close());
  afterEach(() => {
    window.location.hash = '';
  });

  async function officeApp() {
    const fetch = injectFetch(server.app, createNetwork());
    const db = createDb(`take-register-${Date.now()}-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
    const now = () => server.clock.now();
    const clock = createClock(db, now);
    const api = createApiClient({ fetch, now, onServerTime: (t0, t1, serverTime) => void clock.observe(t0, t1, serverTime) });
    const { user } = await api.login('office1', 'demo');
    await saveSignedInUser(db, user);
    window.location.hash = '#/office';
    render(<App db={db} api={api} clock={clock} />);
    return db;
  }

  it('opens a register from Registers today with “Take this register”', async () => {
    const db = await officeApp();
    const people = userEvent.setup();
    const card = await screen.findByRole('region', { name: /Year 2 Rowan · Morning/ });
    await people.click(within(card).getByRole('button', { name: /Year 2 Rowan · Morning/ }));
    await people.click(within(card).getByRole('link', { name: 'Take this register' }));
    await screen.findByRole('heading', { level: 1, name: 'Year 2 Rowan: morning register' });
    await waitFor(async () => expect((await db.groups.toArray()).map((g) => g.id)).toEqual(['g2']));
  });

  it('opens Year 1 Hazel’s morning register from the office menu, marks a pupil with one tap, and the server records it as the office’s', async () => {
    const db = await officeApp();
    const people = userEvent.setup();
    await people.click(await screen.findByRole('link', { name: 'Take a register' }));
    await people.click(await screen.findByRole('link', { name: 'Take the Year 1 Hazel morning register' }));
    await screen.findByRole('heading', { level: 1, name: 'Year 1 Hazel: morning register' });

    // The computer holds that class and nothing else of the school.
    const g1 = server.demo.pupils.filter((p) => p.groupId === 'g1');
    await waitFor(async () => expect((await db.pupils.toArray()).map((p) => p.id).sort()).toEqual(g1.map((p) => p.id).sort()));
    expect((await db.groups.toArray()).map((g) => g.id)).toEqual(['g1']);

    // Not "not down to take this register": the office may take any class's.
    expect(screen.queryByText(/You are not down to take this register/)).toBeNull();
    const pupil = g1[0];
    const name = `${pupil.preferredName ?? pupil.firstName} ${pupil.lastName}`;
    await people.click(within(screen.getAllByRole('group', { name })[0]).getByRole('button', { name: 'Present' }));

    await waitFor(
      async () => {
        const { rows } = await server.db.query<{ code: string; role: string }>(
          `SELECT e.code, e.role FROM mark_events e WHERE e.pupil_id = $1 AND e.date = $2 AND e.session = 'AM'`,
          [pupil.id, TODAY],
        );
        expect(rows).toEqual([{ code: '/', role: 'office' }]);
      },
      { timeout: 15_000 },
    );
    await waitFor(() => expect(document.querySelector('.sync-line')?.textContent).toBe('All changes sent'));
    expect(screen.getByRole('link', { name: '← Take a register' }).getAttribute('href')).toBe('#/office/take');
  });
});
