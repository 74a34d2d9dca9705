/**
 * Marking on the register screen: what a tap shows at once, what is written, and "Mark all unmarked present"
 * with its undo.
 *
 * Guarantees:
 * - A tap paints in the click handler (the tap store, tapStore.ts: only the tapped row and the counts render),
 *   never after Dexie; the mark and its outbox entry are then
 *   written by `engine.recordMark` (one transaction). If the write fails the row goes back to what is stored and
 *   an error says so: the screen never shows as saved a mark that is not.
 * - Instrumentation for the benchmark: `register:tap` is the first thing a tap does, `register:saved` follows
 *   the committed transaction.
 * - "Mark all" writes NOTHING while its undo is offered (a mark the server has seen can never be taken back).
 *   The pupils show as present; the marks are written, each as a normal mark, when the undo window ends, when
 *   the teacher clicks anything but Undo, when the page is hidden or closed (`visibilitychange`, `pagehide`)
 *   and when the screen goes away. Undo returns them to unmarked and writes nothing.
 * - Those held marks are on the engine's status (`held`) from the tap until each one's write has committed, so
 *   the sync status and the sign-out warning count them as waiting: nothing says "All marks sent" meanwhile.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isPresentCode, presentSymbol } from '../../../domain/codes';
import { plural } from '../../components/pupilName';
import { cellKey } from '../../db/keys';
import type { SyncEngine } from '../../sync/engine';
import type { Session } from './model';
import { createTapStore, type TapStore } from './tapStore';

export interface BulkMark {
  ids: readonly string[];
  token: number;
}

export const DEFAULT_UNDO_MS = 10_000;

/** Attributes the rows carry so a click can be told apart (see the capture listener below). */
export const UNDO_ATTR = 'data-register-undo';
export const MARK_ATTR = 'data-register-mark';
export const PUPIL_ATTR = 'data-register-pupil';

export interface MarkingInput {
  engine: Pick<SyncEngine, 'recordMark' | 'now' | 'status'>;
  date: string;
  session: Session;
  /** Stored codes by pupil id (null: unmarked), from the device database. */
  stored: ReadonlyMap<string, string | null>;
  /** When the register opens (ms), or null when the school's times are not on the device. */
  opensAt: number | null;
  nameOf: (pupilId: string) => string;
  undoMs?: number;
}

export function useMarking(input: MarkingInput) {
  const { engine, date, session, undoMs = DEFAULT_UNDO_MS } = input;
  // The taps not yet shown by the stored cells: outside React state, so a tap renders its row, not the screen.
  const [taps] = useState<TapStore>(createTapStore);
  const [bulk, setBulk] = useState<BulkMark | null>(null);
  const [late, setLate] = useState<ReadonlySet<string>>(() => new Set());
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const tokens = useRef(0);
  const bulkRef = useRef<BulkMark | null>(null);
  const latest = useRef(input);
  latest.current = input;

  /** Held marks count as waiting (sync/status.ts) until written; `release` ends that for some of them. */
  const hold = useCallback(
    (ids: readonly string[]) => {
      const keys = ids.map((id) => cellKey(id, date, session));
      engine.status.setState((s) => ({ held: [...s.held, ...keys] }));
    },
    [engine, date, session],
  );
  const release = useCallback(
    (ids: readonly string[]) => {
      const keys = new Set(ids.map((id) => cellKey(id, date, session)));
      engine.status.setState((s) => ({ held: s.held.filter((k) => !keys.has(k)) }));
    },
    [engine, date, session],
  );

  const write = useCallback(
    (pupilId: string, mark: string, tap: boolean): Promise<unknown> => {
      const token = ++tokens.current;
      taps.set(pupilId, { code: mark, token });
      return engine.recordMark({ pupilId, date, session, mark }).then(
        () => {
          if (tap) performance.mark('register:saved');
          taps.commit(token);
          // Drop the entry once the screen has surely re-read the cell (and if the live query never shows the
          // tap, because a pull replaced it at once, stop overriding the stored value).
          setTimeout(() => {
            taps.drop(pupilId, token);
            taps.forget(token);
          }, 2000);
        },
        () => {
          taps.drop(pupilId, token);
          setError(`The mark for ${latest.current.nameOf(pupilId)} was not saved on this tablet. Try again.`);
        },
      );
    },
    [engine, date, session, taps],
  );

  /** Writes the pending "mark all" (except one pupil the teacher is marking differently right now). */
  const commitBulk = useCallback(
    (except?: string) => {
      const pending = bulkRef.current;
      if (!pending) return;
      bulkRef.current = null;
      setBulk(null);
      setAnnouncement('');
      for (const id of pending.ids) {
        // Skip a pupil who got a mark meanwhile (a pull, another tablet): that mark stands. A held mark stops
        // counting as waiting only once its write has committed (the outbox counts it from then on).
        if (id !== except && !latest.current.stored.get(id)) void write(id, presentSymbol(session), false).finally(() => release([id]));
        else release([id]);
      }
    },
    [write, release, session],
  );

  const onMark = useCallback(
    (pupilId: string, mark: string, previous: string | null) => {
      performance.mark('register:tap');
      setError(null);
      void write(pupilId, mark, true);
      const { opensAt } = latest.current;
      const afterOpening = opensAt === null || engine.now() >= opensAt;
      if (previous === 'N' && isPresentCode(mark) && afterOpening) setLate((s) => new Set(s).add(pupilId));
      else if (!isPresentCode(mark))
        setLate((s) => {
          if (!s.has(pupilId)) return s;
          const next = new Set(s);
          next.delete(pupilId);
          return next;
        });
    },
    [write, engine],
  );

  const markAll = useCallback((ids: string[]) => {
    if (ids.length === 0) {
      setAnnouncement('Every pupil already has a mark.');
      return;
    }
    const next = { ids, token: ++tokens.current };
    bulkRef.current = next;
    hold(ids);
    setBulk(next);
    setError(null);
    setAnnouncement(`${plural(ids.length, 'pupil', 'pupils')} marked present. Tap Undo to take this back.`);
  }, [hold]);

  const undo = useCallback(() => {
    const pending = bulkRef.current;
    if (!pending) return;
    bulkRef.current = null;
    release(pending.ids);
    setBulk(null);
    setAnnouncement(`Undone: ${plural(pending.ids.length, 'pupil is', 'pupils are')} not marked again.`);
  }, [release]);

  // While an undo is offered: commit when it runs out, on any other click, and when the page is hidden or closed.
  useEffect(() => {
    if (!bulk) return undefined;
    const timer = setTimeout(() => commitBulk(), undoMs);
    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(`[${UNDO_ATTR}]`)) return;
      // Tapping a different mark for one of these pupils: that tap is the pupil's only mark.
      const button = target?.closest(`[${MARK_ATTR}]`);
      const pupil = button?.closest(`[${PUPIL_ATTR}]`)?.getAttribute(PUPIL_ATTR) ?? undefined;
      commitBulk(button && !isPresentCode(button.getAttribute(MARK_ATTR) ?? '') ? pupil : undefined);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') commitBulk();
    };
    const onPageHide = () => commitBulk();
    document.addEventListener('click', onClick, true);
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [bulk, commitBulk, undoMs]);

  // Leaving the screen (back link, another register, sign-out) writes what the teacher saw as marked.
  useEffect(() => () => commitBulk(), [commitBulk]);

  return { taps, bulk, late, error, announcement, onMark, markAll, undo, commitBulk };
}
