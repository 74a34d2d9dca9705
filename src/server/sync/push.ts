/**
 * POST /api/sync/push: applies a device's mutations in seq order inside ONE database transaction.
 *
 * Guarantees (DESIGN.md §4):
 * - The school's sync version is taken first, under its row lock, so writers queue and version = commit order.
 * - A seq the device already sent returns the stored result and changes nothing (idempotent).
 * - A seq beyond lastSeq + 1 (a gap) is answered `retry`, as is everything after it.
 * - Each mutation gets exactly one result; a rejected one is logged (so it is never re-applied) and never
 *   blocks the ones after it. A mutation that is not in a form the server can read or store is refused on
 *   its own before anything is loaded (receivedMutation.ts), so no value a device sends reaches a write that
 *   would fail the push's transaction. A mutation whose handler fails unexpectedly has written nothing (handlers only
 *   return effects) and is answered `retry`, with everything after it.
 * - Reads are loaded in bulk before the loop (PushCache) and writes made in bulk after it (PushWrites), each
 *   in one round trip on PostgreSQL (oneRoundTrip.ts), so a register of 35 marks costs three statements
 *   between BEGIN and COMMIT: the version, the reads, the writes (and a device's first push registers it).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCodes, type Mutation, type MutationResult, type PushEnvelope, type PushResponse } from '../../protocol/index.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import { getSchoolSettings, nextVersion } from '../repositories/schoolRepository.js';
import { existingMutationIds, findLoggedResults, lockOrRegisterDevice, updateDevice } from '../repositories/deviceRepository.js';
import { HttpError } from '../httpError.js';
import { mutationKind } from './mutationHandlers.js';
import { argsToLog, receiveMutation, substituteMutationId } from './receivedMutation.js';
import { PushCache } from './pushCache.js';
import { PushWrites } from './pushWrites.js';
import { inOneRoundTrip } from '../db/oneRoundTrip.js';
import type { MutationContext, MutationOutcome } from './mutationTypes.js';
import { refusedForDeviceKey, type DeviceKeyLimits } from './deviceKeyLimits.js';

export async function processPush(
  db: Database,
  clock: Clock,
  user: SessionUser,
  request: PushEnvelope,
  log: { error(obj: unknown, msg: string): void } = console,
  /** Set when the push came with a device key: each mutation must be one the key may send (deviceKeyLimits.ts). */
  keyLimits: DeviceKeyLimits | null = null,
): Promise<PushResponse> {
  const receivedAt = clock.now();
  const mutations = request.mutations.map(receiveMutation).sort((a, b) => a.seq - b.seq);
  const combine = db.engine === 'postgres'; // see inOneRoundTrip
  return db.transaction(async (tx) => {
    const version = await nextVersion(tx, user.schoolId);
    // Everything else the push reads goes to the database in one round trip, while the version row is held
    // (oneRoundTrip.ts). The device's last seq is not known until then, so the logged results and known ids
    // are read for every mutation in the push, and the cells of every mutation are locked: a push is mostly
    // new mutations, and the extra rows of a resent one are only looked at for the seqs that need them.
    const parsed = mutations.flatMap((m) => (m.mutation ? [m.mutation] : []));
    const cache = new PushCache(tx, user.schoolId, user.staffId);
    const [device, school, stored, knownIds] = await inOneRoundTrip(tx, 'read', (batch) => Promise.all([
      lockOrRegisterDevice(batch, { schoolId: user.schoolId, deviceId: request.deviceId, staffId: user.staffId, now: receivedAt }),
      getSchoolSettings(batch, user.schoolId),
      findLoggedResults(batch, user.schoolId, request.deviceId, mutations.map((m) => m.seq)),
      existingMutationIds(batch, user.schoolId, parsed.map((m) => m.id)),
      cache.preload(parsed.map((m) => m.args), batch),
    ]), combine);
    if (!device) throw new HttpError(403, ErrorCodes.deviceOfAnotherUser, 'This device is registered to another person. Sign out and sign in again.');
    const writes = new PushWrites();
    const answered = new Map<number, MutationResult>();
    const results: MutationResult[] = [];
    let lastSeq = device.lastSeq;
    let halted = false;

    for (const received of mutations) {
      const { seq } = received;
      const m: Mutation | null = received.mutation;
      const repeat = answered.get(seq);
      if (repeat) {
        results.push(repeat);
        continue;
      }
      let result: MutationResult;
      if (seq <= lastSeq) {
        const previous = stored.get(seq);
        if (previous && (previous.mutationId === m?.id || previous.mutationId === substituteMutationId(device.id, seq))) {
          result = { seq, status: previous.status, ...(previous.code ? { code: previous.code, message: previous.message ?? '' } : {}) };
        } else {
          result = { seq, status: 'rejected', code: 'seq_reused', message: 'This change was numbered like an earlier one from this device and was not applied. Enter it again.' };
        }
      } else if (halted || seq > lastSeq + 1) {
        halted = true;
        result = { seq, status: 'retry', code: 'seq_gap', message: `Waiting for change ${lastSeq + 1} from this device first.` };
      } else {
        const outcome: MutationOutcome | 'retry' = !m
          ? { status: 'rejected', ...received.refusal! }
          : knownIds.has(m.id)
            ? ({ status: 'rejected', code: ErrorCodes.duplicateId, message: 'This change was already received under another number; it was not applied twice.' } as const)
            : (keyLimits && refusedForDeviceKey(m, keyLimits, receivedAt)) || (await applyOne(tx, m, { user, school, deviceId: device.id, receivedAt, version, cache }, log));
        if (outcome === 'retry') {
          halted = true;
          result = { seq, status: 'retry', code: 'server_error', message: 'The server could not apply this change just now; it will be sent again.' };
        } else {
          if (outcome.status === 'applied') {
            writes.add(outcome.effects);
            for (const c of outcome.effects.cells ?? []) cache.rememberCell(c.key, c.row);
          }
          // A mutation refused before its id was read, or whose id another mutation already has, is logged
          // under a substitute id, so the log's unique index can never fail the push.
          const ownId = m && !knownIds.has(m.id) ? m.id : null;
          if (ownId) knownIds.add(ownId);
          writes.logged({
            schoolId: user.schoolId, deviceId: device.id, seq, mutationId: ownId ?? substituteMutationId(device.id, seq), type: received.logType,
            args: argsToLog(received, m ? mutationKind(m.type)?.args : undefined),
            status: outcome.status, code: outcome.status === 'rejected' ? outcome.code : null,
            message: outcome.status === 'rejected' ? outcome.message : null, receivedAt,
          });
          lastSeq = seq;
          result = outcome.status === 'rejected' ? { seq, status: 'rejected', code: outcome.code, message: outcome.message } : { seq, status: 'applied' };
        }
      }
      answered.set(seq, result);
      results.push(result);
    }
    await writes.flush(tx, (q) => updateDevice(q, { schoolId: user.schoolId, deviceId: device.id, lastSeq, now: receivedAt }), combine);
    return { results, lastSeq, serverTime: new Date(receivedAt).toISOString() };
  });
}

async function applyOne(
  tx: MutationContext['tx'],
  m: Mutation,
  base: Pick<MutationContext, 'user' | 'school' | 'deviceId' | 'receivedAt' | 'version' | 'cache'>,
  log: { error(obj: unknown, msg: string): void },
): Promise<MutationOutcome | 'retry'> {
  const kind = mutationKind(m.type);
  if (!kind) {
    return { status: 'rejected', code: ErrorCodes.unknownMutation, message: `The server does not know the change "${m.type}". Update the app.` };
  }
  const ctx: MutationContext = {
    ...base, tx, seq: m.seq, mutationId: m.id, observedAtDevice: Date.parse(m.observedAt), clockOffsetMs: m.clockOffsetMs,
    newId: randomUUID,
  };
  try {
    return await kind.handle(ctx, m.args);
  } catch (error) {
    log.error({ err: error, seq: m.seq, type: m.type }, 'mutation failed unexpectedly');
    return 'retry';
  }
}
