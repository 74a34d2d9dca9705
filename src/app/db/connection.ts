/**
 * Keeping the device database usable when the browser takes it away, and saying so when it cannot be.
 *
 * Guarantees:
 * - A write that fails because the storage is full is never swallowed: it rejects with a StorageProblem of
 *   kind `full` whose message tells the person what to do. Nothing of the failed write is stored (the
 *   transaction aborted), so the caller must undo whatever it painted.
 * - A write that fails because the connection was lost (WebKit's "Connection to Indexed Database server lost",
 *   Dexie's DatabaseClosedError, an InvalidStateError on a closing connection) is retried ONCE after reopening
 *   the database. The retry is told it is a retry so it can check whether the first attempt committed after
 *   all (writes are keyed by a mutation id chosen before the first attempt), which keeps it idempotent.
 * - After `versionchange` (another tab opening a newer schema) the connection is closed for good and never
 *   reopened here: the page must reload. Writes then reject with a StorageProblem of kind `upgrade`.
 */
import type { RegisterDb } from './schema';

export type StorageProblemKind = 'full' | 'lost' | 'upgrade';

export const STORAGE_MESSAGES: Record<StorageProblemKind, string> = {
  full:
    'This tablet is out of storage, so the last mark was not saved. Free some space (delete photos, videos or apps ' +
    'you do not need), then tap again. Marks already saved are safe.',
  lost: 'The tablet could not save the last mark: its storage stopped answering. Tap again; if it keeps failing, close the app and open it again.',
  upgrade: 'The app was updated in another tab. Reload this page to carry on; marks already saved are safe.',
};

/** The same trouble met while saving the registers a pull brought (no tap to undo: the pull is tried again). */
export const SYNC_STORAGE_FULL =
  'This tablet is out of storage, so the latest registers could not be saved on it. Free some space (delete photos, videos or ' +
  'apps you do not need). Marks already saved are safe.';

export class StorageProblem extends Error {
  constructor(
    readonly kind: StorageProblemKind,
    readonly cause: unknown,
  ) {
    super(STORAGE_MESSAGES[kind]);
    this.name = 'StorageProblem';
  }
}

/** Errors Dexie and IndexedDB nest: Dexie's `inner`, the standard `cause`, and a bulk error's `failures`. */
function* chain(error: unknown, depth = 0): Generator<{ name?: string; message?: string }> {
  if (!error || typeof error !== 'object' || depth > 5) return;
  const e = error as { name?: string; message?: string; inner?: unknown; cause?: unknown; failures?: unknown[] };
  yield e;
  yield* chain(e.inner, depth + 1);
  yield* chain(e.cause, depth + 1);
  if (Array.isArray(e.failures)) for (const f of e.failures) yield* chain(f, depth + 1);
}

export function isQuotaError(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '')) return true;
  }
  return false;
}

export function isConnectionLost(error: unknown): boolean {
  for (const e of chain(error)) {
    if (e.name === 'DatabaseClosedError' || e.name === 'InvalidStateError') return true;
    if (/connection to indexed database server lost|database connection is closing|connection is closing/i.test(e.message ?? '')) return true;
    if (e.name === 'UnknownError' && /indexed ?db|database/i.test(e.message ?? '')) return true;
  }
  return false;
}

const closedForUpgrade = new WeakSet<RegisterDb>();

/** True once another tab asked for a newer schema: this page must reload. */
export const isClosedForUpgrade = (db: RegisterDb) => closedForUpgrade.has(db);

/**
 * Replaces Dexie's default `versionchange` behaviour (close, then silently reopen on next use, which would
 * fail or block the other tab) with: close for good and tell the page. Returns an unsubscribe function.
 */
export function watchVersionChange(db: RegisterDb, onUpgradeElsewhere: () => void): () => void {
  const handler = () => {
    closedForUpgrade.add(db);
    db.close({ disableAutoOpen: true });
    onUpgradeElsewhere();
    return false; // stops Dexie's default handler, which would reopen the old version
  };
  db.on('versionchange', handler);
  return () => db.on('versionchange').unsubscribe(handler);
}

/** How many times each database was reopened here, and the reopen under way (shared by concurrent writes). */
const generations = new WeakMap<RegisterDb, number>();
const reopening = new WeakMap<RegisterDb, Promise<void>>();

/**
 * Reopens once for all the writes that failed together: a write whose connection was already replaced since
 * it started does not close the new one (which would fail the other writes' retries).
 */
async function reopen(db: RegisterDb, seenGeneration: number): Promise<void> {
  if ((generations.get(db) ?? 0) !== seenGeneration) return;
  let under = reopening.get(db);
  if (!under) {
    under = (async () => {
      db.close({ disableAutoOpen: false });
      await db.open();
      generations.set(db, seenGeneration + 1);
    })().finally(() => reopening.delete(db));
    reopening.set(db, under);
  }
  await under;
}

/**
 * Runs a device write, translating storage failures into StorageProblem and retrying once after reopening
 * on a lost connection. `write(retry)` must be idempotent when `retry` is true.
 */
export async function writeWithReopen<T>(db: RegisterDb, write: (retry: boolean) => Promise<T>): Promise<T> {
  if (closedForUpgrade.has(db)) throw new StorageProblem('upgrade', null);
  const generation = generations.get(db) ?? 0;
  try {
    return await write(false);
  } catch (error) {
    if (isQuotaError(error)) throw new StorageProblem('full', error);
    if (!isConnectionLost(error)) throw error;
    if (closedForUpgrade.has(db)) throw new StorageProblem('upgrade', error);
    try {
      await reopen(db, generation);
      return await write(true);
    } catch (again) {
      if (isQuotaError(again)) throw new StorageProblem('full', again);
      if (again instanceof StorageProblem) throw again;
      throw new StorageProblem('lost', again);
    }
  }
}
