/**
 * The office's view of today (loaded lazily, so it is not in a teacher's first-load JavaScript):
 * - first, the missing registers: every register of today not complete the school's set minutes after it
 *   opened (GET /api/office/missing-registers), read again every 15 seconds, with who should be taking it and
 *   who is covering, so the office can chase it while the class is still in the room;
 * - then the whole school's figures (per session and for the day), and every register in the school as it
 *   arrives, refreshed every 10 seconds: one line each (marked of total, not marked, present marks taken after
 *   the register closed), opened on demand to its pupils, so the page is a screen or two, not a scroll of tables.
 *
 * Guarantees: which registers are missing is the server's decision (its clock and the school's setting), never
 * worked out from this computer's clock; a failed read keeps the last good answer on screen with one plain
 * error beside it; a day that is not a school day says so instead of listing nothing.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../components/services';
import { formatLongDate, plural, sessionLabel } from '../../components/pupilName';
import { localDateOf, localTimeOf } from '../../../domain/time';
import { ApiError, type OfficeRegister, type OfficeRegistersResponse } from '../../sync/api';
import { OfficeRegisterCard } from './OfficeRegisterCard';
import { officeApi, type MissingRegistersResponse } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import '../../office/officeToday.css';

export const OFFICE_POLL_MS = 10_000;
export const MISSING_POLL_MS = 15_000;

export default function OfficeToday({ pollMs = OFFICE_POLL_MS, missingPollMs = MISSING_POLL_MS }: { pollMs?: number; missingPollMs?: number; params?: string[] }) {
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

  // Declared after the registers' effect so the registers are asked for first (the main list).
  const missing = useOfficeQuery((a) => officeApi.missingRegisters(a), [], missingPollMs);

  // Which registers are open to their pupils (by group and session): kept across the 10-second reads.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const keyOf = (r: OfficeRegister) => `${r.groupId}|${r.session}`;
  const toggle = (key: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const allOpen = !!data && data.registers.length > 0 && data.registers.every((r) => expanded.has(keyOf(r)));
  // Both reads fail together when the connection drops: say it once.
  const errors = [...new Set([error, missing.error].filter((e): e is string => !!e))];

  return (
    <main className="office office-today">
      <h1>Today's registers{data ? `: ${formatLongDate(data.date)}` : ''}</h1>
      {errors.length > 0 && (
        <p className="error" role="alert">
          {errors.join(' ')}
        </p>
      )}
      <MissingRegisters data={missing.data} timeZone={timeZone} />
      {!data && !error && <p className="notice">Loading today's registers…</p>}
      {data && !data.isSchoolDay && <p className="notice">Not a school day{data.dayLabel ? `: ${data.dayLabel}` : ''}.</p>}
      {data && data.registers.length > 0 && (
        <SchoolTotals
          registers={data.registers}
          updatedAt={updatedAt === null ? null : new Date(updatedAt).toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' })}
          allOpen={allOpen}
          onAll={() => setExpanded(allOpen ? new Set() : new Set(data.registers.map(keyOf)))}
        />
      )}
      {data?.registers.map((r) => (
        <OfficeRegisterCard key={keyOf(r)} register={r} timeZone={timeZone} date={data.date} expanded={expanded.has(keyOf(r))} onToggle={() => toggle(keyOf(r))} />
      ))}
    </main>
  );
}

interface SessionTotal {
  session: 'AM' | 'PM';
  registers: number;
  complete: number;
  marked: number;
  total: number;
  afterClose: number;
}

/** The school's figures per session and for the day: registers complete, pupils marked, present marks after the close. */
export function schoolTotals(registers: OfficeRegister[]): { sessions: SessionTotal[]; day: Omit<SessionTotal, 'session'> } {
  const empty = { registers: 0, complete: 0, marked: 0, total: 0, afterClose: 0 };
  const add = (t: Omit<SessionTotal, 'session'>, r: OfficeRegister) => ({
    registers: t.registers + 1,
    complete: t.complete + (r.total > 0 && r.marked === r.total ? 1 : 0),
    marked: t.marked + r.marked,
    total: t.total + r.total,
    afterClose: t.afterClose + (r.markedAfterClose?.length ?? 0),
  });
  const sessions = (['AM', 'PM'] as const).flatMap((session) => {
    const these = registers.filter((r) => r.session === session);
    return these.length === 0 ? [] : [{ session, ...these.reduce(add, empty) }];
  });
  return { sessions, day: registers.reduce(add, empty) };
}

