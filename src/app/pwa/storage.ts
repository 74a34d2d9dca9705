/**
 * Asking the browser to keep this app's data (navigator.storage.persist()) and reading how much it uses.
 *
 * Why: Safari may delete all of a site's storage after 7 days without a visit, and any browser may evict
 * "best-effort" storage under pressure. Persisted storage (granted to home-screen apps, or by engagement in
 * Chrome) is not evicted. The answer is recorded in meta `storage` so Settings can say it after a reload.
 * Guarantees: never throws; a browser without the API is recorded as `persisted: null` (cannot be asked).
 */
import type { RegisterDb } from '../db/schema';
import { getStoragePersistence, metaKeys, setMeta } from '../db/meta';
import type { StoragePersistence } from '../db/types';

type StorageManagerLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>;

const storageManager = (): Partial<StorageManagerLike> | undefined =>
  (globalThis as { navigator?: { storage?: Partial<StorageManagerLike> } }).navigator?.storage;

/** Asks once (after each sign-in) and records the answer. */
export async function requestPersistentStorage(db: RegisterDb, now: number): Promise<StoragePersistence> {
  const storage = storageManager();
  let persisted: boolean | null = null;
  try {
    if (storage?.persisted && (await storage.persisted())) persisted = true;
    else if (storage?.persist) persisted = await storage.persist();
  } catch {
    persisted = null;
  }
  const record: StoragePersistence = { persisted, askedAt: now };
  await setMeta(db, metaKeys.storage, record).catch(() => undefined);
  return record;
}

export interface StorageReport {
  /** Live answer from persisted() when available, else the recorded one; null: unknown. */
  persisted: boolean | null;
  /** Bytes, when estimate() exists (Safari 17+, Chrome, Firefox). */
  usage: number | null;
  quota: number | null;
}

export async function readStorageReport(db: RegisterDb): Promise<StorageReport> {
  const storage = storageManager();
  const recorded = await getStoragePersistence(db).catch(() => undefined);
  let persisted: boolean | null = recorded?.persisted ?? null;
  let usage: number | null = null;
  let quota: number | null = null;
  try {
    if (storage?.persisted) persisted = await storage.persisted();
  } catch {
    // keep the recorded answer
  }
  try {
    if (storage?.estimate) {
      const estimate = await storage.estimate();
      usage = estimate.usage ?? null;
      quota = estimate.quota ?? null;
    }
  } catch {
    // estimate() is optional: Settings says it is not available
  }
  return { persisted, usage, quota };
}

/** "1.2 MB", "340 kB", "2.5 GB" (decimal units, as the tablets' own settings show them). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
