import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { UpdateBanner } from '../../../src/app/pwa/UpdateBanner';

describe('update banner', () => {
  it('offers to reload when nothing is waiting', async () => {
    const onReload = vi.fn();
    render(<UpdateBanner pending={0} onReload={onReload} onLater={() => undefined} />);
    expect(screen.getByText('A new version is ready.')).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledOnce();
  });

  it('will not reload while marks are waiting, and says why', async () => {
    const onReload = vi.fn();
    render(<UpdateBanner pending={3} onReload={onReload} onLater={() => undefined} />);
    const reload = screen.getByRole('button', { name: 'Reload' }) as HTMLButtonElement;
    expect(reload.disabled).toBe(true);
    expect(screen.getByText(/Waiting until 3 marks have been sent before updating/)).toBeTruthy();
    await userEvent.setup().click(reload);
    expect(onReload).not.toHaveBeenCalled();
  });
});
