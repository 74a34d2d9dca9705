import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { freshDb } from '../../helpers';
import { schoolServer, signIn, startApp } from './appHarness';
import type { FetchLike } from '../../../../src/app/sync/api';

describe('signing in while sign-in is throttled', () => {
  it("shows the server's own words on how long to wait", async () => {
    const s = schoolServer();
    const message = 'Too many wrong passwords for this username. Wait 15 minutes and try again.';
    const fetch: FetchLike = async (url, init) =>
      url.endsWith('/api/auth/login')
        ? new Response(JSON.stringify({ code: 'too_many_sign_ins', message }), { status: 429, headers: { 'retry-after': '900' } })
        : s.fetch(url, init);
    startApp(freshDb(), { ...s, fetch });
    await signIn('patel', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe(message);
  });
});
