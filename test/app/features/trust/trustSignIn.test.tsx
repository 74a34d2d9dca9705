/**
 * A trust admin signing in to the app lands on the trust overview: no register, no office menu, and no device
 * key asked for.
 */
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../../src/app/App';
import { createApiClient } from '../../../../src/app/sync/api';
import { createClock } from '../../../../src/app/sync/clock';
import type { SignedInUser } from '../../../../src/protocol';
import { FakeServer, freshDb, teacher } from '../../helpers';

const NOW = Date.parse('2026-11-24T09:05:00Z');
const SERVER_TIME = '2026-11-24T09:05:00.000Z';
const trustAdmin: SignedInUser = { ...teacher, id: 's-trust1', username: 'trust1', displayName: 'Ms Priya Shah', role: 'trust', schoolId: 'trust', schoolName: 'Demo Learning Trust' };

describe('a trust admin signing in', () => {
  it('lands on the trust overview and asks for nothing of a school', async () => {
    const server = new FakeServer();
    const asked: string[] = [];
    server.onOther = (path) => {
      asked.push(path);
      if (path === '/api/auth/login') return { status: 200, body: { user: trustAdmin, serverTime: SERVER_TIME } };
      if (path === '/api/trust/overview') return { status: 200, body: { schools: [], serverTime: SERVER_TIME } };
      return { status: 403, body: { code: 'forbidden', message: 'No' } };
    };
    const db = freshDb();
    const clock = createClock(db, () => NOW);
    const api = createApiClient({ fetch: (url, init) => server.fetch(url, init), now: () => NOW });
    render(<App db={db} api={api} clock={clock} />);
    const people = userEvent.setup();
    await people.type(await screen.findByLabelText('Username'), 'trust1');
    await people.type(screen.getByLabelText('Password'), 'demo');
    await people.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Trust overview' })).toBeTruthy();
    expect(screen.getByText('Demo Learning Trust')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Add a school' })).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    expect(asked).toContain('/api/trust/overview');
    expect(asked.filter((p) => p.startsWith('/api/office/') || p.startsWith('/api/admin/') || p === '/api/sync/device-key')).toEqual([]);
    expect(server.pulls).toEqual([]);
  });
});
