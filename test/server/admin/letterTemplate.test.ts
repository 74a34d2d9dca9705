/**
 * The attendance letter's text (issue 11): held in the school settings (GET/PUT /api/admin/school,
 * `letterTemplate`), checked for unknown placeholders, kept when a PUT leaves it out, and read by the office
 * with the school's name (GET /api/office/letter-template).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES, signIn, startTestServer, type TestServer } from '../../support/serverHarness.js';
import type { SchoolSettingsResponse, SchoolSettingsWire } from '../../../src/protocol/adminSchool.js';
import { DEFAULT_LETTER_TEMPLATE, MAX_LETTER_TEMPLATE_LENGTH, type LetterTemplateResponse } from '../../../src/protocol/letterTemplate.js';

describe.each(ENGINES)('school settings: the attendance letter (%s)', (engine) => {
  let server: TestServer;
  let admin: string;

  const inject = (method: 'GET' | 'PUT', url: string, cookie: string | null, payload?: unknown): Promise<LightMyRequestResponse> =>
    server.app.inject({ method, url, payload: payload as object | undefined, headers: cookie ? { cookie } : {} });
  const settings = async (): Promise<SchoolSettingsWire> => {
    const res = await inject('GET', '/api/admin/school', admin);
    expect(res.statusCode).toBe(200);
    return (res.json() as SchoolSettingsResponse).settings;
  };
  const officeLetter = async (who: string): Promise<LetterTemplateResponse> => {
    const res = await inject('GET', '/api/office/letter-template', await signIn(server.app, who));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toContain('no-store');
    return res.json();
  };

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
  });
  afterAll(() => server.close());

  it('gives the default letter, in plain words with its placeholders, before the school writes its own', async () => {
    expect((await settings()).letterTemplate).toBe(DEFAULT_LETTER_TEMPLATE);
    expect(DEFAULT_LETTER_TEMPLATE).toContain('{pupilName}');
    expect(DEFAULT_LETTER_TEMPLATE).toContain('{attendancePercent}%');
    expect(await officeLetter('office1')).toEqual({ schoolName: server.demo.school.name, letterTemplate: DEFAULT_LETTER_TEMPLATE });
  });

  it('keeps the letter the admin saves, and the office reads it with the school name', async () => {
    const before = await settings();
    const text = 'Dear family of {pupilName},\n\nAttendance at {schoolName} from {from} to {to}: {attendancePercent}%.';
    const res = await inject('PUT', '/api/admin/school', admin, { ...before, name: 'Hillside Primary', letterTemplate: text });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as SchoolSettingsResponse).settings.letterTemplate).toBe(text);
    expect((await settings()).letterTemplate).toBe(text);
    for (const who of ['office1', 'admin1']) expect(await officeLetter(who)).toEqual({ schoolName: 'Hillside Primary', letterTemplate: text });
  });

  it('keeps the stored letter when a PUT leaves it out (a client that does not know the field)', async () => {
    const before = await settings();
    const { letterTemplate: _left, ...withoutLetter } = before;
    const res = await inject('PUT', '/api/admin/school', admin, { ...withoutLetter, missingRegisterMinutes: 14 });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as SchoolSettingsResponse).settings.letterTemplate).toBe(before.letterTemplate);
    const after = await settings();
    expect(after.missingRegisterMinutes).toBe(14);
    expect(after.letterTemplate).toBe(before.letterTemplate);
  });

  it.each([
    ['an empty letter', '  \n ', "Enter the letter's text"],
    ['a placeholder the software cannot fill', 'Dear {parentName}, {pupilName} missed {sessionsMissed}.', 'The letter uses {parentName}'],
    ['a letter over the length limit', 'x'.repeat(MAX_LETTER_TEMPLATE_LENGTH + 1), 'it can be at most'],
  ])('refuses %s with 400 invalid_settings in words, and keeps the stored letter', async (_what, letterTemplate, words) => {
    const before = await settings();
    const res = await inject('PUT', '/api/admin/school', admin, { ...before, letterTemplate });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_settings');
    expect(res.json().problems.join(' ')).toContain(words);
    expect((await settings()).letterTemplate).toBe(before.letterTemplate);
  });

  it('refuses a letter that is not text, or holds a NUL, with 400', async () => {
    const before = await settings();
    for (const letterTemplate of [42, null, 'Dear \u0000 family']) {
      expect((await inject('PUT', '/api/admin/school', admin, { ...before, letterTemplate })).statusCode).toBe(400);
    }
  });

  it('lets only the office and admin read the letter, and only the admin change it', async () => {
    expect((await inject('GET', '/api/office/letter-template', null)).statusCode).toBe(401);
    const before = await settings();
    for (const who of ['teacher1', 'ta1']) {
      const cookie = await signIn(server.app, who);
      const res = await inject('GET', '/api/office/letter-template', cookie);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    for (const who of ['teacher1', 'ta1', 'office1']) {
      const cookie = await signIn(server.app, who);
      expect((await inject('PUT', '/api/admin/school', cookie, { ...before, letterTemplate: 'Changed {pupilName}' })).statusCode).toBe(403);
    }
    expect((await settings()).letterTemplate).toBe(before.letterTemplate);
  });
});
