/**
 * Reads one of the office's lists from the server, keeps it fresh, and says plainly when it cannot.
 *
 * - Loads at once, again every `pollMs` (0: never), again when `reload()` is called (after a change), and
 *   again whenever this person's outbox has drained (a change sent from elsewhere in the app has landed).
 * - Keeps the last good answer on screen when a later read fails, with the error beside it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useSignedIn } from './services';
import { ApiError, type ApiClient } from '../sync/api';

export interface OfficeQuery<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Device time of the last good answer. */
  updatedAt: number | null;
  reload: () => Promise<void>;
}

export function officeLoadError(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server. Trying again…';
  if (e instanceof ApiError && e.status === 403) return 'Only office staff can see this.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  if (e instanceof ApiError && e.status >= 400 && e.status < 500) return e.message;
  return 'This could not be loaded. Trying again…';
}

export function useOfficeQuery<T>(load: (api: ApiClient) => Promise<T>, deps: readonly unknown[], pollMs = 30_000): OfficeQuery<T> {
  const { api, db, user } = useSignedIn();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const generation = useRef(0);
  const waiting = useLiveQuery(() => db.outbox.where('userId').equals(user.id).filter((e) => e.status === 'pending').count(), [db, user.id]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const answer = await run(api);
      if (mine !== generation.current) return;
      setData(answer);
      setError(null);
      setUpdatedAt(Date.now());
    } catch (e) {
      if (mine === generation.current) setError(officeLoadError(e));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [api, run]);

  useEffect(() => {
    setData(null);
    void reload();
    const id = pollMs ? setInterval(() => void reload(), pollMs) : undefined;
    return () => {
      clearInterval(id);
      generation.current++; // a read still under way must not update a screen that has gone
    };
  }, [reload, pollMs]);

  // Reload when changes that were waiting have all been sent, not when the count is first read as 0 (that
  // would read every screen twice on opening).
  const wasWaiting = useRef(false);
  useEffect(() => {
    if (waiting === undefined) return;
    if (waiting > 0) wasWaiting.current = true;
    else if (wasWaiting.current) {
      wasWaiting.current = false;
      void reload();
    }
  }, [waiting, reload]);

  return { data, error, loading, updatedAt, reload };
}
