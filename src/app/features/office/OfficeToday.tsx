/**
 * The office's view of today: every register in the school as it arrives, refreshed every 10 seconds.
 * Loaded lazily (React.lazy) so it is not in a teacher's first-load JavaScript. Online only for now.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../components/services';
import { formatLongDate } from '../../components/pupilName';
import { localDateOf } from '../../../domain/time';
import { ApiError, type OfficeRegistersResponse } from '../../sync/api';
import { OfficeRegisterCard } from './OfficeRegisterCard';

export const OFFICE_POLL_MS = 10_000;

export default function OfficeToday({ pollMs = OFFICE_POLL_MS }: { pollMs?: number; params?: string[] }) {
  const { api, clock, user } = useServices();
  const timeZone = user?.timeZone || 'Europe/London';
  const [data, setData] = useState<OfficeRegistersResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    async function load() {
      const today = localDateOf(clock.now(), timeZone);
      try {
        const response = await api.officeRegisters(today);
        if (cancelled) return;
        setData(response);
        setError(null);
        setUpdatedAt(clock.now());
      } catch (e) {
        if (cancelled) return;
        if (e instanceof ApiError && e.kind === 'network') setError('No connection to the school server. Trying again…');
        else if (e instanceof ApiError && e.status === 403) setError('Only office staff can see the whole school.');
        else if (e instanceof ApiError && e.status === 401) setError('Your sign-in has expired. Sign out and sign in again.');
        else setError('The registers could not be loaded. Trying again…');
      }
    }
    void load();
    const id = setInterval(load, pollMs);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [api, clock, timeZone, pollMs]);

  const totals = data?.registers.reduce(
    (t, r) => ({ registers: t.registers + 1, complete: t.complete + (r.total > 0 && r.marked === r.total ? 1 : 0) }),
    { registers: 0, complete: 0 },
  );

  return (
    <main className="office">
      <h1>Today's registers{data ? `: ${formatLongDate(data.date)}` : ''}</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="notice">Loading today's registers…</p>}
      {data && !data.isSchoolDay && <p className="notice">Not a school day{data.dayLabel ? `: ${data.dayLabel}` : ''}.</p>}
      {data && totals && (
        <p className="office-summary" aria-live="polite">
          {totals.complete} of {totals.registers} registers complete
          {updatedAt !== null && <span className="hint"> · updated {new Date(updatedAt).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' })}</span>}
        </p>
      )}
      {data?.registers.map((r) => <OfficeRegisterCard key={`${r.groupId}|${r.session}`} register={r} timeZone={timeZone} />)}
    </main>
  );
}
