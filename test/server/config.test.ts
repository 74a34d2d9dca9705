import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/server/config.js';
import { clockStartingAt } from '../../src/server/clock.js';

describe('server configuration', () => {
  it('defaults to the demo on port 8080 with PGlite in ./data', () => {
    const c = readConfig({});
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', demo: true, databaseUrl: null, appNow: null });
    expect(c.dataDir).toMatch(/[/\\]data$/);
  });

  it('honours PORT, HOST, DATA_DIR, DATABASE_URL and APP_NOW in demo mode', () => {
    const c = readConfig({ PORT: '9000', HOST: '127.0.0.1', DATA_DIR: '/tmp/x', DATABASE_URL: 'postgres://u@h/db', APP_NOW: '2026-11-24T09:05:00Z' });
    expect(c).toMatchObject({ port: 9000, host: '127.0.0.1', dataDir: '/tmp/x', databaseUrl: 'postgres://u@h/db', appNow: Date.parse('2026-11-24T09:05:00Z') });
  });

  it('ignores APP_NOW and makes no demo in production, unless DEMO=1', () => {
    expect(readConfig({ NODE_ENV: 'production', APP_NOW: '2026-11-24T09:05:00Z' })).toMatchObject({ demo: false, appNow: null });
    expect(readConfig({ NODE_ENV: 'production', DEMO: '1', APP_NOW: '2026-11-24T09:05:00Z' })).toMatchObject({ demo: true, appNow: Date.parse('2026-11-24T09:05:00Z') });
  });

  it('says what is wrong with an unreadable APP_NOW or PORT', () => {
    expect(() => readConfig({ APP_NOW: 'tuesday' })).toThrow(/APP_NOW.*2026-11-24T09:05:00Z/);
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('starts the pinned clock at APP_NOW and lets it run on', () => {
    let real = 1_000;
    const clock = clockStartingAt(Date.parse('2026-11-24T09:05:00Z'), () => real);
    expect(clock.now()).toBe(Date.parse('2026-11-24T09:05:00Z'));
    real += 60_000;
    expect(clock.now()).toBe(Date.parse('2026-11-24T09:06:00Z'));
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names', () => {
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(readConfig({ TRUST_PROXY: '1' }).trustProxy).toEqual(['loopback']);
    expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toEqual(['loopback']);
    expect(readConfig({ TRUST_PROXY: '10.0.0.2, 192.168.0.0/16' }).trustProxy).toEqual(['10.0.0.2', '192.168.0.0/16']);
    expect(() => readConfig({ TRUST_PROXY: '2' })).toThrow(/TRUST_PROXY/);
    expect(() => readConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('runs one server process unless WORKERS asks for more, and more only on PostgreSQL', () => {
    expect(readConfig({}).workers).toBe(1);
    expect(readConfig({ WORKERS: '1' }).workers).toBe(1);
    expect(readConfig({ WORKERS: '4', DATABASE_URL: 'postgres://u@h/db' }).workers).toBe(4);
    expect(readConfig({ WORKERS: '64', DATABASE_URL: 'postgres://u@h/db' }).workers).toBe(64);
    for (const bad of ['0', '65', '2.5', '-1', 'two', '1e1']) {
      expect(() => readConfig({ WORKERS: bad, DATABASE_URL: 'postgres://u@h/db' })).toThrow(new RegExp(`WORKERS must be a whole number.*1 to 64.*"${bad.replace('.', '\\.')}"`));
    }
    expect(() => readConfig({ WORKERS: '2' })).toThrow(/WORKERS=2 needs PostgreSQL.*PGlite.*one process.*DATABASE_URL.*WORKERS=1/);
  });
});
