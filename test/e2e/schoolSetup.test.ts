/**
 * A real school sets itself up (issue 10), in Chromium on the built app, from an empty database: the setup
 * address the server prints creates the school and its first admin; the admin sets the register times and
 * enters the academic year; imports 200 pupils and 10 staff from CSV files laid out like MIS exports; a
 * teacher signs in for the first time on a tablet with the code from their slip and takes the morning
 * register. Then the admin moves one of those pupils to another class and makes another a leaver: the marks
 * taken this morning stay exactly as they were, and from the next day the registers follow the new classes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startEmptyAppServer, type EmptyApp } from './support/appServer.js';
import { axeViolations, unnamedButtons } from './support/a11y.js';
import { pupilGroups, registerLink } from './support/pages.js';
import { prepareFirstRun } from '../../src/server/auth/setupToken.js';
import { MIS_CLASSES, misPupilCsv, misPupils, misStaff, misStaffCsv } from '../support/misExports.js';

const TODAY = '2026-11-24'; // a Tuesday in the autumn term
const TOMORROW = '2026-11-25';
const EIGHT_AM = `${TODAY}T08:00:00Z`; // GMT in November
const ADMIN_PASSWORD = 'kettle harbour lantern';
const TEACHER_PASSWORD = 'orchard violin pebble';

const PUPILS = misPupils(200, 2026);
const STAFF = misStaff(10);
const CLASS = MIS_CLASSES[1]!; // Year 1 Ash: the class the teacher takes
const OTHER_CLASS = MIS_CLASSES[2]!; // Year 2 Beech: where one pupil moves
const TEACHER = STAFF.find((s) => s.role === 'Teacher' && s.groups.includes(CLASS.name))!;
const CLASS_SIZE = PUPILS.filter((p) => p.className === CLASS.name).length;

// The school's 2026-27 half-terms, as a local authority publishes them.
const HALF_TERMS: Array<[string, string, string]> = [
  ['Autumn 1', '2026-09-02', '2026-10-23'],
  ['Autumn 2', '2026-11-02', '2026-12-18'],
  ['Spring 1', '2027-01-04', '2027-02-12'],
  ['Spring 2', '2027-02-22', '2027-03-26'],
  ['Summer 1', '2027-04-12', '2027-05-28'],
  ['Summer 2', '2027-06-07', '2027-07-21'],
];

interface Mark {
  pupil_id: string;
  code: string;
  events: number;
}

interface OfficeRegister {
  groupName: string;
  session: string;
  pupils: Array<{ pupilId: string }>;
}

describe.runIf(chromiumAvailable)('a real school sets itself up', () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: EmptyApp;
  let browser: Browser;
  let desk: BrowserContext;
  let tablet: BrowserContext;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startEmptyAppServer(dist.dir, EIGHT_AM);
    browser = await launchChromium();
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
    tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, serviceWorkers: 'allow' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  async function expectAccessible(page: Page, screen: string) {
    expect.soft(await axeViolations(page), `axe-core violations on the ${screen}`).toEqual([]);
    expect.soft(await unnamedButtons(desk, page), `buttons without an accessible name on the ${screen}`).toEqual([]);
  }

  const menu = (page: Page, name: string) => page.getByRole('navigation', { name: 'Office' }).getByRole('link', { name, exact: true });

  /** This morning's register marks for some pupils: the cell's code now and how many events it has. */
  async function morningMarks(pupilIds: string[]): Promise<Mark[]> {
    const { rows } = await server.db.query<Mark>(
      `SELECT DISTINCT ON (pupil_id) pupil_id, effective_code AS code, (count(*) OVER (PARTITION BY pupil_id))::int AS events
         FROM mark_events WHERE pupil_id = ANY($1) AND date = $2 AND session = 'AM'
        ORDER BY pupil_id, version DESC, id DESC`,
      [pupilIds, TODAY],
    );
    return rows;
  }

  /** Every register of a day as the office's API gives it to the signed-in admin. */
  async function registersOn(date: string): Promise<{ isSchoolDay: boolean; registers: OfficeRegister[] }> {
    const cookie = (await desk.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const answer = await server.app.inject({ method: 'GET', url: `/api/office/registers?date=${date}`, headers: { cookie } });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as { isSchoolDay: boolean; registers: OfficeRegister[] };
  }
  const onRegister = (registers: OfficeRegister[], pupilId: string) =>
    registers.filter((r) => r.session === 'AM' && r.pupils.some((p) => p.pupilId === pupilId)).map((r) => r.groupName);

  it('goes from an empty database to a register taken on a tablet, then moves a pupil and records a leaver', { timeout: 240_000 }, async () => {
    const admin = await desk.newPage();

    // 1. The setup address: the school and its first admin.
    await admin.goto(server.setupUrl);
    await admin.getByRole('heading', { name: 'Set up your school' }).waitFor({ timeout: 15_000 });
    await expectAccessible(admin, 'setup page');
    await admin.getByLabel('School name').fill('Millbrook Primary School');
    await admin.getByLabel('URN (optional)').fill('123456');
    await admin.getByLabel('Time zone').selectOption('Europe/London');
    await admin.getByLabel('Your name').fill('Jo Head');
    await admin.getByLabel('Username').fill('j.head');
    await admin.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
    await admin.getByLabel('Password again').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Set up the school' }).click();
    await admin.getByRole('heading', { name: 'School', exact: true }).waitFor({ timeout: 15_000 });
    expect(new URL(admin.url()).search, 'the one-time token leaves the address bar').toBe('');
    expect(await admin.getByRole('navigation', { name: 'Office' }).getByRole('heading', { name: 'Admin' }).count(), 'signed in as an admin').toBe(1);
    const { rows: schools } = await server.db.query<{ name: string; urn: string }>(`SELECT name, urn FROM schools`);
    expect(schools).toEqual([{ name: 'Millbrook Primary School', urn: '123456' }]);
    // The address worked once: the same token is refused, and a restart now prints no address at all.
    const token = new URL(server.setupUrl).searchParams.get('token');
    const again = await server.app.inject({
      method: 'POST',
      url: '/api/setup',
      headers: { origin: server.url },
      payload: { token, school: { name: 'A second school' }, admin: { username: 'intruder', displayName: 'Intruder', password: 'long enough password' } },
    });
    expect(again.statusCode, again.body).toBe(403);
    expect(await prepareFirstRun(server.db, { now: Date.parse(EIGHT_AM), origin: server.url })).toBeNull();

    // 2. The register times: the morning register opens at 08:45, the afternoon's at 13:10, each for 30 minutes.
    await admin.getByLabel('AM register opens at').fill('08:45');
    await admin.getByLabel('AM register stays open (minutes)').fill('30');
    await admin.getByLabel('PM register opens at').fill('13:10');
    await admin.getByLabel('PM register stays open (minutes)').fill('30');
    await admin.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => admin.getByRole('main').getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/^Saved/);
    const { rows: sessions } = await server.db.query<{ session: string; opens_at: string; open_minutes: number }>(
      `SELECT session, opens_at, open_minutes FROM session_settings ORDER BY session`,
    );
    expect(sessions).toEqual([
      { session: 'AM', opens_at: '08:45', open_minutes: 30 },
      { session: 'PM', opens_at: '13:10', open_minutes: 30 },
    ]);

    // 3. The calendar: this academic year and its six half-terms.
    await menu(admin, 'Calendar').click();
    await admin.getByRole('button', { name: 'Add the next academic year' }).click();
    const year = admin.getByRole('form', { name: 'Terms of the year starting 1 September 2026' });
    for (const [name, first, last] of HALF_TERMS) {
      await year.getByLabel(`${name} first day`).fill(first);
      await year.getByLabel(`${name} last day`).fill(last);
    }
    await year.getByRole('button', { name: 'Save terms' }).click();
    await expect.poll(() => admin.getByRole('main').getByRole('status').innerText(), { timeout: 15_000 }).toBe('Saved the year starting 1 September 2026.');
    await admin.getByRole('heading', { name: /^2026 to 2027: \d+ school days$/ }).waitFor();

    // 4a. 200 pupils from the MIS: preview, then apply. The classes come with them.
    await menu(admin, 'Import from MIS').click();
    await admin.getByLabel('CSV file from the MIS').setInputFiles({ name: 'pupils.csv', mimeType: 'text/csv', buffer: Buffer.from(misPupilCsv(PUPILS, '01/09/2026')) });
    const preview = admin.getByRole('region', { name: 'What importing pupils.csv would do' });
    await preview.waitFor({ timeout: 30_000 });
    const count = (region: typeof preview, label: string) => region.locator('.import-counts div').filter({ has: admin.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd').innerText();
    expect(await count(preview, 'New pupils')).toBe('200');
    expect(await count(preview, 'New classes')).toBe(String(MIS_CLASSES.length));
    expect(await count(preview, 'Problems')).toBe('0');
    expect((await server.db.query(`SELECT 1 FROM pupils`)).rows, 'a preview writes nothing').toHaveLength(0);
    await expectAccessible(admin, 'pupil import preview');
    await admin.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => admin.locator('.import-done').innerText(), { timeout: 60_000 })
      .toBe(`Imported: 200 added, 0 updated, 0 left, 0 unchanged, ${MIS_CLASSES.length} classes created.`);
    expect((await server.db.query(`SELECT 1 FROM pupils`)).rows).toHaveLength(200);

    // 4b. 10 staff, with their classes: preview, apply, and the first sign-in slips.
    await menu(admin, 'Staff').click();
    await admin.getByLabel('Staff CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(misStaffCsv(STAFF)) });
    await expect.poll(() => admin.locator('.import-preview [role="status"]').innerText(), { timeout: 15_000 }).toBe('10 rows: 10 to add, 0 to update, 0 unchanged.');
    await admin.getByRole('button', { name: 'Apply import' }).click();
    const slip = admin.getByRole('region', { name: 'Sign-in slips' }).getByRole('article', { name: `Slip for ${TEACHER.forename} ${TEACHER.surname}` });
    await slip.waitFor({ timeout: 15_000 });
    expect(await admin.getByRole('region', { name: 'Sign-in slips' }).getByRole('article').count()).toBe(10);
    const username = (await slip.locator('.slip-username').innerText()).trim();
    const code = (await slip.locator('.slip-code').innerText()).trim();
    expect(username).not.toBe('');
    expect(code).not.toBe('');
    // The slip names the link the teacher looks for: "choose <that link>".
    const linkOnSlip = (await slip.locator('p strong').nth(1).innerText()).trim();

    // 5. On a tablet: the teacher's first sign-in with the code, then this morning's register for their class.
    const teacher = await tablet.newPage();
    await teacher.goto(server.url);
    await teacher.getByRole('link', { name: linkOnSlip, exact: true }).tap();
    await teacher.getByLabel('Username').fill(username);
    await teacher.getByLabel('Code from the office').fill(code);
    await teacher.getByLabel('New password', { exact: true }).fill(TEACHER_PASSWORD);
    await teacher.getByLabel('New password again').fill(TEACHER_PASSWORD);
    await teacher.getByRole('button', { name: 'Set password and sign in' }).tap();
    await registerLink(teacher, CLASS.name, 'Morning').tap({ timeout: 30_000 });
    await expect.poll(() => teacher.locator('.mark-buttons button:not([disabled])').count(), { timeout: 30_000 }).toBe(CLASS_SIZE * 2);
    for (let i = 0; i < CLASS_SIZE; i++) {
      await pupilGroups(teacher).nth(i).getByRole('button', { name: i % 4 === 2 ? 'Absent' : 'Present' }).tap();
    }
    await teacher.getByText('Not marked: 0').waitFor();

    const { rows: classPupils } = await server.db.query<{ id: string; upn: string }>(
      `SELECT p.id, p.upn FROM pupils p JOIN group_memberships m ON m.pupil_id = p.id JOIN registration_groups g ON g.id = m.group_id
        WHERE g.name = $1 ORDER BY p.id`,
      [CLASS.name],
    );
    expect(classPupils).toHaveLength(CLASS_SIZE);
    const ids = classPupils.map((p) => p.id);
    await expect
      .poll(async () => (await morningMarks(ids)).length, { timeout: 30_000, message: "every mark of the teacher's register should reach the server" })
      .toBe(CLASS_SIZE);
    const taken = await morningMarks(ids);
    const absent = Math.ceil((CLASS_SIZE - 2) / 4);
    expect(taken.filter((m) => m.code === 'N')).toHaveLength(absent);
    expect(taken.filter((m) => m.code === '/')).toHaveLength(CLASS_SIZE - absent);

    // 6. Back at the desk: one pupil marked present moves to Year 2 Beech from today (their mark this morning
    // was taken on Year 1 Ash's register, so the admin is asked first), and one marked absent leaves today.
    const mover = classPupils.find((p) => taken.find((m) => m.pupil_id === p.id)?.code === '/')!;
    const leaver = classPupils.find((p) => taken.find((m) => m.pupil_id === p.id)?.code === 'N')!;

    async function openRecord(upn: string) {
      await menu(admin, 'Pupil records').click();
      await admin.getByLabel('Search by name or UPN').fill(upn);
      const row = admin.getByRole('row').filter({ hasText: upn });
      await expect.poll(() => admin.getByRole('table').getByRole('row').count(), { timeout: 15_000 }).toBe(2);
      await row.getByRole('link').first().click();
      await admin.getByRole('region', { name: 'History' }).waitFor({ timeout: 15_000 });
    }

    await menu(admin, 'Pupil records').click();
    await admin.getByRole('table').getByRole('caption').filter({ hasText: /pupils/ }).waitFor({ timeout: 15_000 });
    await expectAccessible(admin, 'pupil records list');

    await openRecord(mover.upn);
    await expectAccessible(admin, "a pupil's record");
    const move = admin.getByRole('form', { name: 'Move to another class' });
    await move.getByLabel('New class').selectOption({ label: OTHER_CLASS.name });
    await move.getByLabel('From').fill(TODAY);
    await move.getByRole('button', { name: 'Move to another class' }).click();
    const confirmMove = admin.getByRole('alertdialog', { name: 'Confirm: Move to another class' });
    await confirmMove.waitFor({ timeout: 15_000 });
    expect(await confirmMove.innerText()).toMatch(/1 register entr/);
    await confirmMove.getByRole('button', { name: 'Move anyway (entries are kept)' }).click();
    await expect
      .poll(() => admin.getByRole('region', { name: 'History' }).innerText(), { timeout: 15_000 })
      .toContain(`${OTHER_CLASS.name}: 24 November 2026 to now`);

    await openRecord(leaver.upn);
    await admin.getByRole('form', { name: 'Leaves school' }).getByLabel('Last day').fill(TODAY);
    await admin.getByRole('form', { name: 'Leaves school' }).getByRole('button', { name: 'Leaves school' }).click();
    await expect
      .poll(() => admin.getByRole('region', { name: 'History' }).innerText(), { timeout: 15_000 })
      .toContain('1 September 2026 to 24 November 2026');

    // This morning's marks are exactly as the teacher left them, for both pupils.
    const after = await morningMarks([mover.id, leaver.id]);
    expect(after).toEqual(taken.filter((m) => m.pupil_id === mover.id || m.pupil_id === leaver.id));

    // Tomorrow: the moved pupil is on Year 2 Beech's register only, the leaver on none.
    const { isSchoolDay, registers: tomorrow } = await registersOn(TOMORROW);
    expect(isSchoolDay, `${TOMORROW} is a school day in the calendar entered`).toBe(true);
    expect(onRegister(tomorrow, mover.id)).toEqual([OTHER_CLASS.name]);
    expect(onRegister(tomorrow, leaver.id)).toEqual([]);
    const ashTomorrow = tomorrow.find((r) => r.groupName === CLASS.name && r.session === 'AM')!;
    expect(ashTomorrow.pupils).toHaveLength(CLASS_SIZE - 2);
  });
});
