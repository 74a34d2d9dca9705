/**
 * Pull: brings the server's changes for this person onto the device (POST /api/sync/pull), page by page.
 *
 * Guarantees (DESIGN §4.4, §4.5):
 * - Each page is applied in ONE Dexie transaction together with its cursor: after a crash the device either
 *   has the page and the cursor after it, or neither, so no change is skipped or half-applied.
 * - A pulled cell never overwrites a local cell that is still pending: the server's value is kept aside as the
 *   cell's `base` (used if the local mark is rejected or loses to it) and the local mark stays on top.
 * - `reset` drops everything pulled before (except pending cells) in the same transaction as the first page:
 *   photos too, so a pupil who left this person's classes takes their photo with them.
 * - A page that lands after its person signed out on this tablet is dropped, cursor and all (session.ts).
 */
import type { Change, PullResponse } from '../../protocol';
import { ApiError, type ApiClient } from './api';
import type { RegisterDb } from '../db/schema';
import { getCursor, getOrCreateDevice, metaKeys, setMeta } from '../db/meta';
import type { CellValue } from '../../protocol';
import type { LocalCell, LocalPupil, PhotoValue } from '../db/types';
import { groupIdsOf } from '../db/schema';

export type PullOutcome =
  | { kind: 'done'; pages: number; changes: number }
  | { kind: 'network' | 'server' | 'auth' | 'forbidden'; message: string };

const MAX_PAGES = 10_000;

export async function applyPullPage(db: RegisterDb, userId: string, page: PullResponse): Promise<void> {
  const idTables = { school: db.school, group: db.groups, assignment: db.assignments } as const;
  await db.transaction('rw', [db.school, db.groups, db.pupils, db.assignments, db.days, db.cells, db.photos, db.meta], async () => {
    // They signed out while this page was on its way: it is no longer theirs to keep on this tablet.
    if (await db.meta.get(metaKeys.signedOut(userId))) return;
    if (page.reset) {
      await Promise.all([db.school.clear(), db.groups.clear(), db.pupils.clear(), db.assignments.clear(), db.days.clear(), db.photos.clear()]);
      await db.cells.filter((c) => !c.pending).delete();
      await db.cells.toCollection().modify({ base: null });
    }
    for (const change of page.changes) {
      if (change.entity === 'cell') await applyCell(db, change);
      else if (change.entity === 'pupil') {
        if (change.op === 'delete') await db.pupils.delete(change.key);
        else {
          const pupil = { ...(change.value as LocalPupil), id: change.key };
          await db.pupils.put({ ...pupil, groupIds: groupIdsOf(pupil) });
        }
      } else if (change.entity === 'photo') {
        if (change.op === 'delete') await db.photos.delete(change.key);
        else await db.photos.put({ ...(change.value as PhotoValue), pupilId: change.key });
      } else if (change.entity === 'day') {
        if (change.op === 'delete') await db.days.delete(change.key);
        else await db.days.put({ ...(change.value as object), date: change.key } as never);
      } else if (change.entity in idTables) {
        const table = idTables[change.entity as keyof typeof idTables];
        if (change.op === 'delete') await table.delete(change.key);
        else await table.put({ ...(change.value as object), id: change.key } as never);
      }
      // Entities this version does not know are skipped: a newer server may send more than we show.
    }
    await setMeta(db, metaKeys.cursor(userId), page.cursor);
    await setMeta(db, metaKeys.dataOwner, userId);
  });
}

async function applyCell(db: RegisterDb, change: Change): Promise<void> {
  const existing = await db.cells.get(change.key);
  const value = change.op === 'put' ? (change.value as CellValue) : null;
  if (existing?.pending) {
    await db.cells.update(change.key, { base: value });
    return;
  }
  if (value) {
    const cell: LocalCell = { ...value, key: change.key, pending: false };
    await db.cells.put(cell);
  } else await db.cells.delete(change.key);
}

export interface PullContext {
  db: RegisterDb;
  api: ApiClient;
  userId: string;
  /** Only this class (the office taking one register): the server narrows the scope to it. */
  groupId?: string;
}

export async function pullChanges(ctx: PullContext): Promise<PullOutcome> {
  let pages = 0;
  let changes = 0;
  try {
    const { deviceId } = await getOrCreateDevice(ctx.db, ctx.userId);
    for (;;) {
      const cursor = await getCursor(ctx.db, ctx.userId);
      const page = await ctx.api.pull({ deviceId, cursor, ...(ctx.groupId ? { groupId: ctx.groupId } : {}) });
      await applyPullPage(ctx.db, ctx.userId, page);
      pages++;
      changes += page.changes.length;
      if (!page.hasMore || pages >= MAX_PAGES) return { kind: 'done', pages, changes };
    }
  } catch (error) {
    if (error instanceof ApiError) {
      if (error.kind === 'network') return { kind: 'network', message: 'No connection to the school server.' };
      if (error.status === 401) return { kind: 'auth', message: 'Sign in again to get the latest registers.' };
      if (error.status === 403) return { kind: 'forbidden', message: error.message };
      return { kind: 'server', message: `The server could not send the registers (${error.status}).` };
    }
    throw error;
  }
}
