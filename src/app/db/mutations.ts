/**
 * Recording any mutation other than a teacher's mark (`pupil.here`, `cover.add`, `cover.remove`, and whatever
 * comes next) in the outbox, so every change leaves the device by the same path: outbox → push.
 *
 * Guarantees (DESIGN §4.1, §4.2):
 * - The seq is allocated and the outbox entry added in ONE strict rw transaction over outbox and meta: either
 *   both land or neither does, and seqs have no gaps. Nothing inside waits for anything but Dexie.
 * - These mutations change no local table: their effect reaches the device through the server (a pull, or
 *   the office's GET lists). `cellKey`, when given, only links the entry to a register cell for display; the
 *   cell is not marked pending, and settling the entry never rewrites that cell.
 * - `mark.set` is refused here: marks go through recordMark, which also writes the cell in the same
 *   transaction.
 * - With `retry`, an entry whose id is already stored is returned instead of written twice.
 */
import type { RegisterDb } from './schema';
import { getMeta, metaKeys, setMeta } from './meta';
import type { DeviceIdentity, MutationArgs, MutationType, OutboxEntry } from './types';

export type EnqueueType = Exclude<MutationType, 'mark.set'>;

export interface EnqueueInput<T extends EnqueueType> {
  userId: string;
  /** The person's name, kept with a device identity created here. */
  displayName?: string;
  type: T;
  args: MutationArgs[T];
  cellKey?: string;
  /** A meta key to record this mutation's id under (`{mutationId}`), in the same transaction as the entry. */
  rememberAs?: string;
  /** The device's own clock, ms. */
  deviceNow: number;
  clockOffsetMs: number;
  /** The mutation id, chosen by the caller so a retry can recognise its first attempt. */
  id: string;
  retry?: boolean;
}

const KNOWN: readonly string[] = [
  'pupil.here',
  'cover.add',
  'cover.remove',
  'code.set',
  'contact.record',
  'conflict.resolve',
  'pupil.signout',
  'pupil.signin',
  'absence.plan',
  'code.bulk',
  'alert.record',
];

export class MutationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MutationRefusedError';
  }
}

export async function enqueueMutation<T extends EnqueueType>(db: RegisterDb, input: EnqueueInput<T>): Promise<OutboxEntry> {
  if (!KNOWN.includes(input.type)) {
    throw new MutationRefusedError(
      (input.type as string) === 'mark.set' ? 'Marks are recorded with recordMark.' : `Unknown change type "${input.type}".`,
    );
  }
  if (!input.args || typeof input.args !== 'object') throw new MutationRefusedError('This change has no details.');

  return db.transaction('rw', db.outbox, db.meta, async () => {
    if (input.retry) {
      const done = await db.outbox.where('id').equals(input.id).first();
      if (done) return done;
    }
    const deviceKey = metaKeys.device(input.userId);
    const device = (await getMeta<DeviceIdentity>(db, deviceKey)) ?? {
      deviceId: crypto.randomUUID(),
      nextSeq: 1,
      ...(input.displayName ? { displayName: input.displayName } : {}),
    };
    const seq = device.nextSeq;
    await setMeta(db, deviceKey, { ...device, nextSeq: seq + 1 });
    const entry = {
      deviceId: device.deviceId,
      userId: input.userId,
      seq,
      id: input.id,
      type: input.type,
      args: input.args,
      observedAt: new Date(input.deviceNow).toISOString(),
      clockOffsetMs: input.clockOffsetMs,
      status: 'pending',
      ...(input.cellKey ? { cellKey: input.cellKey } : {}),
    } as OutboxEntry;
    entry.key = await db.outbox.add(entry);
    if (input.rememberAs) await setMeta(db, input.rememberAs, { mutationId: input.id });
    return entry;
  });
}
