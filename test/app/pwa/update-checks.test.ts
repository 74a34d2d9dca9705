import { describe, expect, it } from 'vitest';
import { startUpdateChecks, UPDATE_CHECK_MS, type RegistrationLike } from '../../../src/app/pwa/updateChecks';

// Real timers with a short interval (no fake timers in the app tier).
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fakeRegistration() {
  const reg = { installing: null as unknown, updates: 0, update: async () => void reg.updates++ };
  return reg satisfies RegistrationLike;
}

function fakeDocument() {
  const listeners = new Set<() => void>();
  return {
    visibilityState: 'visible' as DocumentVisibilityState,
    addEventListener: (_: string, fn: () => void) => void listeners.add(fn),
    removeEventListener: (_: string, fn: () => void) => void listeners.delete(fn),
    show() {
      this.visibilityState = 'visible';
      listeners.forEach((fn) => fn());
    },
    listeners,
  };
}

describe('update checks', () => {
  it('checks every 30 minutes by default', () => {
    expect(UPDATE_CHECK_MS).toBe(30 * 60_000);
  });

  it('looks for a new version on the interval and when the app becomes visible, after checking the server answers', async () => {
    const reg = fakeRegistration();
    const doc = fakeDocument();
    const fetched: string[] = [];
    const stop = startUpdateChecks(reg, '/sw.js', {
      intervalMs: 30,
      doc: doc as never,
      isOnline: () => true,
      fetch: async (url) => {
        fetched.push(url);
        return new Response('', { status: 200 });
      },
    });
    await wait(80);
    expect(reg.updates).toBeGreaterThanOrEqual(1);
    stop();
    const afterStop = reg.updates;
    doc.show();
    await wait(60);
    expect(reg.updates).toBe(afterStop);
    expect(doc.listeners.size).toBe(0);
    expect(fetched.every((u) => u === '/sw.js')).toBe(true);
  });

  it('checks on becoming visible', async () => {
    const reg = fakeRegistration();
    const doc = fakeDocument();
    const stop = startUpdateChecks(reg, '/sw.js', { intervalMs: 60_000, doc: doc as never, isOnline: () => true, fetch: async () => new Response('', { status: 200 }) });
    doc.show();
    await wait(20);
    expect(reg.updates).toBe(1);
    stop();
  });

  it('does not ask while offline, while a new worker is installing, or when the server does not answer', async () => {
    const doc = fakeDocument();
    const offline = fakeRegistration();
    let fetches = 0;
    const countingFetch = async () => {
      fetches++;
      return new Response('', { status: 200 });
    };
    const stops = [startUpdateChecks(offline, '/sw.js', { intervalMs: 60_000, doc: doc as never, isOnline: () => false, fetch: countingFetch })];
    const installing = fakeRegistration();
    installing.installing = {};
    stops.push(startUpdateChecks(installing, '/sw.js', { intervalMs: 60_000, doc: doc as never, isOnline: () => true, fetch: countingFetch }));
    const serverDown = fakeRegistration();
    stops.push(
      startUpdateChecks(serverDown, '/sw.js', {
        intervalMs: 60_000,
        doc: doc as never,
        isOnline: () => true,
        fetch: async () => {
          throw new TypeError('Failed to fetch');
        },
      }),
    );
    const notFound = fakeRegistration();
    stops.push(startUpdateChecks(notFound, '/sw.js', { intervalMs: 60_000, doc: doc as never, isOnline: () => true, fetch: async () => new Response('', { status: 503 }) }));
    doc.show();
    await wait(20);
    expect([offline.updates, installing.updates, serverDown.updates, notFound.updates]).toEqual([0, 0, 0, 0]);
    expect(fetches).toBe(0);
    stops.forEach((s) => s());
  });
});
