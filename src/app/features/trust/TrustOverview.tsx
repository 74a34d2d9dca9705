/**
 * The trust overview (issue 12): what a trust admin sees after signing in. Every school of the trust side by
 * side (GET /api/trust/overview), each figure saying the dates it covers, and "Add a school"
 * (POST /api/trust/schools), which shows the new school's one-time setup address to copy and send to its
 * first admin.
 *
 * Guarantees:
 * - Percentages are shown to one decimal; a figure with nothing to count says so ("No sessions yet").
 * - A failed read or a refused school is said in the server's own words; the last good table stays.
 * - The setup address is shown once, selectable, with a Copy button; it is never stored on this device.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CreateSchoolResponse, FigureRange, TrustOverviewResponse, TrustSchoolRow } from '../../../protocol/trust';
import { useServices } from '../../components/services';
import './trust.css';

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortDate = (iso: string) => DAY.format(new Date(`${iso}T00:00:00Z`));
const rangeWords = (r: FigureRange) => `${r.label}, ${shortDate(r.from)} to ${shortDate(r.to)}`;
const percent = (p: number | null) => (p === null ? 'No sessions yet' : `${p.toFixed(1)}%`);

export function TrustOverview() {
  const { api } = useServices();
  const [overview, setOverview] = useState<TrustOverviewResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.get<TrustOverviewResponse>('/api/trust/overview').then(
      (o) => { setOverview(o); setError(null); },
      (e: unknown) => setError(e instanceof Error ? e.message : 'The overview could not be read.'),
    );
  }, [api]);
  useEffect(load, [load]);

  return (
    <main className="trust">
      <h1>Trust overview</h1>
      {error && <p className="error" role="alert">{error}</p>}
      {!overview && !error && <p className="notice">Loading the schools…</p>}
      {overview && <SchoolsTable schools={overview.schools} />}
      <AddSchool onAdded={load} />
    </main>
  );
}

function SchoolsTable({ schools }: { schools: TrustSchoolRow[] }) {
  if (schools.length === 0) return <p className="notice">The trust has no schools yet. Add one below.</p>;
  return (
    <table className="trust-schools">
      <caption>Every school of the trust. Attendance and persistent absence cover this term so far; alerts the school year so far.</caption>
      <thead>
        <tr>
          <th scope="col">School</th>
          <th scope="col">Attendance</th>
          <th scope="col">Persistent absence (10% or more)</th>
          <th scope="col">Registers missing now</th>
          <th scope="col">Alerts waiting</th>
        </tr>
      </thead>
      <tbody>
        {schools.map((s) => (
          <tr key={s.schoolId}>
            <th scope="row">
              {s.name}
              <small>URN {s.urn ?? 'not given'}{s.setUp ? '' : ' · waiting for its first admin to set it up'}</small>
            </th>
            <td>{percent(s.attendance.percent)}<small>{rangeWords(s.attendance.range)}</small></td>
            <td>{s.persistentAbsence.pupils} {s.persistentAbsence.pupils === 1 ? 'pupil' : 'pupils'}<small>{rangeWords(s.persistentAbsence.range)}</small></td>
            <td>{s.missingRegisters.registers}<small>Today, {shortDate(s.missingRegisters.date)}</small></td>
            <td>{s.alertsWaiting.alerts}<small>{rangeWords(s.alertsWaiting.range)}</small></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddSchool({ onAdded }: { onAdded: () => void }) {
  const { api } = useServices();
  const [name, setName] = useState('');
  const [urn, setUrn] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreateSchoolResponse | null>(null);
  const [copied, setCopied] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      const answer = await api.send<CreateSchoolResponse>('POST', '/api/trust/schools', { name, urn });
      setCreated(answer);
      setCopied(false);
      setName('');
      setUrn('');
      onAdded();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The school could not be added.');
    } finally {
      setSending(false);
    }
  };

  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created.setupAddress).then(() => setCopied(true), () => setCopied(false));
  };

  return (
    <section className="trust-add" aria-labelledby="add-school">
      <h2 id="add-school">Add a school</h2>
      <form onSubmit={submit}>
        <label htmlFor="trust-school-name">School name</label>
        <input id="trust-school-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
        <label htmlFor="trust-school-urn">URN (6 digits)</label>
        <input id="trust-school-urn" value={urn} onChange={(e) => setUrn(e.target.value)} required inputMode="numeric" pattern="\d{6}" maxLength={6} />
        <button type="submit" disabled={sending}>{sending ? 'Adding…' : 'Add the school'}</button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
      {created && (
        <div className="trust-setup-address" role="status">
          <p>
            {created.name} is added. Send this address to its first admin: they open it once to set up the school and
            their own account. It works once only.
          </p>
          <label htmlFor="trust-setup-address">One-time setup address</label>
          <input id="trust-setup-address" readOnly value={created.setupAddress} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void copy()}>{copied ? 'Copied' : 'Copy the address'}</button>
        </div>
      )}
    </section>
  );
}

export default TrustOverview;
