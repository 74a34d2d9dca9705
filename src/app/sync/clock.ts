/**
 * The device's estimate of the server clock.
 *
 * offset = serverTime - (t0 + t1) / 2, measured around each request (NTP-style). The sample with the lowest
 * round trip is kept; a sample older than MAX_SAMPLE_AGE_MS (or from the device's future, after the device
 * clock was set back) is replaced by the next one, so a drifting or pinned server clock is followed.
 *
 * Guarantees: "now" everywhere in the app is deviceNow() + offsetMs; the best sample is persisted in meta
 * `clock`, so after an offline reload the app still knows today's school date as the server sees it.
 */
import type { RegisterDb } from '../db/schema';
import { getClockSample, metaKeys, setMeta } from '../db/meta';
import type { ClockSample } from '../db/types';

export const MAX_SAMPLE_AGE_MS = 10 * 60_000;

export function sampleFrom(t0: number, t1: number, serverTime: string): ClockSample | null {
  const server = Date.parse(serverTime);
  if (!Number.isFinite(server) || t1 < t0) return null;
  return { offsetMs: Math.round(server - (t0 + t1) / 2), rttMs: t1 - t0, measuredAt: t1 };
}

/** Whether `next` should replace `current` as the estimate, at device time `deviceNow`. */
export function isBetterSample(current: ClockSample | undefined, next: ClockSample, deviceNow: number): boolean {
  if (!current) return true;
  const age = deviceNow - current.measuredAt;
  if (age < 0 || age > MAX_SAMPLE_AGE_MS) return true;
  return next.rttMs <= current.rttMs;
}

export interface Clock {
  /** Device clock, ms. */
  deviceNow(): number;
  /** Corrected clock (device + offset), ms: the app's "now". */
  now(): number;
  offsetMs(): number;
  /** Loads the persisted sample; resolves once. */
  ready: Promise<void>;
  /** Feeds one measurement; persists it when it becomes the estimate. */
  observe(t0: number, t1: number, serverTime: string): Promise<void>;
}

export function createClock(db: RegisterDb, deviceNow: () => number = Date.now): Clock {
  let current: ClockSample | undefined;
  const ready = getClockSample(db)
    .then((sample) => {
      // A sample measured while loading wins over the stored one.
      if (!current) current = sample;
    })
    .catch(() => undefined);

  return {
    deviceNow,
    now: () => deviceNow() + (current?.offsetMs ?? 0),
    offsetMs: () => current?.offsetMs ?? 0,
    ready,
    async observe(t0, t1, serverTime) {
      const sample = sampleFrom(t0, t1, serverTime);
      if (!sample || !isBetterSample(current, sample, deviceNow())) return;
      current = sample;
      try {
        await setMeta(db, metaKeys.clock, sample);
      } catch {
        // Keeping the estimate in memory is enough until the next successful write.
      }
    },
  };
}
