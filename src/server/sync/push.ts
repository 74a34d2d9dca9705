/**
 * POST /api/sync/push: applies a device's mutations in seq order inside ONE database transaction.
 *
 * Guarantees (DESIGN.md §4):
 * - The school's sync version is taken first, under its row lock, so writers queue and version = commit order.
 * - A seq the device already sent returns the stored result and changes nothing (idempotent).
 * - A seq beyond lastSeq + 1 (a gap) is answered `retry`, as is everything after it.
 * - Each mutation gets exactly one result; a rejected one is logged (so it is never re-applied) and never
 *   blocks the ones after it. A mutation whose handler fails unexpectedly is rolled back to its savepoint
 *   and answered `retry`, with everything after it.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCodes, type MutationResult, type PushRequest, type PushResponse } from '../../protocol/index.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import { getSchoolSettings, nextVersion } from '../repositories/schoolRepository.js';
import { findLoggedResults, lockOrRegisterDevice, logMutation, mutationIdExists, updateDevice } from '../repositories/deviceRepository.js';
import { HttpError } from '../httpError.js';
import { mutationHandlers } from './mutationHandlers.js';
import type { MutationContext, MutationOutcome } from './mutationTypes.js';

export async function processPush(
  db: Database,
  clock: Clock,
  user: SessionUser,
  request: PushRequest,
  log: { error(obj: unknown, msg: string): void } = console,
): Promise<PushResponse> {
  const receivedAt = clock.now();
  const mutations = [...request.mutations].sort((a, b) => a.seq - b.seq);
  return db.transaction(async (tx) => {
    const version = await nextVersion(tx, user.schoolId);
    const device = await lockOrRegisterDevice(tx, { schoolId: user.schoolId, deviceId: request.deviceId, staffId: user.staffId, now: receivedAt });
    if (!device) throw new HttpError(403, ErrorCodes.deviceOfAnotherUser, 'This device is registered to another person. Sign out and sign in again.');
    const school = await getSchoolSettings(tx, user.schoolId);
    const stored = await findLoggedResults(tx, user.schoolId, device.id, mutations.filter((m) => m.seq <= device.lastSeq).map((m) => m.seq));
    const memo = new Map<string, unknown>();
    const answered = new Map<number, MutationResult>();
    const results: MutationResult[] = [];
    let lastSeq = device.lastSeq;
    let halted = false;

    for (const m of mutations) {
      const repeat = answered.get(m.seq);
      if (repeat) {
        results.push(repeat);
        continue;
      }
      let result: MutationResult;
      if (m.seq <= lastSeq) {
        const previous = stored.get(m.seq);
        if (previous && previous.mutationId === m.id) {
          result = { seq: m.seq, status: previous.status, ...(previous.code ? { code: previous.code, message: previous.message ?? '' } : {}) };
        } else {
          result = { seq: m.seq, status: 'rejected', code: 'seq_reused', message: 'This change was numbered like an earlier one from this device and was not applied. Enter it again.' };
        }
      } else if (halted || m.seq > lastSeq + 1) {
        halted = true;
        result = { seq: m.seq, status: 'retry', code: 'seq_gap', message: `Waiting for change ${lastSeq + 1} from this device first.` };
      } else {
        const outcome = await applyOne(tx, m, { user, school, deviceId: device.id, receivedAt, version, memo }, log);
        if (outcome === 'retry') {
          halted = true;
          result = { seq: m.seq, status: 'retry', code: 'server_error', message: 'The server could not apply this change just now; it will be sent again.' };
        } else {
          await logMutation(tx, {
            schoolId: user.schoolId, deviceId: device.id, seq: m.seq, mutationId: m.id, type: m.type,
            status: outcome.status, code: outcome.status === 'rejected' ? outcome.code : null,
            message: outcome.status === 'rejected' ? outcome.message : null, receivedAt,
          });
          lastSeq = m.seq;
          result = outcome.status === 'rejected' ? { seq: m.seq, status: 'rejected', code: outcome.code, message: outcome.message } : { seq: m.seq, status: 'applied' };
        }
      }
      answered.set(m.seq, result);
      results.push(result);
    }
    await updateDevice(tx, { schoolId: user.schoolId, deviceId: device.id, lastSeq, now: receivedAt });
    return { results, lastSeq, serverTime: new Date(receivedAt).toISOString() };
  });
}

async function applyOne(
  tx: MutationContext['tx'],
  m: PushRequest['mutations'][number],
  base: Pick<MutationContext, 'user' | 'school' | 'deviceId' | 'receivedAt' | 'version' | 'memo'>,
  log: { error(obj: unknown, msg: string): void },
): Promise<MutationOutcome | 'retry'> {
  if (await mutationIdExists(tx, base.user.schoolId, m.id)) {
    return { status: 'rejected', code: ErrorCodes.duplicateId, message: 'This change was already received under another number; it was not applied twice.' };
  }
  const handler = mutationHandlers[m.type];
  if (!handler) {
    return { status: 'rejected', code: ErrorCodes.unknownMutation, message: `The server does not know the change "${m.type}". Update the app.` };
  }
  const ctx: MutationContext = {
    ...base, tx, seq: m.seq, mutationId: m.id, observedAtDevice: Date.parse(m.observedAt), clockOffsetMs: m.clockOffsetMs,
    newId: randomUUID,
  };
  await tx.query('SAVEPOINT mutation');
  try {
    const outcome = await handler(ctx, m.args);
    await tx.query('RELEASE SAVEPOINT mutation');
    return outcome;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT mutation');
    log.error({ err: error, seq: m.seq, type: m.type }, 'mutation failed unexpectedly');
    return 'retry';
  }
}
