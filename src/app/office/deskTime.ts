/**
 * "Now" at the office desk, by the app's corrected clock in the school's time zone (never the computer's own
 * clock or the UTC date), and a time typed at the desk turned back into an instant.
 */
import { useEffect, useState } from 'react';
import type { Clock } from '../sync/clock';
import { instantOf, isValidTime, localDateOf, localTimeOf } from '../../domain/time';

/** Today's date and the time to the minute, read again every `everyMs` so a default of "now" stays now. */
export function useDeskNow(clock: Clock, timeZone: string, everyMs = 15_000): { today: string; time: string; now: number } {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    const id = setInterval(() => setNow(clock.now()), everyMs);
    return () => clearInterval(id);
  }, [clock, everyMs]);
  return { today: localDateOf(now, timeZone), time: localTimeOf(now, timeZone), now };
}

/** The instant a time typed at the desk (`HH:MM`) means today at the school; null when it is not a time. */
export function deskInstant(date: string, time: string, timeZone: string): number | null {
  return isValidTime(time) ? instantOf(date, time, timeZone) : null;
}

/** HH:MM at the school for an ISO instant from the server ('' when it is not one). */
export function schoolTime(iso: string | null | undefined, timeZone: string): string {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(ms) ? localTimeOf(ms, timeZone) : '';
}
