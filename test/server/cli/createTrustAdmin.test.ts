/**
 * `npm run trust-admin` (src/server/cli/createTrustAdmin.ts): how a trust's first admin, and any other, comes to
 * exist on a real server. The options are checked with plain messages; the admin made signs in with the printed
 * code under "First sign-in" and reads the trust overview; the trust is named once; and the command itself runs
 * against a PGlite data folder as a person would run it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTrustAdmin, parseTrustAdminArgs, TrustAdminError,
} from '../../../src/server/cli/createTrustAdmin.js';
import { ENGINES, post, startEmptyTestServer, TEST_NOW, type EmptyTestServer } from '../../support/serverHarness.js';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../../..');

describe('the trust-admin command\'s options', () => {
  it('reads --username, --name and --trust', () => {
    expect(parseTrustAdminArgs(['--username', 'a.shah', '--name', ' Ms Asha Shah ', '--trust', 'Oak Learning Trust']))
      .toEqual({ username: 'a.shah', name: 'Ms Asha Shah', trust: 'Oak Learning Trust' });
    expect(parseTrustAdminArgs(['--name=Mr Li', '--username=j.li'])).toEqual({ username: 'j.li', name: 'Mr Li' });
  });

  it.each([
    ['no options', [], /--username and --name are needed/],
    ['no name', ['--username', 'a.shah'], /--username and --name are needed/],
    ['a username with a space', ['--username', 'a shah', '--name', 'A'], /--username: a username is 2 to 50 letters/],
    ['an empty name', ['--username', 'a.shah', '--name', '  '], /--name: give the person a name/],
    ['a NUL in the name', ['--username', 'a.shah', '--name', 'A\u0000'], /--name:/],
    ['an option it does not know', ['--username', 'a.shah', '--name', 'A', '--role', 'admin'], /Unknown option '--role'/],
  ])('refuses %s, saying what to do', (_label, argv, message) => {
    expect(() => parseTrustAdminArgs(argv as string[])).toThrow(TrustAdminError);
    expect(() => parseTrustAdminArgs(argv as string[])).toThrow(message);
    expect(() => parseTrustAdminArgs(argv as string[])).toThrow(/Usage: npm run trust-admin/);
  });
});

describe.each(ENGINES)('making a trust admin from the command line (%s)', (engine) => {
  let server: EmptyTestServer;
  beforeAll(async () => {
    server = await startEmptyTestServer(engine);
  });
  afterAll(() => server.close());

  const firstSignIn = (username: string, code: string) =>
    post(server.app, '/api/auth/first-sign-in', null, { username, code, newPassword: 'oak trees grow slowly' });

  it('needs the trust named the first time, and makes nothing without it', async () => {
    await expect(createTrustAdmin(server.db, { username: 'a.shah', name: 'Ms Asha Shah' }, TEST_NOW)).rejects.toThrow(/no trust yet: name it/);
    expect((await server.db.query(`SELECT 1 FROM staff WHERE username = 'a.shah'`)).rows).toEqual([]);
  });

  it('makes the trust and its admin, who signs in with the code and reads the trust overview', async () => {
    const made = await createTrustAdmin(server.db, { username: 'a.shah', name: 'Ms Asha Shah', trust: 'Oak Learning Trust' }, TEST_NOW);
    expect(made).toMatchObject({ trustName: 'Oak Learning Trust', username: 'a.shah', code: expect.stringMatching(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/) });
    expect((await post(server.app, '/api/auth/login', null, { username: 'a.shah', password: 'anything at all' })).statusCode).toBe(401);

    const signedIn = await firstSignIn('a.shah', made.code);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().user).toMatchObject({ role: 'trust', displayName: 'Ms Asha Shah' });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0];
    const overview = await server.app.inject({ method: 'GET', url: '/api/trust/overview', headers: { cookie } });
    expect(overview.statusCode, overview.body).toBe(200);
    expect(overview.json().schools).toEqual([]);
    const school = await post(server.app, '/api/trust/schools', cookie, { name: 'Oak Primary', urn: '654321' });
    expect(school.statusCode, school.body).toBe(201);
    expect((await firstSignIn('a.shah', made.code)).statusCode, 'the code works once').toBe(401);

    const audit = await server.db.query<{ summary: string; staff_id: string | null }>(
      `SELECT summary, staff_id FROM admin_audit WHERE school_id = $1 AND entity = 'staff'`, [made.trustId]);
    expect(audit.rows).toEqual([{ summary: "Made Ms Asha Shah (a.shah) a trust admin of Oak Learning Trust, from the server's command line", staff_id: null }]);
  });

  it('adds a second admin to the same trust, and refuses a username in use or another trust\'s name', async () => {
    const first = (await server.db.query<{ id: string }>(`SELECT id FROM schools WHERE kind = 'trust'`)).rows;
    const second = await createTrustAdmin(server.db, { username: 'j.li', name: 'Mr Jun Li' }, TEST_NOW);
    expect(second.trustId).toBe(first[0].id);
    expect((await firstSignIn('j.li', second.code)).statusCode).toBe(200);
    await expect(createTrustAdmin(server.db, { username: 'A.Shah', name: 'Someone Else' }, TEST_NOW)).rejects.toThrow(/"A.Shah" is already someone's/);
    await expect(createTrustAdmin(server.db, { username: 'k.new', name: 'K', trust: 'Elm Trust' }, TEST_NOW)).rejects.toThrow(/This database's trust is "Oak Learning Trust"/);
    expect((await server.db.query(`SELECT id FROM schools WHERE kind = 'trust'`)).rows).toHaveLength(1);
  });
});

describe('npm run trust-admin, as a person runs it', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'trust-admin-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const command = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/server/cli/createTrustAdmin.ts', ...args], {
    cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
  });

  it('prints the new admin\'s code, and refuses a mistake with a plain message and exit code 1', async () => {
    const { stdout } = await command(['--username', 'a.shah', '--name', 'Ms Asha Shah', '--trust', 'Oak Learning Trust']);
    expect(stdout).toMatch(/a\.shah is now a trust admin of Oak Learning Trust\.\n.*First time\? Sign in with your code.*: [A-Z2-9]{5}-[A-Z2-9]{5}\n/);
    const refused = await command(['--username', 'a.shah', '--name', 'Again']).then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr.trim()).toBe('The username "a.shah" is already someone\'s on this server (usernames ignore capitals). Choose another.');
  }, 60_000);
});
