/**
 * The school's calendar (admin): academic years with their six half-terms, closures, and the bank holidays of
 * England and Wales offered for term time (GET /api/admin/calendar and the writes beside it).
 *
 * Changing the calendar never deletes a register entry. When a change would stop a day with entries from
 * counting, the server answers 409 confirmation_required and the screen asks the question in its words
 * ("24 November 2026 has 212 register entries; they will be kept but the day will no longer count. Close it
 * anyway?") before sending the change again with confirm: true.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PageProps } from '../../../components/route';
import { useSignedIn } from '../../../components/services';
import { ApiError } from '../../../sync/api';
import { addDays, academicYearStart } from '../../../../domain/calendarDate';
import { describeDate, defaultYearDates, HALF_TERM_NAMES } from '../../../../domain/academicCalendar';
import { localDateOf } from '../../../../domain/time';
import type { AcademicYearWire, BankHolidaysResponse, BankHolidayOffer, CalendarResponse, ClosureWire } from '../../../../protocol/adminSchool';
import { YearForm, type YearDraft } from './YearForm';
import { Closures } from './Closures';
import './calendar.css';
import { FormMessages } from '../../../components/FormMessages';

function problemOf(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'Not saved: no connection to the school server. Try again when it is back.';
  if (e instanceof ApiError && e.status === 403) return 'Only an admin can change the calendar.';
  if (e instanceof ApiError && e.status === 401) return 'Your sign-in has expired. Sign out and sign in again.';
  return e instanceof ApiError ? `Not saved. ${e.message}` : 'Not saved: something went wrong. Try again.';
}

/** The year after the last one, its half-terms moved on 52 weeks so they keep their weekdays. */
function nextYear(years: AcademicYearWire[], today: string): YearDraft {
  const last = years.at(-1);
  if (!last) {
    const start = academicYearStart(today);
    return { ...defaultYearDates(Number(start.slice(0, 4))), terms: HALF_TERM_NAMES.map((name) => ({ name, startDate: '', endDate: '' })) };
  }
  const startDate = addDays(last.endDate, 1);
  const endDate = startDate.endsWith('-09-01') ? defaultYearDates(Number(startDate.slice(0, 4))).endDate : addDays(startDate, 364);
  return { startDate, endDate, terms: last.terms.map((t) => ({ name: t.name, startDate: addDays(t.startDate, 364), endDate: addDays(t.endDate, 364) })) };
}

export default function CalendarScreen(_props: PageProps) {
  const { api, user, clock } = useSignedIn();
  const [years, setYears] = useState<AcademicYearWire[] | null>(null);
  const [newYear, setNewYear] = useState<YearDraft | null>(null);
  const [offers, setOffers] = useState<Record<string, BankHolidayOffer[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState<{ question: string; go: () => Promise<void> } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setYears((await api.get<CalendarResponse>('/api/admin/calendar')).years);
    } catch (e) {
      setError(problemOf(e).replace(/^Not saved[.:] /, 'Could not load the calendar: '));
    }
  }, [api]);
  useEffect(() => void load(), [load]);

  /** Sends a change; asks first when the server says it would stop register entries counting. */
  async function change(done: string, send: (confirm: boolean) => Promise<CalendarResponse>, confirm = false) {
    setBusy(true);
    setAsking(null);
    try {
      setYears((await send(confirm)).years);
      setOffers({});
      setError(null);
      setNotice(done);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'confirmation_required' && !confirm) {
        const several = /^\d+ days have/.test(e.message);
        setAsking({ question: `${e.message} ${several ? 'Go ahead anyway?' : 'Close it anyway?'}`, go: async () => void (await change(done, send, true)) });
      } else {
        setError(problemOf(e));
      }
      setNotice(null);
      return false;
    } finally {
      setBusy(false);
    }
  }

  const saveYear = (y: YearDraft) =>
    change(`Saved the year starting ${describeDate(y.startDate)}.`, (confirm) =>
      api.send<CalendarResponse>('PUT', `/api/admin/calendar/years/${y.startDate}`, { endDate: y.endDate, terms: y.terms, ...(confirm ? { confirm } : {}) }),
    ).then((ok) => ok && y.startDate === newYear?.startDate && setNewYear(null));
  const addClosures = (closures: ClosureWire[]) =>
    void change(closures.length === 1 ? `Added the closure on ${describeDate(closures[0]!.startDate)}.` : `Added ${closures.length} closures.`, (confirm) =>
      api.send<CalendarResponse>('POST', '/api/admin/calendar/closures', { closures, ...(confirm ? { confirm } : {}) }),
    );
  const removeClosure = (c: ClosureWire) =>
    void change(`Removed the closure on ${describeDate(c.startDate)}.`, () => api.send<CalendarResponse>('DELETE', `/api/admin/calendar/closures/${c.startDate}`));
  const offerBankHolidays = async (startDate: string) => {
    try {
      const answer = await api.get<BankHolidaysResponse>(`/api/admin/calendar/bank-holidays?year=${startDate}`);
      setOffers((o) => ({ ...o, [startDate]: answer.holidays }));
    } catch (e) {
      setError(problemOf(e).replace(/^Not saved[.:] /, 'Could not load the bank holidays: '));
    }
  };

  return (
    <main className="office admin-calendar">
      <h1>Calendar</h1>
      <p>
        The school days come from the half-terms less the closures. Changing them never deletes a register entry: if a day that already has
        entries would stop counting, you are asked first.
      </p>
      <FormMessages error={error} notice={notice} />
      {asking && (
        <div className="confirm" role="alertdialog" aria-labelledby="calendar-question">
          <p id="calendar-question">{asking.question}</p>
          <button type="button" className="button secondary" onClick={() => setAsking(null)} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void asking.go()} disabled={busy}>
            Yes, change the calendar
          </button>
        </div>
      )}
      {years === null && !error && <p className="notice">Loading the calendar…</p>}
      {(years ?? []).map((y) => (
        <section key={y.startDate} className="year" aria-labelledby={`year-${y.startDate}`}>
          <h2 id={`year-${y.startDate}`}>
            {y.startDate.slice(0, 4)} to {y.endDate.slice(0, 4)}: {y.schoolDays} school days
          </h2>
          <YearForm key={`${y.startDate}-${y.endDate}`} year={y} counts={y} busy={busy} onSave={(d) => void saveYear(d)} />
          <Closures
            year={y}
            busy={busy}
            offers={offers[y.startDate] ?? null}
            onAdd={addClosures}
            onRemove={removeClosure}
            onOfferBankHolidays={() => void offerBankHolidays(y.startDate)}
          />
        </section>
      ))}
      {years !== null &&
        (newYear ? (
          <section className="year" aria-labelledby="year-new">
            <h2 id="year-new">New year from {describeDate(newYear.startDate)}</h2>
            <p>The half-terms are last year’s moved on 52 weeks: check them against the local authority’s dates.</p>
            <YearForm year={newYear} counts={null} busy={busy} onSave={(d) => void saveYear(d)} />
          </section>
        ) : (
          <button type="button" className="button secondary" onClick={() => setNewYear(nextYear(years, localDateOf(clock.now(), user.timeZone || 'Europe/London')))}>
            Add the next academic year
          </button>
        ))}
    </main>
  );
}
