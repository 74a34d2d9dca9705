import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { freshDb, teacher } from '../../helpers';
import { schoolServer, startApp } from './appHarness';

const newcomer = { ...teacher, id: 'u-new', username: 'new.teacher', displayName: 'Mr New' };

function server(answer: (body: { username: string; code: string; newPassword: string }) => { status: number; body?: unknown }) {
  const s = schoolServer([teacher, newcomer]);
  const sent: unknown[] = [];
  s.routes.other = (path, init) => {
    if (path !== '/api/auth/first-sign-in') return undefined;
    const body = JSON.parse(String(init?.body));
    sent.push(body);
    return answer(body);
  };
  return { s, sent };
}

async function fillIn(password = 'a long new password', again = password) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('link', { name: 'First time? Sign in with your code' }));
  await user.type(await screen.findByLabelText('Username'), 'new.teacher');
  await user.type(screen.getByLabelText('Code from the office'), 'K7PQM-3XDRA');
  await user.type(screen.getByLabelText('New password'), password);
  await user.type(screen.getByLabelText('New password again'), again);
  await user.click(screen.getByRole('button', { name: 'Set password and sign in' }));
}

describe('first sign-in with a code', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('is linked from sign-in, sets the password and signs the person in', async () => {
    const { s, sent } = server(() => ({ status: 200, body: { user: newcomer, serverTime: '2026-11-24T09:05:00.000Z' } }));
    startApp(freshDb(), s);
    await fillIn();
    expect(await screen.findByText('Mr New')).toBeTruthy();
    expect(sent).toEqual([{ username: 'new.teacher', code: 'K7PQM-3XDRA', newPassword: 'a long new password' }]);
    expect(screen.queryByLabelText('Code from the office')).toBeNull();
  });

  it('explains a wrong or used code', async () => {
    const { s } = server(() => ({ status: 401, body: { code: 'first_sign_in_code_invalid', message: 'x' } }));
    startApp(freshDb(), s);
    await fillIn();
    expect((await screen.findByRole('alert')).textContent).toContain('ask the office for a new code');
  });

  it('explains a short password and different passwords without sending them', async () => {
    const { s, sent } = server(() => ({ status: 500 }));
    startApp(freshDb(), s);
    await fillIn('short');
    expect((await screen.findByRole('alert')).textContent).toContain('at least 10 characters');
    await userEvent.setup().type(screen.getByLabelText('New password'), ' but longer now');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Set password and sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not the same');
    expect(sent).toEqual([]);
  });

  it("explains the server's password_too_short answer", async () => {
    const { s } = server(() => ({ status: 400, body: { code: 'password_too_short', message: 'x' } }));
    startApp(freshDb(), s);
    await fillIn();
    expect((await screen.findByRole('alert')).textContent).toContain('has not been used');
  });
});
