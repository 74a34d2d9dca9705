/** Plain-English wording for the About panel: the version, the clock offset and a sync time. */
import { localDateOf, localTimeOf } from '../../../domain/time';
import { formatLongDate, plural } from '../../components/pupilName';

/** Set at build time from package.json (vite.config.ts `define`); "development" elsewhere. */
export function appVersion(): string {
  const version = import.meta.env.VITE_APP_VERSION as string | undefined;
  return version && version.length > 0 ? version : 'development';
}

function seconds(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} seconds`;
  const minutes = s / 60;
  if (minutes < 120) return plural(Math.round(minutes), 'minute', 'minutes');
  return `${(minutes / 60).toFixed(1)} hours`;
}

/** offsetMs = server clock − tablet clock. */
export function describeOffset(offsetMs: number): string {
  if (Math.abs(offsetMs) < 1000) return 'Matches the school server (within a second)';
  return offsetMs > 0
    ? `${seconds(offsetMs)} behind the school server (the app corrects for it)`
    : `${seconds(offsetMs)} ahead of the school server (the app corrects for it)`;
}

/** "Today at 09:05" or "Tuesday 24 November 2026 at 09:05", in the school's time zone. */
export function describeWhen(at: number, now: number, timeZone: string): string {
  const date = localDateOf(at, timeZone);
  const day = date === localDateOf(now, timeZone) ? 'Today' : formatLongDate(date);
  return `${day} at ${localTimeOf(at, timeZone)}`;
}
