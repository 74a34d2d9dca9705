/**
 * Sign-in throttling, worked out from the sign-in audit (sign_ins), so it holds across restarts.
 *
 * Guarantees:
 * - Per account (the username as typed, known or not, so throttling says nothing about which usernames
 *   exist): 5 wrong passwords in a row are answered at once; after the 5th the next attempt must wait 2 s,
 *   then 4, 8, 16 and 32 s; after the 10th, 15 minutes after each further wrong password. An attempt made
 *   while it must wait is answered 429 with Retry-After and its password is not checked. A successful sign-in
 *   starts the count again, and so does a day without a wrong password.
 * - Per address: 300 wrong passwords from one address within 15 minutes close sign-in from that address until
 *   the oldest of them is 15 minutes old. Every tablet in a school shares one public address, so the figure is
 *   far above what a whole school mistyping at 08:45 produces; it only stops a machine guessing.
 * - One username's attempts are decided one at a time in this process (`oneAtATime`), so a burst of parallel
 *   guesses cannot all read "no failures yet" together.
 */
import type { Queryable } from '../db/database.js';
import { nthRecentFailureFromAddress, recentSignInFailures } from '../repositories/staffRepository.js';

export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  firstPauseMs: 2_000,
  longLockAfterFailures: 10,
  longLockMs: 15 * 60_000,
  /** Failures older than this (and before the last success) are forgotten. */
  accountMemoryMs: 24 * 60 * 60_000,
  addressFailures: 300,
  addressWindowMs: 15 * 60_000,
} as const;

/** How long the account must wait after its `failures`-th wrong password in a row. */
export function pauseAfterFailures(failures: number): number {
  const t = SIGN_IN_THROTTLE;
  if (failures < t.freeFailures) return 0;
  if (failures >= t.longLockAfterFailures) return t.longLockMs;
  return t.firstPauseMs * 2 ** (failures - t.freeFailures);
}

export type ThrottleVerdict = { throttled: false } | { throttled: true; retryAfterMs: number; reason: 'account' | 'address' };

export async function signInVerdict(db: Queryable, p: { username: string; ip: string; now: number }): Promise<ThrottleVerdict> {
  const t = SIGN_IN_THROTTLE;
  const nth = await nthRecentFailureFromAddress(db, p.ip, p.now - t.addressWindowMs, t.addressFailures);
  if (nth != null) return { throttled: true, reason: 'address', retryAfterMs: Math.max(1_000, nth + t.addressWindowMs - p.now) };
  const { failures, lastFailureAt } = await recentSignInFailures(db, p.username, p.now - t.accountMemoryMs);
  const openAt = lastFailureAt == null ? p.now : lastFailureAt + pauseAfterFailures(failures);
  if (openAt > p.now) return { throttled: true, reason: 'account', retryAfterMs: openAt - p.now };
  return { throttled: false };
}

/** Runs `fn` after every earlier call with the same key has finished (one sign-in per username at a time). */
export function oneAtATimeQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/** What the person reads: when they may try again, in whole seconds or minutes. */
export function waitMessage(verdict: Extract<ThrottleVerdict, { throttled: true }>): string {
  const seconds = Math.ceil(verdict.retryAfterMs / 1000);
  const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return verdict.reason === 'account'
    ? `Too many wrong passwords for this username. Wait ${wait} and try again; if you have forgotten the password, ask the school's admin.`
    : `Too many wrong passwords from this network. Wait ${wait} and try again.`;
}
