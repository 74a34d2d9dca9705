import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTriggers, WRITE_SYNC_DELAY_MS, WRITE_SYNC_PULL_MS } from '../../../src/app/sync/triggers';
import { createSyncStatusStore } from '../../../src/app/sync/status';
import type { SyncResult } from '../../../src/app/sync/engine';

const ok: SyncResult = { ok: true, push: { kind: 'done', applied: 1, rejected: 0, retried: 0 }, pull: null };

describe('when the tablet syncs', () => {
  let onLine = true;
  beforeEach(() => {
    vi.useFakeTimers();
    onLine = true;
    vi.spyOn(navigator, 'onLine', 'get').mockImplementation(() => onLine);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function started() {
    const sync = vi.fn(async (_options?: { pullIfOlderThanMs?: number }) => ok);
    const status = createSyncStatusStore();
    const triggers = startTriggers({ sync, status, idleMs: 60_000 });
    await vi.advanceTimersByTimeAsync(0); // the sync on start
    sync.mockClear();
    return { sync, status, triggers };
  }

  it('asks a sync started by taps to pull only if the last pull is old, and a sync on the timer to pull', async () => {
    const { sync, triggers } = await started();
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS);
    expect(sync).toHaveBeenLastCalledWith({ pullIfOlderThanMs: WRITE_SYNC_PULL_MS });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync).toHaveBeenCalledTimes(2);
    expect(sync).toHaveBeenLastCalledWith({});
    triggers.stop();
  });

  it('does not try after a tap once the last attempt found no network, though the browser says online', async () => {
    const { sync, status, triggers } = await started();
    status.setState({ online: false }); // what the engine records after a request that could not get through
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS * 3);
    expect(sync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync).toHaveBeenCalledTimes(1); // the timer still tries
    status.setState({ online: true }); // a sync got through
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
    triggers.stop();
  });

  it('sends a burst of taps in one sync, a moment after the first tap, not one sync per tap', async () => {
    const { sync, triggers } = await started();
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(100);
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(100);
    triggers.afterWrite();
    expect(sync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS - 200);
    expect(sync).toHaveBeenCalledTimes(1);
    // A steady stream of taps is not put off for ever: the next tap starts the next wait.
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS);
    expect(sync).toHaveBeenCalledTimes(2);
    triggers.stop();
  });

  it('does not try after a tap when the browser has no network, but still tries on its timer and when it is back', async () => {
    const { sync, triggers } = await started();
    onLine = false;
    triggers.afterWrite();
    await vi.advanceTimersByTimeAsync(WRITE_SYNC_DELAY_MS * 3);
    expect(sync).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sync).toHaveBeenCalledTimes(1); // the timer: navigator.onLine is only a hint
    onLine = true;
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sync).toHaveBeenCalledTimes(2);
    triggers.stop();
  });
});
