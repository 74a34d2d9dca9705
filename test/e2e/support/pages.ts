/** Steps the end-to-end tests and the client benchmark share: signing in, waiting for the service worker. */
import type { Page } from 'playwright-core';

/** Signs in on the sign-in screen (the page must show it). */
export async function signIn(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Waits until the service worker is active, then reloads so that it controls the page. */
export async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload();
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) throw new Error('the service worker does not control the page after a reload');
}

/** One `role=group` per pupil on a register, holding its Present and Absent buttons. */
export const pupilGroups = (page: Page) => page.locator('.mark-buttons[role="group"]');

/** The link to a register on the home screen, e.g. registerLink(page, 'Year 1 Hazel', 'Morning'). */
export const registerLink = (page: Page, groupName: string, session: 'Morning' | 'Afternoon') =>
  page.getByRole('link', { name: new RegExp(`${groupName}\\s*${session}`) });

export const registerUrl = (base: string, groupId: string, date: string, session: 'AM' | 'PM') =>
  `${base}/#/register/${encodeURIComponent(groupId)}/${date}/${session}`;
