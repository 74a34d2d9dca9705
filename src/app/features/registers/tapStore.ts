/**
 * The taps a register shows before the device database does: one entry per pupil, kept outside React state so
 * that a tap renders its own row and the counts, not the whole register (a tap must be painted within a frame
 * on a slow tablet; BENCHMARKS.md).
 *
 * A tap shows until its write has committed AND the stored cell shows it; from then on the stored value decides
 * again, even if it changes later (an office code pulled a second after the tap must not hide behind it).
 */
import { useCallback, useSyncExternalStore } from 'react';

export interface Optimistic {
  code: string;
  token: number;
}

export interface TapStore {
  get(pupilId: string): Optimistic | undefined;
  set(pupilId: string, tap: Optimistic): void;
  /** Drops the pupil's tap if it is still the one with this token. */
  drop(pupilId: string, token: number): void;
  /** The write with this token has committed. */
  commit(token: number): void;
  /** Forgets a token's bookkeeping once its tap has gone. */
  forget(token: number): void;
  /** What the row shows for the pupil, given the stored code; null-ish when the stored value decides. */
  shown(pupilId: string, stored: string | null): Optimistic | undefined;
  subscribe(pupilId: string, listener: () => void): () => void;
  subscribeAll(listener: () => void): () => void;
  /** Changes with every tap set or dropped. */
  version(): number;
}

export function createTapStore(): TapStore {
  const taps = new Map<string, Optimistic>();
  const committed = new Set<number>();
  const settled = new Set<number>();
  const byPupil = new Map<string, Set<() => void>>();
  const everyone = new Set<() => void>();
  let version = 0;

  function changed(pupilId: string) {
    version++;
    for (const listener of byPupil.get(pupilId) ?? []) listener();
    for (const listener of everyone) listener();
  }

  return {
    get: (pupilId) => taps.get(pupilId),
    set(pupilId, tap) {
      taps.set(pupilId, tap);
      changed(pupilId);
    },
    drop(pupilId, token) {
      if (taps.get(pupilId)?.token !== token) return;
      taps.delete(pupilId);
      changed(pupilId);
    },
    commit: (token) => void committed.add(token),
    forget(token) {
      committed.delete(token);
      settled.delete(token);
    },
    shown(pupilId, stored) {
      const tap = taps.get(pupilId);
      if (!tap || settled.has(tap.token)) return undefined;
      if (committed.has(tap.token) && stored === tap.code) {
        settled.add(tap.token);
        return undefined;
      }
      return tap;
    },
    subscribe(pupilId, listener) {
      let set = byPupil.get(pupilId);
      if (!set) byPupil.set(pupilId, (set = new Set()));
      set.add(listener);
      return () => void set.delete(listener);
    },
    subscribeAll(listener) {
      everyone.add(listener);
      return () => void everyone.delete(listener);
    },
    version: () => version,
  };
}

/**
 * The code a row shows: its tap, else "Mark all"'s present while its Undo is offered (`held`), else what is
 * stored. The row and the register's counts both use this, so they cannot disagree.
 */
export function codeShown(tap: Optimistic | undefined, held: boolean, stored: string | null, presentSymbol: string): string | null {
  if (tap) return tap.code;
  return held ? presentSymbol : stored;
}

/** One pupil's tap as the row shows it; re-renders only when that pupil's tap changes (or its props do). */
export function useTap(store: TapStore, pupilId: string, stored: string | null): Optimistic | undefined {
  const subscribe = useCallback((listener: () => void) => store.subscribe(pupilId, listener), [store, pupilId]);
  useSyncExternalStore(subscribe, () => store.get(pupilId));
  return store.shown(pupilId, stored);
}

/** Re-renders the caller after any tap (the counts). */
export function useTapsVersion(store: TapStore): number {
  return useSyncExternalStore(store.subscribeAll, store.version);
}
