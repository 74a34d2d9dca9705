/**
 * Recording a teacher's mark on the device.
 *
 * Guarantees (DESIGN §4.1, §4.2):
 * - The local cell and its outbox entry are written in ONE strict rw transaction over cells, outbox and meta,
 *   and the seq is allocated inside that same transaction: either all three land or none does.
 * - Nothing inside the transaction waits for anything but Dexie (no fetch, no timers).
 * - Only `/`, `\` (present) and `N` are accepted; present is stored as the session's symbol (`\` in the PM).
 * - With `retry` set, a mark whose mutation id is already in the outbox is not written again (the first
 *   attempt committed before its connection was lost): the stored entry is returned instead.
 */
import type { CellValue, MarkArgs } from '../../protocol';
import { cellKey } from './keys';
import { normaliseTeacherMark, type Session } from '../../domain/codes';
import type { RegisterDb } from './schema';
import { metaKeys, getMeta, setMeta } from './meta';
import type { DeviceIdentity, LocalCell, MarkEntry } from './types';

export class MarkRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkRefusedError';
  }
}

export interface RecordMarkInput {
  userId: string;
  /** Shown as "marked by" until the server's value arrives. */
  markedBy: string;
  pupilId: string;
  date: string;
  session: Session;
  mark: string;
  /** The device's own clock, ms. */
  deviceNow: number;
  /** Estimated server clock minus device clock, ms. */
  clockOffsetMs: number;
  /** Mutation id generator (tests inject one). */
  newId?: () => string;
  /** A second attempt with the same newId() after a lost connection: skip if the first one committed. */
  retry?: boolean;
}

export interface RecordedMark {
  cell: LocalCell;
  entry: MarkEntry;
}

/** The server's view of a cell, without what the device adds. */
export function serverPart(cell: LocalCell): CellValue {
  const { pupilId, date, session, code, source, markedBy, markedAt } = cell;
  return { pupilId, date, session, code, source, markedBy, markedAt };
}

export async function recordMark(db: RegisterDb, input: RecordMarkInput): Promise<RecordedMark> {
  const mark = normaliseTeacherMark(input.mark, input.session);
  if (mark === null) throw new MarkRefusedError(`"${input.mark}" is not a mark a register can take: use present or absent.`);
  // The same limits as the wire schema (markArgsSchema), checked by hand to keep zod out of the teacher bundle.
  const validArgs =
    input.pupilId.length > 0 &&
    input.pupilId.length <= 64 &&
    /^\d{4}-\d{2}-\d{2}$/.test(input.date) &&
    (input.session === 'AM' || input.session === 'PM');
  if (!validArgs) throw new MarkRefusedError('This mark is not for a valid pupil, date and session.');
  const args: MarkArgs = { pupilId: input.pupilId, date: input.date, session: input.session, mark };
  const key = cellKey(args.pupilId, args.date, args.session);
  const newId = input.newId ?? (() => crypto.randomUUID());
  const id = newId();

  return db.transaction('rw', db.cells, db.outbox, db.meta, async () => {
    if (input.retry) {
      const done = await db.outbox.where('id').equals(id).first();
      const doneCell = done && (await db.cells.get(key));
      if (done?.type === 'mark.set' && doneCell) return { cell: doneCell, entry: done };
    }
    const deviceKey = metaKeys.device(input.userId);
    // Both reads, then all three writes, are issued together: the same one transaction, but two round trips
    // to IndexedDB instead of five, which is most of a tap's save time on a slow tablet.
    const [storedDevice, existing] = await Promise.all([getMeta<DeviceIdentity>(db, deviceKey), db.cells.get(key)]);
    const device = storedDevice ?? { deviceId: crypto.randomUUID(), nextSeq: 1, displayName: input.markedBy };
    const seq = device.nextSeq;
    const base = existing ? (existing.pending ? (existing.base ?? null) : serverPart(existing)) : null;
    const cell: LocalCell = {
      key,
      pupilId: args.pupilId,
      date: args.date,
      session: args.session,
      code: args.mark,
      source: 'teacher',
      markedBy: input.markedBy,
      markedAt: new Date(input.deviceNow + input.clockOffsetMs).toISOString(),
      pending: true,
      base,
    };
    const entry: MarkEntry = {
      deviceId: device.deviceId,
      userId: input.userId,
      seq,
      id,
      type: 'mark.set',
      args,
      observedAt: new Date(input.deviceNow).toISOString(),
      clockOffsetMs: input.clockOffsetMs,
      status: 'pending',
      cellKey: key,
    };
    const [, , outboxKey] = await Promise.all([
      // Spread: the identity's other fields (name, device key) are not this transaction's to drop.
      setMeta(db, deviceKey, { ...device, nextSeq: seq + 1 }),
      db.cells.put(cell),
      db.outbox.add(entry),
    ]);
    entry.key = outboxKey;
    return { cell, entry };
  });
}
