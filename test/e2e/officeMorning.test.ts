/**
 * The office's morning, in Chromium on the built app (issue 4): at 09:05 Mr/Ms teacher1 has taken Year 1
 * Hazel's register with two pupils absent; Year 2 Rowan's register has not been taken. At the office desk,
 * office1 sees Year 2 missing (and who should be taking it), calls the first absent pupil's family (ill: `I`),
 * records the second as a late arrival (`L`, with the minutes late), and amends a third pupil's present mark to
 * `M` with a reason, which the cell's history then shows. The teacher's tablet, after its next sync, shows all
 * three office codes read-only in plain words. Then the fire roll call: Year 2 Rowan's pupils are listed first
 * as not accounted for (on screen and in print); loaded once, it still opens on the office computer with the
 * network gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from './support/browser.js';
import { buildPwa, startAppServer, type RunningApp } from './support/appServer.js';
import { controlledByServiceWorker, pupilGroups, registerLink, registerUrl, signIn } from './support/pages.js';

const TODAY = '2026-11-24';
const NINE_OH_FIVE = `${TODAY}T09:05:00Z`; // GMT in November: the morning register opened at 08:50

interface Cell {
  code: string;
  source: string;
  minutes_late: number | null;
}

describe.runIf(chromiumAvailable)("the office's morning", () => {
  let dist: Awaited<ReturnType<typeof buildPwa>>;
  let server: RunningApp;
  let browser: Browser;
  let tablet: BrowserContext;
  let desk: BrowserContext;

  beforeAll(async () => {
    dist = await buildPwa();
    server = await startAppServer(dist.dir, NINE_OH_FIVE, TODAY);
    browser = await launchChromium();
    tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, serviceWorkers: 'allow' });
    desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'allow' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  async function cellOf(pupilName: string): Promise<Cell | undefined> {
    const pupil = server.demo.pupils.find((p) => `${p.preferredName ?? p.firstName} ${p.lastName}` === pupilName);
    if (!pupil) throw new Error(`no demo pupil called ${pupilName}`);
    const { rows } = await server.db.query<Cell>(
      `SELECT e.effective_code AS code, e.source, e.minutes_late FROM mark_events e
        WHERE e.pupil_id = $1 AND e.date = $2 AND e.session = 'AM' ORDER BY e.version DESC, e.id DESC LIMIT 1`,
      [pupil.id, TODAY],
    );
    return rows[0];
  }

  const menu = (page: Page, name: string) => page.getByRole('navigation', { name: 'Office' }).getByRole('link', { name });

  it('chases the missing register, records a call, a late arrival and an amendment, and the tablet shows the codes', async () => {
    const hazel = server.demo.pupils.filter((p) => p.groupId === 'g1');
    const rowanTeacher = server.demo.staff.find((s) => server.demo.assignments.some((a) => a.staffId === s.id && a.groupId === 'g2' && a.kind === 'teacher'));
    expect(rowanTeacher, "the demo school has a class teacher for Year 2 Rowan").toBeDefined();

    // The teacher takes Year 1 Hazel's morning register: the first two pupils on the list absent, the rest present.
    const teacher = await tablet.newPage();
    await teacher.goto(server.url);
    await signIn(teacher, 'teacher1');
    await registerLink(teacher, 'Year 1 Hazel', 'Morning').click();
    await expect.poll(() => teacher.locator('.mark-buttons button:not([disabled])').count(), { timeout: 15_000 }).toBe(hazel.length * 2);
    const names: string[] = [];
    for (let i = 0; i < hazel.length; i++) {
      const row = pupilGroups(teacher).nth(i);
      names.push((await row.getAttribute('aria-label'))!);
      await row.getByRole('button', { name: i < 2 ? 'Absent' : 'Present' }).click();
    }
    const [ill, late, amended] = names;
    await expect
      .poll(async () => (await server.db.query<{ n: number }>(`SELECT count(DISTINCT pupil_id)::int AS n FROM mark_events WHERE date = $1 AND session = 'AM'`, [TODAY])).rows[0].n, {
        timeout: 30_000,
        message: 'every mark of Year 1 Hazel should reach the server',
      })
      .toBe(hazel.length);

    // The office: Year 2 Rowan is missing, with who should take it; Year 1 Hazel is not.
    const office = await desk.newPage();
    await office.goto(server.url);
    await signIn(office, 'office1');
    const missing = office.getByRole('region', { name: /Missing registers/ });
    const rowan = missing.getByRole('row', { name: /Year 2 Rowan/ }).filter({ hasText: 'Morning' });
    await rowan.waitFor({ timeout: 15_000 });
    expect(await rowan.innerText()).toContain(rowanTeacher!.displayName);
    expect(await missing.getByRole('row', { name: /Year 1 Hazel/ }).count(), 'a complete register is not missing').toBe(0);

    // Registers today is a screen or two (it was about 15,800 px with every pupil listed): one line per register,
    // opened on demand to its pupils.
    const hazelLine = office.getByRole('button', { name: /^Year 1 Hazel · Morning/ });
    await hazelLine.waitFor({ timeout: 15_000 });
    expect(await hazelLine.innerText()).toContain(`${hazel.length} of ${hazel.length} marked · Complete`);
    const pageHeight = () => office.evaluate(() => document.documentElement.scrollHeight);
    const collapsed = await pageHeight();
    console.log(`Registers today: ${collapsed} px tall with every register on one line`);
    expect(collapsed, 'Registers today with every register collapsed').toBeLessThan(3_000);
    await hazelLine.click();
    expect(await hazelLine.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => office.getByRole('region', { name: /^Year 1 Hazel · Morning/ }).getByRole('row').count()).toBe(hazel.length + 1);
    await hazelLine.click();

    // First-day calls: the family says the first absent pupil is ill: I replaces the N, and the pupil leaves the list.
    await menu(office, 'First-day calls').click();
    const callForm = office.getByRole('form', { name: `Record contact for ${ill}` });
    await callForm.waitFor({ timeout: 15_000 });
    await callForm.getByRole('button', { name: /^Ill/ }).click();
    await callForm.getByRole('button', { name: 'Record contact' }).click();
    await expect.poll(() => callForm.count(), { timeout: 15_000, message: `${ill} should leave the first-day list` }).toBe(0);
    expect(await cellOf(ill)).toMatchObject({ code: 'I', source: 'office' });

    // The late desk: the second absent pupil arrives now, before the register closed at 09:20: L, minutes late.
    await menu(office, 'Late arrivals and signing out').click();
    await office.getByLabel('Pupil who arrived late').fill(late);
    await office.getByRole('button', { name: `${late}, Year 1 Hazel` }).click();
    await office.getByRole('button', { name: 'Work out the code' }).click();
    const proposal = office.getByRole('form', { name: `Record the late arrival of ${late}` });
    await expect.poll(() => proposal.locator('.late-proposal').innerText(), { timeout: 15_000 }).toMatch(/minutes late, before the register closed at 09:20: L/);
    await proposal.getByRole('button', { name: `Record L for ${late}` }).click();
    await expect.poll(() => cellOf(late), { timeout: 15_000 }).toMatchObject({ code: 'L', source: 'office' });
    expect((await cellOf(late))!.minutes_late).toBeGreaterThanOrEqual(15);

    // An amendment: a present mark becomes M, with a reason, and the cell's history shows it.
    await menu(office, 'Pupils').click();
    await office.getByLabel("Pupil's name").fill(amended);
    await office.getByRole('list', { name: 'Matching pupils' }).getByRole('link', { name: new RegExp(amended) }).click();
    await office.getByRole('button', { name: /Tuesday 24 November 2026, morning: \// }).click();
    await office.getByLabel('New code').selectOption('M');
    const reason = 'Dental appointment: the letter came in after the register';
    await office.getByLabel(/^Reason/).fill(reason);
    await office.getByRole('button', { name: 'Set code' }).click();
    await expect.poll(() => cellOf(amended), { timeout: 15_000 }).toMatchObject({ code: 'M', source: 'office' });
    const history = office.getByRole('list', { name: /History of the/ });
    await expect.poll(() => history.innerText(), { timeout: 15_000, message: 'the history should show the amendment and its reason' }).toContain(reason);
    expect(await history.innerText()).toMatch(/teacher/i);
    expect(await history.locator('li').count(), 'the original mark and the amendment').toBeGreaterThanOrEqual(2);

    // The teacher's tablet, after its next sync: the three office codes, read-only, in plain words.
    await teacher.goto(registerUrl(server.url, 'g1', TODAY, 'AM'));
    await teacher.reload();
    for (const [name, code] of [[ill, 'I'], [late, 'L'], [amended, 'M']] as const) {
      const mark = teacher.getByLabel(`${name}: set by the office`);
      await expect.poll(() => mark.count(), { timeout: 30_000, message: `${name}'s office code on the tablet` }).toBe(1);
      expect(await mark.innerText()).toMatch(new RegExp(`^${code}: \\w`));
    }
    expect(await teacher.getByRole('group', { name: ill }).count(), 'no Present/Absent buttons for a pupil with an office code').toBe(0);

    // The fire roll call: the late arrival is on site, the ill pupil is not. Loaded once, it opens again on the
    // office computer with no network at all (the service worker serves the app, the computer keeps the list).
    await menu(office, 'Fire roll call').click();
    const rollCall = office.getByRole('main');
    await expect.poll(() => rollCall.innerText(), { timeout: 15_000 }).toMatch(/As at \d\d:\d\d/);
    expect(await rollCall.innerText()).toContain(late);
    expect(await rollCall.innerText()).not.toContain(ill);
    // Year 2 Rowan's register is not taken: its pupils are not accounted for, by name, first on screen and on paper.
    const rowanPupil = server.demo.pupils.find((p) => p.groupId === 'g2')!;
    const rowanName = `${rowanPupil.preferredName ?? rowanPupil.firstName} ${rowanPupil.lastName}`;
    const notAccounted = rollCall.getByRole('region', { name: /^Not accounted for: [1-9]\d*$/ });
    expect(await notAccounted.getByRole('region', { name: /^Year 2 Rowan: / }).innerText()).toContain(rowanName);
    await office.emulateMedia({ media: 'print' });
    const [unaccountedBox, classesBox] = [await notAccounted.boundingBox(), await rollCall.locator('.fire-groups').boundingBox()];
    expect(unaccountedBox, 'the unaccounted pupils are printed').not.toBeNull();
    expect(unaccountedBox!.y, 'printed before the classes on site').toBeLessThan(classesBox!.y);
    await office.emulateMedia({ media: null });
    await controlledByServiceWorker(office);
    await expect.poll(() => rollCall.innerText(), { timeout: 15_000 }).toMatch(/As at \d\d:\d\d/);
    await desk.setOffline(true);
    await office.reload();
    await expect
      .poll(() => office.getByRole('main').innerText(), { timeout: 15_000, message: 'the saved roll call, offline' })
      .toMatch(/No connection: this is the roll call as at \d\d:\d\d/);
    expect(await office.getByRole('main').innerText()).toContain(late);
    expect(await office.getByRole('region', { name: /^Not accounted for: [1-9]\d*$/ }).innerText()).toContain(rowanName);
    await desk.setOffline(false);
  });
});
