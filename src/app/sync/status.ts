/**
 * What the sync engine is doing, for the screen (zustand, UI state only; the marks themselves live in Dexie).
 * The counts of waiting and rejected marks are read from the outbox directly (useLiveQuery), so they can never
 * disagree with what is stored.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface SyncStatus {
  /** 'sending': a push with marks is in flight; 'receiving': pulling. */
  phase: 'idle' | 'sending' | 'receiving';
  /** Best knowledge: false after a request failed for want of a network, or the browser says offline. */
  online: boolean;
  /** The server answered 401: marks stay on the device until the person signs in again. */
  needsSignIn: boolean;
  /** A readable problem other than being offline (server error, refused device), or null. */
  problem: string | null;
  /** Corrected clock (ms) of the last complete push and pull. */
  lastSyncedAt: number | null;
  /** Consecutive failed syncs (drives the backoff). */
  failures: number;
  /**
   * The last write on this tablet failed for want of storage (full, lost, or closed for an update elsewhere):
   * what to tell the person. Cleared by the next successful write.
   */
  storageProblem: string | null;
  /**
   * Cell keys of marks the register shows but has not written yet ("Mark all unmarked present" while its Undo
   * is offered, and until each write has committed). They count as waiting: the screen must never say "All
   * marks sent" while marks exist only on the screen.
   */
  held: readonly string[];
}

export type SyncStatusStore = StoreApi<SyncStatus>;

export function createSyncStatusStore(initial: Partial<SyncStatus> = {}): SyncStatusStore {
  return createStore<SyncStatus>(() => ({
    phase: 'idle',
    online: typeof navigator === 'undefined' || navigator.onLine !== false,
    needsSignIn: false,
    problem: null,
    lastSyncedAt: null,
    failures: 0,
    storageProblem: null,
    held: [],
    ...initial,
  }));
}
