/**
 * The outbox: mutations recorded on this device and not yet answered by the server.
 *
 * Guarantees:
 * - An entry leaves the outbox only when the server answered `applied` for it. A `rejected` entry stays, with
 *   the server's code and message, until the person dismisses it; it is never sent again and never blocks the
 *   entries after it. `retry` leaves the entry as it was.
 * - The cell's `pending` flag is cleared in the same transaction as the last pending entry for that cell,
 *   so "pending" on a cell always means "an outbox entry for it is still waiting".
 * - A rejected mark is undone on the device (the cell goes back to the server's last value), so the device
 *   never shows a mark the server refused as if it counted.
 * - Entries of other types (pupil.here, cover.add, cover.remove) never change a cell when settled, even when
 *   they name one: they did not change it when recorded either.
 * - Entries belong to the person who made them (userId, deviceId) for ever; nothing here reassigns them.
 */
import type { CellValue, MutationResult } from '../../protocol';
import type { RegisterDb } from './schema';
import type { LocalCell, MarkEntry, OutboxEntry } from './types';

/** One person's pending entries (optionally of one device id), in seq order. */
export async function pendingEntries(db: RegisterDb, userId: string, limit: number, deviceId?: string): Promise<OutboxEntry[]> {
  const entries = (await db.outbox.where('userId').equals(userId).toArray()).filter(
    (e) => e.status === 'pending' && (deviceId === undefined || e.deviceId === deviceId),
  );
  return entries.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

export interface WaitingGroup {
  userId: string;
  deviceId: string;
  count: number;
  /** True when every entry is about a register mark (mark.set, pupil.here): "marks" rather than "changes". */
  onlyMarks: boolean;
}

/** Marks a person's register shows but has not written yet (sync/status.ts `held`), by cell key. */
export interface HeldMarks {
  userId: string;
  cellKeys: readonly string[];
}

/**
 * Everything waiting on this tablet, per person and device id (a person has one, unless a rekey left two).
 * Held marks with no pending entry in the same read count as their person's: read once, so a mark whose write
 * commits meanwhile is counted once, never twice and never not at all (the caller reads `held` first).
 */
export async function waitingGroups(db: RegisterDb, held?: HeldMarks): Promise<WaitingGroup[]> {
  const groups = new Map<string, WaitingGroup>();
  // toArray (one getAll request), not each() or filter(): a cursor costs a round trip per entry, and these
  // lists are read again after every tap.
  const written = new Set<string>();
  for (const e of await db.outbox.where('status').equals('pending').toArray()) {
    const id = `${e.userId}|${e.deviceId}`;
    const g = groups.get(id) ?? { userId: e.userId, deviceId: e.deviceId, count: 0, onlyMarks: true };
    g.count++;
    if (e.type !== 'mark.set' && e.type !== 'pupil.here') g.onlyMarks = false;
    groups.set(id, g);
    if (e.type === 'mark.set' && e.cellKey && e.userId === held?.userId) written.add(e.cellKey);
  }
  const unwritten = held ? held.cellKeys.filter((k) => !written.has(k)).length : 0;
  if (held && unwritten > 0) {
    const theirs = [...groups.values()].find((g) => g.userId === held.userId);
    if (theirs) theirs.count += unwritten;
    else groups.set(`${held.userId}|`, { userId: held.userId, deviceId: '', count: unwritten, onlyMarks: true });
  }
  return [...groups.values()];
}

export async function rejectedEntries(db: RegisterDb, userId: string): Promise<OutboxEntry[]> {
  const entries = (await db.outbox.where('status').equals('rejected').toArray()).filter((e) => e.userId === userId);
  return entries.sort((a, b) => a.seq - b.seq);
}

export async function countPending(db: RegisterDb, userId?: string): Promise<number> {
  const pending = db.outbox.where('status').equals('pending');
  return userId === undefined ? pending.count() : (await pending.toArray()).filter((e) => e.userId === userId).length;
}

/** The person has read a rejected mark's reason and dismissed it. */
export async function dismissRejected(db: RegisterDb, keys: number[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.bulkGet(keys);
    await db.outbox.bulkDelete(rows.filter((r) => r?.status === 'rejected').map((r) => r!.key!));
  });
}

/** Merge rule (DESIGN §4): an office code stays; otherwise the later corrected observation wins. */
function baseWins(base: CellValue | null | undefined, applied: CellValue): boolean {
  if (!base) return false;
  if (base.source === 'office') return true;
  return Date.parse(base.markedAt ?? '') > Date.parse(applied.markedAt ?? '');
}

function appliedValue(entry: MarkEntry, cell: LocalCell | undefined): CellValue {
  const observed = Date.parse(entry.observedAt) + entry.clockOffsetMs;
  return {
    pupilId: entry.args.pupilId,
    date: entry.args.date,
    session: entry.args.session,
    code: entry.args.mark,
    source: 'teacher',
    markedBy: cell?.markedBy ?? null,
    markedAt: new Date(observed).toISOString(),
  };
}

function asCell(key: string, value: CellValue): LocalCell {
  return { ...value, key, pending: false };
}

/** Applies the server's answers to a push, all in one transaction. */
export async function settleResults(db: RegisterDb, sent: OutboxEntry[], results: MutationResult[]): Promise<void> {
  const bySeq = new Map(sent.map((e) => [e.seq, e]));
  await db.transaction('rw', db.outbox, db.cells, async () => {
    for (const result of results) {
      const sentEntry = bySeq.get(result.seq);
      if (!sentEntry || result.status === 'retry') continue;
      const entry = await db.outbox.get(sentEntry.key!);
      if (!entry || entry.status !== 'pending') continue;

      if (result.status === 'applied') await db.outbox.delete(entry.key!);
      else
        await db.outbox.update(entry.key!, {
          status: 'rejected',
          code: result.code ?? 'rejected',
          message: result.message ?? (entry.type === 'mark.set' ? 'The server did not accept this mark.' : 'The server did not accept this change.'),
        });

      // Only a mark changed its cell when recorded, so only a mark's answer puts the cell back in line.
      if (entry.type !== 'mark.set' || !entry.cellKey) continue;
      const cellKey = entry.cellKey;
      const cell = await db.cells.get(cellKey);
      if (!cell) continue;
      let base = cell.base ?? null;
      if (result.status === 'applied') {
        const applied = appliedValue(entry, cell);
        if (!baseWins(base, applied)) base = applied;
      }
      const stillPending = (await db.outbox.where('cellKey').equals(cellKey).toArray()).filter(
        (e) => e.status === 'pending' && e.type === 'mark.set',
      ).length;
      if (stillPending > 0) await db.cells.update(cell.key, { base });
      else if (base) await db.cells.put(asCell(cell.key, base));
      else await db.cells.delete(cell.key);
    }
  });
}
