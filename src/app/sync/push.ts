/**
 * Push: sends this person's pending outbox entries to POST /api/sync/push, oldest seq first, in batches.
 *
 * Guarantees:
 * - Entries are sent in seq order under this person's device id; the server is idempotent, so sending an
 *   entry twice (a lost answer, a reload mid-push) changes nothing.
 * - The answers are applied in one Dexie transaction after the request (never a request inside a transaction).
 * - A network failure, a 5xx or a 401 changes nothing on the device: every mark stays in the outbox.
 * The caller (engine.ts) makes sure only one push runs at a time and decides when to try again.
 */
import { ApiError, type ApiClient } from './api';
import type { RegisterDb } from '../db/schema';
import { getOrCreateDevice, metaKeys, setMeta } from '../db/meta';
import { pendingEntries, settleResults } from '../db/outbox';
import type { MutationResult } from '../../protocol';

export const PUSH_BATCH_SIZE = 200;

export type PushOutcome =
  | { kind: 'done'; applied: number; rejected: number; retried: number }
  | { kind: 'network' | 'server' | 'auth' | 'forbidden'; message: string };

export interface PushContext {
  db: RegisterDb;
  api: ApiClient;
  userId: string;
  /** Told when a request with marks starts (for "Sending…"). */
  onSending?: (count: number) => void;
  batchSize?: number;
}

export async function pushOutbox(ctx: PushContext): Promise<PushOutcome> {
  const batchSize = ctx.batchSize ?? PUSH_BATCH_SIZE;
  const totals = { applied: 0, rejected: 0, retried: 0 };
  let rekeyed = false;
  for (;;) {
    const batch = await pendingEntries(ctx.db, ctx.userId, batchSize);
    if (batch.length === 0) return { kind: 'done', ...totals };
    const { deviceId } = await getOrCreateDevice(ctx.db, ctx.userId);
    ctx.onSending?.(batch.length);
    let results: MutationResult[];
    try {
      const response = await ctx.api.push({
        deviceId,
        mutations: batch.map((e) => ({
          seq: e.seq,
          id: e.id,
          type: e.type,
          args: e.args,
          observedAt: e.observedAt,
          clockOffsetMs: e.clockOffsetMs,
        })),
      });
      results = response.results;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'device_of_another_user' && !rekeyed) {
        rekeyed = true;
        await rekeyDevice(ctx.db, ctx.userId);
        continue;
      }
      return failure(error);
    }
    await settleResults(ctx.db, batch, results);
    const counts = { applied: 0, rejected: 0, retried: 0 };
    for (const e of batch) {
      const r = results.find((x) => x.seq === e.seq);
      if (r?.status === 'applied') counts.applied++;
      else if (r?.status === 'rejected') counts.rejected++;
      else counts.retried++;
    }
    totals.applied += counts.applied;
    totals.rejected += counts.rejected;
    totals.retried += counts.retried;
    // Stop when the server asked us to wait: sending the same batch again now would only get `retry` again.
    if (counts.retried > 0) return { kind: 'done', ...totals };
  }
}

function failure(error: unknown): PushOutcome {
  if (error instanceof ApiError) {
    if (error.kind === 'network') return { kind: 'network', message: 'No connection to the school server.' };
    if (error.status === 401) return { kind: 'auth', message: 'Sign in again to send your marks.' };
    if (error.status === 403) return { kind: 'forbidden', message: error.message };
    return { kind: 'server', message: `The server could not take the marks (${error.status}).` };
  }
  return { kind: 'server', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The server says this device id belongs to someone else (a copied profile, a restored backup): take a fresh
 * device id and renumber this person's pending entries 1..n under it. Nothing was applied under the old id
 * for this person, because the server refused the whole request.
 */
async function rekeyDevice(db: RegisterDb, userId: string): Promise<void> {
  await db.transaction('rw', db.meta, db.outbox, async () => {
    const deviceId = crypto.randomUUID();
    const pending = (await db.outbox.where('userId').equals(userId).filter((e) => e.status === 'pending').toArray()).sort(
      (a, b) => a.seq - b.seq,
    );
    let seq = 1;
    for (const entry of pending) await db.outbox.update(entry.key!, { deviceId, seq: seq++ });
    await setMeta(db, metaKeys.device(userId), { deviceId, nextSeq: seq });
  });
}
