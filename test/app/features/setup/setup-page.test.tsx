import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SetupPage } from '../../../../src/app/features/setup/SetupPage';
import { harness, renderIn } from '../../render';
import { DEMO_NOW } from '../../helpers';
import type { SignedInUser } from '../../../../src/protocol';
import { schoolServer, startApp } from '../auth/appHarness';
import { freshDb } from '../../helpers';

const admin: SignedInUser = { id: 'staff-1', username: 'head', displayName: 'Mrs Head', role: 'admin', schoolId: 'school-1', schoolName: 'Oak Lane Primary', timeZone: 'Europe/London' };

async function setUp(answer: { status: number; body?: unknown } | 'network-error', search = '?token=abc123') {
  const h = await harness();
  const signedIn = vi.fn(async () => undefined);
  h.services.signedIn = signedIn;
  const sent: unknown[] = [];
  h.server.onOther = (path, init) => {
    if (path !== '/api/setup') return { status: 404, body: { code: 'not_found', message: '' } };
    sent.push(JSON.parse(String(init?.body)));
    return answer;
  };
  const onDone = vi.fn();
  renderIn(h, <SetupPage search={search} onDone={onDone} online />);
  return { signedIn, onDone, sent };
}

async function fillIn(opts: { password?: string; again?: string; urn?: string } = {}) {
  const user = userEvent.setup({ delay: null });
  await user.type(screen.getByLabelText('School name'), 'Oak Lane Primary');
  if (opts.urn !== undefined) await user.type(screen.getByLabelText('URN (optional)'), opts.urn);
  await user.type(screen.getByLabelText('Your name'), 'Mrs Head');
  await user.type(screen.getByLabelText('Username'), 'head');
  await user.type(screen.getByLabelText('Password'), opts.password ?? 'long enough words');
  await user.type(screen.getByLabelText('Password again'), opts.again ?? opts.password ?? 'long enough words');
  await user.click(screen.getByRole('button', { name: 'Set up the school' }));
}

describe('the setup page', () => {
  it('sends the school and admin with the token, signs the admin in and goes on', async () => {
    const { signedIn, onDone, sent } = await setUp({ status: 201, body: { schoolId: 'school-1', user: admin, serverTime: new Date(DEMO_NOW).toISOString() } });
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe('Europe/London');
    await fillIn({ urn: '123456' });
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent).toEqual([{ token: 'abc123', school: { name: 'Oak Lane Primary', urn: '123456', timeZone: 'Europe/London' }, admin: { username: 'head', displayName: 'Mrs Head', password: 'long enough words' } }]);
    expect(signedIn).toHaveBeenCalledWith(admin);
  });

  it('explains a short password and different passwords before sending anything', async () => {
    const { sent } = await setUp({ status: 500 });
    await fillIn({ password: 'short' });
    expect((await screen.findByRole('alert')).textContent).toContain('at least 10 characters');
    await userEvent.setup().clear(screen.getByLabelText('Password again'));
    await userEvent.setup().type(screen.getByLabelText('Password'), ' and more words');
    await userEvent.setup().type(screen.getByLabelText('Password again'), 'something else entirely');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Set up the school' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not the same');
    expect(sent).toEqual([]);
  });

  it('says in words when the address has been used', async () => {
    const { signedIn, onDone } = await setUp({ status: 403, body: { code: 'setup_token_invalid', message: 'x' } });
    await fillIn();
    expect((await screen.findByRole('alert')).textContent).toContain('does not work any more');
    expect(signedIn).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('says when the username is taken', async () => {
    await setUp({ status: 409, body: { code: 'username_taken', message: 'x' } });
    await fillIn();
    expect((await screen.findByRole('alert')).textContent).toContain('already in use');
  });

  it('shows no form without a token, and says what to do', async () => {
    await setUp({ status: 500 }, '');
    expect(screen.queryByLabelText('School name')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('restart the server');
  });

  it('shows no form offline, and says what to do', async () => {
    const h = await harness();
    renderIn(h, <SetupPage search="?token=abc" onDone={() => undefined} online={false} />);
    expect(screen.queryByLabelText('School name')).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('needs a connection');
  });
});

describe('the app at /setup', () => {
  it('shows the setup page, then replaces the address with the School screen, signed in', async () => {
    window.history.pushState(null, '', '/setup?token=abc123');
    try {
      const s = schoolServer();
      s.routes.other = (path) => (path === '/api/setup' ? { status: 201, body: { schoolId: 'school-1', user: admin, serverTime: new Date(DEMO_NOW).toISOString() } } : undefined);
      startApp(freshDb(), s);
      expect(await screen.findByRole('heading', { name: 'Set up your school' })).toBeTruthy();
      await fillIn();
      await vi.waitFor(() => expect(screen.queryByRole('heading', { name: 'Set up your school' })).toBeNull());
      expect(window.location.pathname).toBe('/');
      expect(window.location.search).toBe('');
      expect(window.location.hash).toBe('#/admin/school');
      expect(await screen.findByText('Mrs Head')).toBeTruthy();
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });
});
