import { describe, expect, it } from 'vitest';
import { createClock, isBetterSample, sampleFrom, MAX_SAMPLE_AGE_MS } from '../../../src/app/sync/clock';
import { backoffMs } from '../../../src/app/sync/triggers';
import { freshDb } from '../helpers';

describe('clock offset', () => {
  it('takes the server time as belonging to the middle of the round trip', () => {
    // Sent at 1000, answered at 1400 (device clock); the server said 10,200.
    expect(sampleFrom(1000, 1400, new Date(10_200).toISOString())).toEqual({ offsetMs: 9_000, rttMs: 400, measuredAt: 1400 });
    expect(sampleFrom(1000, 1400, 'not a time')).toBeNull();
  });

  it('keeps the sample with the shortest round trip, but replaces one that is old or from the future', () => {
    const current = { offsetMs: 0, rttMs: 50, measuredAt: 1_000_000 };
    expect(isBetterSample(current, { offsetMs: 9, rttMs: 400, measuredAt: 1_000_100 }, 1_000_100)).toBe(false);
    expect(isBetterSample(current, { offsetMs: 9, rttMs: 20, measuredAt: 1_000_100 }, 1_000_100)).toBe(true);
    expect(isBetterSample(current, { offsetMs: 9, rttMs: 400, measuredAt: 0 }, 1_000_000 + MAX_SAMPLE_AGE_MS + 1)).toBe(true);
    // The device clock was set back: the old sample's time is now in the future.
    expect(isBetterSample(current, { offsetMs: 9, rttMs: 400, measuredAt: 500 }, 500)).toBe(true);
  });

  it('survives a reload: the best sample is stored on the device', async () => {
    const db = freshDb();
    const clock = createClock(db, () => 5_000);
    await clock.observe(4_900, 5_000, new Date(1_000_000).toISOString());
    expect(clock.now()).toBe(1_000_050);
    const reloaded = createClock(db, () => 6_000);
    await reloaded.ready;
    expect(reloaded.offsetMs()).toBe(995_050);
    expect(reloaded.now()).toBe(1_001_050);
  });

  it('backs off 1 s, 2 s, 4 s … up to 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });
});
