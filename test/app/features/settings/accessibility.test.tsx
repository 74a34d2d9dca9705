/**
 * Every control on the platform screens (header, sign-out warning, settings, office covers) has an accessible
 * name and no axe rule that jsdom can check is broken. (jsdom cannot lay out: sizes and contrast are checked
 * in Chromium by the end-to-end layout tests.)
 */
import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { freshDb, teacher } from '../../helpers';
import { markBy, schoolServer, signIn, startApp } from '../auth/appHarness';

async function violations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function everyControlIsNamed() {
  for (const el of document.querySelectorAll('button, a[href], input, select, textarea')) {
    const id = el.getAttribute('id');
    const label = id ? document.querySelector(`label[for="${id}"]`)?.textContent : null;
    const name = el.getAttribute('aria-label') || label || el.closest('label')?.textContent || el.textContent;
    expect(name?.trim(), el.outerHTML).toBeTruthy();
  }
}

describe('accessibility of the platform screens', () => {
  it('the teacher’s header with the sign-out warning open, and settings', async () => {
    const db = freshDb();
    const s = schoolServer();
    const { container } = startApp(db, s);
    await signIn('jones');
    await screen.findByRole('link', { name: /Class 3B.*Morning/ });
    s.setDown(true);
    await act(() => markBy(db, teacher, 'p1'));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('alertdialog');
    expect(await violations(container)).toEqual([]);
    everyControlIsNamed();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('link', { name: 'Settings' }));
    await screen.findByRole('heading', { level: 1, name: 'Settings' });
    await screen.findByText('Not available on this browser');
    expect(await violations(container)).toEqual([]);
    everyControlIsNamed();
  });

  it('the office’s cover screen, with form errors showing', async () => {
    const db = freshDb();
    const s = schoolServer();
    s.routes.other = (path) => {
      if (path === '/api/office/staff') return { status: 200, body: { staff: [{ id: 'u-ta', username: 'ta1', displayName: 'Mrs Ahmed', role: 'ta' }] } };
      if (path === '/api/office/groups') return { status: 200, body: { groups: [{ id: 'g1', name: 'Class 3B', yearGroup: 3 }] } };
      if (path.startsWith('/api/office/covers'))
        return { status: 200, body: { covers: [{ id: 'c1', staffId: 'u-ta', staffName: 'Mrs Ahmed', groupId: 'g1', groupName: 'Class 3B', startDate: '2026-11-24', endDate: '2026-11-24', sessions: ['PM'] }] } };
      if (path.startsWith('/api/office/registers')) return { status: 200, body: { date: '2026-11-24', isSchoolDay: true, dayLabel: null, registers: [] } };
      return undefined;
    };
    const { container } = startApp(db, s);
    window.location.hash = '#/office/covers';
    await signIn('office');
    await screen.findByRole('cell', { name: 'Mrs Ahmed' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Add cover' }));
    await screen.findByText('Choose who covers.');
    expect(await violations(container)).toEqual([]);
    everyControlIsNamed();
  });
});
