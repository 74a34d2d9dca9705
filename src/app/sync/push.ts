/**
 * Push: sends the tablet's pending outbox entries to POST /api/sync/push, oldest seq first, in batches, each
 * person's under their own device id.
 *
 * Guarantees:
 * - Entries are sent in seq order under the device id they were recorded with; the server is idempotent, so
 *   sending an entry twice (a lost answer, a reload mid-push) changes nothing.
 * - The signed-in person's entries go with the session. Anyone else's go with that person's device key
 *   (`x-device-key`, no cookie), so they are applied as the person who made them, never as whoever is signed
 *   in. Without a key, or when the server refuses it (401/403), they stay on the tablet untouched until that
 *   person signs in here again (the key is forgotten, so the status can say whose marks are waiting).
 * - The answers are applied in one Dexie transaction after the request (never a request inside a transaction).
 * - A network failure, a 5xx or a 401 changes nothing on the device: every entry stays in the outbox.
 * The caller (engine.ts) makes sure only one push runs at a time and decides when to try again.
 */
import { ApiError, type ApiClient, type RequestOptions } from './api';
import type { RegisterDb } from '../db/schema';
import { allDevices, getOrCreateDevice, metaKeys, setMeta, updateDevice } from '../db/meta';
import { pendingEntries, settleResults, waitingGroups } from '../db/outbox';
import type { DeviceIdentity, OutboxEntry } from '../db/types';
import type { MutationResult } from '../../protocol';

export const PUSH_BATCH_SIZE = 200;

export type PushOutcome =
  | { kind: 'done'; applied: number; rejected: number; retried: number }
  | { kind: 'network' | 'server' | 'auth' | 'forbidden'; message: string };

export interface PushContext {
  db: RegisterDb;
  api: ApiClient;
  /** The signed-in person: their entries go with the session. */
  userId: string;
  /** Told when a request with entries starts (for "Sending…"). */
  onSending?: (count: number) => void;
  batchSize?: number;
}

type Totals = { applied: number; rejected: number; retried: number };

export async function pushOutbox(ctx: PushContext): Promise<PushOutcome> {
  const totals: Totals = { applied: 0, rejected: 0, retried: 0 };
  const own = await pushPerson(ctx, ctx.userId, null, totals);
  if (own.kind === 'network') return own;

  const others = (await waitingGroups(ctx.db)).filter((g) => g.userId !== ctx.userId);
  if (others.length > 0) {
    const devices = await allDevices(ctx.db);
    for (const group of others) {
      const identity = devices.get(group.userId);
      // No key, or a key for another device id: these wait for their author to sign in here.
      if (!identity?.deviceKey || identity.deviceId !== group.deviceId) continue;
      const outcome = await pushPerson(ctx, group.userId, identity, totals);
      if (outcome.kind === 'network') return own.kind === 'done' ? outcome : own;
      if (outcome.kind === 'auth' || outcome.kind === 'forbidden') {
        await updateDevice(ctx.db, group.userId, { deviceKey: undefined }, identity.deviceId);
      } else if (outcome.kind === 'server') totals.retried += group.count;
    }
  }
  return own.kind === 'done' ? { kind: 'done', ...totals } : own;
}

