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
 * - The limits hold across every server process on one database (WORKERS=n, issue 12), so a burst of parallel
 *   guesses cannot all read "no failures yet" together, whichever processes answer them: `beginSignIn`
 *   decides an attempt in one short transaction that holds an advisory lock on the username and on the
 *   address, and records the attempt let through there and then as pending, before its password is checked.
 *   The slow password check runs outside any transaction (holding none of PostgreSQL's connections, nor
 *   PGlite's only one); `finishSignIn` then records the outcome. A pending attempt counts as a wrong password,
 *   so at most the limit is ever checked; one left pending by a process that stopped counts for
 *   `pendingForgottenAfterMs` only. So while another attempt at the same username is being checked elsewhere,
 *   even the right password may be asked to wait a few seconds: the price of never letting one guess too many.
 */
import { randomUUID } from 'node:crypto';
import type { Database, Queryable } from '../db/database.js';
import {
  finishPendingSignIn, lockSignInDecisions, nthRecentFailureFromAddress, recentSignInFailures, recordSignIn,
} from '../repositories/staffRepository.js';

export const SIGN_IN_THROTTLE = {
  freeFailures: 5,
  firstPauseMs: 2_000,
  longLockAfterFailures: 10,
  longLockMs: 15 * 60_000,
  /** Failures older than this (and before the last success) are forgotten. */
  accountMemoryMs: 24 * 60 * 60_000,
  addressFailures: 300,
  addressWindowMs: 15 * 60_000,
  /**
   * An attempt still pending this long after it began is no longer counted: its process stopped before it
   * could record the outcome. A password check takes well under a second, even on a busy server.
   */
  pendingForgottenAfterMs: 30_000,
} as const;

/** How long the account must wait after its `failures`-th wrong password in a row. */
export function pauseAfterFailures(failures: number): number {
  const t = SIGN_IN_THROTTLE;
  if (failures < t.freeFailures) return 0;
  if (failures >= t.longLockAfterFailures) return t.longLockMs;
  return t.firstPauseMs * 2 ** (failures - t.freeFailures);
}

export type ThrottleVerdict = { throttled: false } | { throttled: true; retryAfterMs: number; reason: 'account' | 'address' };

/** Whether an attempt now must wait, counting attempts still pending as wrong passwords. Reads only. */
export async function signInVerdict(db: Queryable, p: { username: string; ip: string; now: number }): Promise<ThrottleVerdict> {
  const t = SIGN_IN_THROTTLE;
  const pendingSince = p.now - t.pendingForgottenAfterMs;
  const nth = await nthRecentFailureFromAddress(db, p.ip, p.now - t.addressWindowMs, t.addressFailures, pendingSince);
  if (nth != null) return { throttled: true, reason: 'address', retryAfterMs: Math.max(1_000, nth + t.addressWindowMs - p.now) };
  const { failures, lastFailureAt } = await recentSignInFailures(db, p.username, p.now - t.accountMemoryMs, pendingSince);
  const openAt = lastFailureAt == null ? p.now : lastFailureAt + pauseAfterFailures(failures);
  if (openAt > p.now) return { throttled: true, reason: 'account', retryAfterMs: openAt - p.now };
  return { throttled: false };
}

/** An attempt let through, recorded as pending until `finishSignIn` records its outcome. */
export interface PendingSignIn {
  username: string;
  at: number;
  id: string;
}

export type SignInStart = { throttled: true; verdict: Extract<ThrottleVerdict, { throttled: true }> } | { throttled: false; attempt: PendingSignIn };

/**
 * Decides one attempt and records it, in one short transaction holding the username's and the address's
 * advisory locks: throttled (recorded as such, its password never to be checked), or let through (recorded as
 * pending). Attributed to the account when there is one, so the school's own audit shows the guesses at it.
 */
export async function beginSignIn(
  db: Database,
  p: { username: string; ip: string; now: number; schoolId: string | null; staffId: string | null },
): Promise<SignInStart> {
  return db.transaction(async (tx): Promise<SignInStart> => {
    await lockSignInDecisions(tx, p);
    const verdict = await signInVerdict(tx, p);
    const entry = { schoolId: p.schoolId, username: p.username, staffId: p.staffId, succeeded: false, at: p.now, ip: p.ip };
    if (verdict.throttled) {
      await recordSignIn(tx, { ...entry, throttled: true });
      return { throttled: true, verdict };
    }
    const id = randomUUID();
    await recordSignIn(tx, { ...entry, pendingAttempt: id });
    return { throttled: false, attempt: { username: p.username, at: p.now, id } };
  });
}

/** Records the outcome of an attempt `beginSignIn` let through, once its password (or code) has been checked. */
export async function finishSignIn(db: Queryable, attempt: PendingSignIn, succeeded: boolean): Promise<void> {
  await finishPendingSignIn(db, { username: attempt.username, at: attempt.at, pendingAttempt: attempt.id, succeeded });
}

/**
 * Runs `fn` after every earlier call with the same key has finished (one sign-in per username at a time).
 * Kept although the database lock alone keeps the limit: within one process, an attempt then waits for the
 * one before it to finish and is judged on its real outcome instead of counting it as a pending wrong password
 * (a right password tapped twice after a few wrong ones is not asked to wait), and a burst of guesses at one
 * username takes one database connection waiting for that username's lock, not every connection the process has.
 */
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
