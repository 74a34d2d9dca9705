import { beforeEach, describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { Home } from '../../../../src/app/features/registers/Home';
import { RegisterScreen } from '../../../../src/app/features/registers/RegisterScreen';
import { harness, renderIn } from '../../render';
import { snapshotChanges } from '../../helpers';
import { cell, day, TODAY } from './fixtures';

beforeEach(() => window.localStorage.clear());

/** axe's checks that jsdom can run (it cannot lay out or paint, so no colour contrast or target size). */
async function violations(container: HTMLElement) {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false }, 'target-size': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility of the register screens', () => {
  it('the register, with an office code, a confirm and an undo open, has no axe violations and names every control', async () => {
    const h = await harness({ changes: snapshotChanges([cell('p3', 'M', { source: 'office' }), cell('p1', 'N')]) });
    const user = userEvent.setup();
    const { container } = renderIn(h, <RegisterScreen groupId="g1" date={TODAY} session="AM" undoMs={60_000} />);
    await screen.findAllByRole('group');
    await user.click(screen.getByRole('button', { name: /Pupil is here/ }));
    await user.click(screen.getByRole('button', { name: 'Mark all unmarked present' }));
    expect(await violations(container)).toEqual([]);
    for (const b of screen.getAllByRole('button')) expect(b.textContent?.trim() || b.getAttribute('aria-label')).toBeTruthy();
    // Toggle buttons say whether they are on.
    for (const g of screen.getAllByRole('group', { name: /Smith|Adams/ }))
      for (const b of within(g).getAllByRole('button')) expect(['true', 'false']).toContain(b.getAttribute('aria-pressed'));
    expect(screen.getByRole('button', { name: 'Sort by first name' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('home, with history, has no axe violations', async () => {
    const h = await harness({ changes: snapshotChanges([day('2026-11-23'), cell('p1', '/', { date: '2026-11-23' })]) });
    const { container } = renderIn(h, <Home />);
    await screen.findByRole('region', { name: 'Earlier this week' });
    expect(await violations(container)).toEqual([]);
  });
});