/** One person's entries: with the session (`identity` null) or with their device key. */
async function pushPerson(ctx: PushContext, userId: string, identity: DeviceIdentity | null, totals: Totals): Promise<PushOutcome> {
  let batchSize = ctx.batchSize ?? PUSH_BATCH_SIZE;
  const viaKey: RequestOptions | undefined = identity?.deviceKey
    ? { headers: { 'x-device-key': identity.deviceKey }, withSession: false }
    : undefined;
  let rekeyed = false;
  for (;;) {
    const { batch, more } = await nextBatch(ctx.db, userId, identity?.deviceId, batchSize);
    if (batch.length === 0) return { kind: 'done', ...totals };
    const deviceId = batch[0].deviceId;
    ctx.onSending?.(batch.length);
    let results: MutationResult[];
    try {
      const response = await ctx.api.push({ deviceId, mutations: batch.map(toWire) }, viaKey);
      results = response.results;
    } catch (error) {
      if (!viaKey && error instanceof ApiError && error.code === 'device_of_another_user' && !rekeyed) {
        rekeyed = true;
        await rekeyDevice(ctx.db, userId);
        continue;
      }
      if (error instanceof ApiError && error.status === 413) {
        // Too large for the server's limit: send fewer at a time. One change too large on its own is sent
        // without its arguments, so the server records its number as refused and the changes behind it go on.
        if (batch.length > 1) {
          batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        try {
          results = await pushTooLarge(ctx.api, batch[0], viaKey);
        } catch (again) {
          return failure(again);
        }
      } else {
        return failure(error);
      }
    }
    await settleResults(ctx.db, batch, results);
    let retried = 0;
    for (const e of batch) {
      const r = results.find((x) => x.seq === e.seq);
      if (r?.status === 'applied') totals.applied++;
      else if (r?.status === 'rejected') totals.rejected++;
      else retried++;
    }
    totals.retried += retried;
    // Stop when the server asked us to wait: sending the same batch again now would only get `retry` again.
    if (retried > 0) return { kind: 'done', ...totals };
    // The batch was everything waiting when it was read: an entry written since then asked for a sync of its
    // own (the engine runs it after this one), so the outbox need not be read again now.
    if (!more) return { kind: 'done', ...totals };
  }
}

/**
 * The oldest pending entries of one person, all of one device id (the identity's, or the oldest entry's), from
 * one read of the outbox; `more` when that read found entries the batch leaves for later (over the limit, or
 * under another device id).
 */
async function nextBatch(db: RegisterDb, userId: string, deviceId: string | undefined, size: number): Promise<{ batch: OutboxEntry[]; more: boolean }> {
  const pending = await pendingEntries(db, userId, Number.POSITIVE_INFINITY, deviceId);
  const batchDevice = deviceId ?? pending[0]?.deviceId;
  const batch = pending.filter((e) => e.deviceId === batchDevice).slice(0, size);
  return { batch, more: pending.length > batch.length };
}

/** A change too large to send: its number goes with no arguments, and its refusal says why in words. */
async function pushTooLarge(api: ApiClient, entry: OutboxEntry, viaKey: RequestOptions | undefined): Promise<MutationResult[]> {
  const response = await api.push({ deviceId: entry.deviceId, mutations: [{ ...toWire(entry), args: null }] }, viaKey);
  return response.results.map((r) =>
    r.seq === entry.seq && r.status === 'rejected'
      ? { ...r, code: 'payload_too_large', message: 'This change was too large to send to the server and was not applied. Make it again in smaller parts.' }
      : r,
  );
}

const toWire = (e: OutboxEntry) => ({
  seq: e.seq,
  id: e.id,
  type: e.type,
  args: e.args,
  observedAt: e.observedAt,
  clockOffsetMs: e.clockOffsetMs,
});

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
 * for this person, because the server refused the whole request. The old device key goes with the old id.
 */
export async function rekeyDevice(db: RegisterDb, userId: string): Promise<void> {
  await db.transaction('rw', db.meta, db.outbox, async () => {
    const deviceId = crypto.randomUUID();
    const old = await getOrCreateDevice(db, userId);
    const pending = (await db.outbox.where('userId').equals(userId).filter((e) => e.status === 'pending').toArray()).sort(
      (a, b) => a.seq - b.seq,
    );
    let seq = 1;
    for (const entry of pending) await db.outbox.update(entry.key!, { deviceId, seq: seq++ });
    const next: DeviceIdentity = { deviceId, nextSeq: seq, ...(old.displayName ? { displayName: old.displayName } : {}) };
    await setMeta(db, metaKeys.device(userId), next);
  });
}
