/**
 * "Pupil is here": the teacher sees in the room a pupil the office has already coded (M, V, …). The flag goes to
 * the office as a `pupil.here` mutation `{pupilId, date, session}` through the outbox (`engine.enqueue`: one
 * strict transaction, then pushed like a mark); the office code is not changed (docs/issue3-api.md).
 *
 * "Office told" must survive a reload, but the outbox entry is deleted once the server applies it. So a small
 * record is kept in meta (`pupilHere:<userId>|<cellKey>` → mutation id), written in the same transaction as the
 * outbox entry (enqueue's `rememberAs`), so one is never saved without the other. What the screen shows:
 * the record names the latest flag: while its entry is in the outbox, pending → waiting, rejected → refused;
 * once the entry has left the outbox → sent (the server applied it).
 */
import { cellKey } from '../../db/keys';
import type { RegisterDb } from '../../db/schema';
import type { SyncEngine } from '../../sync/engine';
import type { Session } from './model';

export interface PupilHereArgs {
  pupilId: string;
  date: string;
  session: Session;
}

/** none: not flagged; waiting: saved on this tablet, not yet sent; sent: the server took it; rejected: refused. */
export type HereState = 'none' | 'waiting' | 'sent' | 'rejected';

interface HereRecord {
  mutationId: string;
}

const RECORD_PREFIX = 'pupilHere:';
const recordKey = (userId: string, key: string) => `${RECORD_PREFIX}${userId}|${key}`;

export async function flagPupilHere(engine: Pick<SyncEngine, 'db' | 'userId' | 'enqueue'>, args: PupilHereArgs): Promise<void> {
  const key = cellKey(args.pupilId, args.date, args.session);
  await engine.enqueue('pupil.here', { pupilId: args.pupilId, date: args.date, session: args.session }, { cellKey: key, rememberAs: recordKey(engine.userId, key) });
}

/**
 * The flags this person raised on one register, by pupil id (pupils without a flag are left out).
 *
 * Read from the records, then only their own outbox entries (by mutation id): a tap writes neither, so the
 * register's live query of these flags is not run again after every mark (DESIGN budget: a tap's save).
 */
export async function hereStates(db: RegisterDb, userId: string, date: string, session: Session): Promise<Map<string, HereState>> {
  const prefix = recordKey(userId, '');
  const records = (await db.meta.where('key').startsWith(prefix).toArray()).flatMap((row) => {
    const [pupilId, d, s] = row.key.slice(prefix.length).split('|');
    return d === date && s === session ? [{ pupilId, mutationId: (row.value as HereRecord).mutationId }] : [];
  });
  if (records.length === 0) return new Map();
  const entries = await db.outbox.where('id').anyOf(records.map((r) => r.mutationId)).toArray();
  const byId = new Map(entries.map((e) => [e.id, e]));
  // The record names the latest flag: its entry's status while it is in the outbox, else the server took it.
  const states = new Map<string, HereState>();
  for (const { pupilId, mutationId } of records) {
    const entry = byId.get(mutationId);
    states.set(pupilId, !entry ? 'sent' : entry.status === 'pending' ? 'waiting' : 'rejected');
  }
  return states;
}