/** The whole school in a few lines: per session and for the day, above the registers. */
function SchoolTotals({ registers, updatedAt, allOpen, onAll }: { registers: OfficeRegister[]; updatedAt: string | null; allOpen: boolean; onAll: () => void }) {
  const { sessions, day } = schoolTotals(registers);
  const row = (label: string, t: Omit<SessionTotal, 'session'>) => (
    <tr key={label}>
      <th scope="row">{label}</th>
      <td>
        {t.complete} of {t.registers}
      </td>
      <td>
        {t.marked} of {t.total}
      </td>
      <td>{t.total - t.marked}</td>
      <td>{t.afterClose}</td>
    </tr>
  );
  return (
    <section className="card school-totals" aria-labelledby="school-totals-heading">
      <h2 id="school-totals-heading">Whole school</h2>
      <p className="office-summary" aria-live="polite">
        {day.complete} of {day.registers} registers complete
        {updatedAt !== null && <span className="hint"> · updated {updatedAt}</span>}
      </p>
      <table className="totals-table">
        <caption className="visually-hidden">Registers and pupils marked, by session</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Registers complete</th>
            <th scope="col">Pupils marked</th>
            <th scope="col">Not marked</th>
            <th scope="col">Present after the close</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((t) => row(sessionLabel(t.session), t))}
          {row('Whole day', day)}
        </tbody>
      </table>
      <button type="button" className="button secondary small" onClick={onAll}>
        {allOpen ? 'Hide every register’s pupils' : 'Show every register’s pupils'}
      </button>
    </section>
  );
}

const names = (list: string[] | undefined, none: string) => (list && list.length > 0 ? list.join(', ') : none);

/** The registers to chase, most urgent first (the server's order: morning before afternoon, then by year). */
export function MissingRegisters({ data, timeZone }: { data: MissingRegistersResponse | null; timeZone: string }) {
  const asAt = data?.serverTime && Number.isFinite(Date.parse(data.serverTime)) ? localTimeOf(Date.parse(data.serverTime), timeZone) : null;
  return (
    <section className="card missing-registers" aria-labelledby="missing-registers-heading">
      <h2 id="missing-registers-heading">
        Missing registers
        {data && data.isSchoolDay && data.registers.length > 0 && <span className="missing-count"> ({data.registers.length})</span>}
      </h2>
      {!data && <p className="hint">Checking which registers are missing…</p>}
      {data && !data.isSchoolDay && (
        <p className="notice">No registers are due today: it is not a school day{data.dayLabel ? ` (${data.dayLabel})` : ''}.</p>
      )}
      {data && data.isSchoolDay && (
        <>
          <p className="hint">
            Registers not complete {plural(data.missingAfterMinutes ?? 10, 'minute', 'minutes')} after they opened
            {asAt ? `, as at ${asAt}` : ''}. Checked again every 15 seconds.
          </p>
          {data.registers.length === 0 ? (
            <p className="none-missing" role="status">
              None missing.
            </p>
          ) : (
            <table className="missing-table">
              <caption className="visually-hidden">Registers not complete yet</caption>
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">Session</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Marked</th>
                  <th scope="col">Should be taken by</th>
                  <th scope="col">Covering</th>
                </tr>
              </thead>
              <tbody>
                {data.registers.map((r) => (
                  <tr key={`${r.groupId}|${r.session}`}>
                    <th scope="row">{r.groupName}</th>
                    <td>{sessionLabel(r.session)}</td>
                    <td>{r.opensAt}</td>
                    <td>
                      <span className={r.marked === 0 ? 'missing-none-marked' : undefined}>
                        {r.marked} of {r.total} marked
                      </span>
                    </td>
                    <td>{names(r.takenBy, 'No class teacher')}</td>
                    <td>{names(r.coveredBy, 'No cover')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
