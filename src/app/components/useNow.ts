/** The corrected clock ("now" as the server sees it), re-read every `intervalMs` so dates and opening times move on. */
import { useEffect, useState } from 'react';
import type { Clock } from '../sync/clock';

export function useNow(clock: Pick<Clock, 'now'>, intervalMs = 15_000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    const id = setInterval(() => setNow(clock.now()), intervalMs);
    return () => clearInterval(id);
  }, [clock, intervalMs]);
  return now;
}
