/**
 * Pupil records (admin, desktop): search by name or UPN, filter by class, show leavers; one pupil's record as
 * a form, their history, and the dated actions (move to another class, leaves school, rejoins). Each pupil
 * links to the office's pupil register. #/admin/pupils, #/admin/pupils/new, #/admin/pupils/<id>.
 */
import { useState } from 'react';
import { adminHref, officeHref, type PageProps } from '../../../components/route';
import { useOfficeQuery } from '../../../components/useOfficeQuery';
import { useSignedIn } from '../../../components/services';
import { ApiError } from '../../../sync/api';
import { localDateOf } from '../../../../domain/time';
import { yearGroupName, type PupilListResponse, type PupilRecord, type PupilWriteResponse } from '../../../../protocol/adminPupils';
import { bodyOf, formValuesOf, PupilForm, type ClassOption, type PupilFormValues } from './PupilForm';
import { dateInWords, PupilHistory, PupilMoves } from './PupilMoves';
import './pupilRecords.css';

const nameOf = (p: { firstName: string; lastName: string; preferredName: string | null }) => `${p.preferredName ?? p.firstName} ${p.lastName}`;

function useClasses(): ClassOption[] {
  const q = useOfficeQuery((api) => api.get<{ groups: ClassOption[] }>('/api/office/groups'), [], 0);
  return q.data?.groups ?? [];
}

function useToday(): string {
  const { clock, user } = useSignedIn();
  return localDateOf(clock.now(), user.timeZone);
}

function PupilList() {
  const classes = useClasses();
  const [q, setQ] = useState('');
  const [groupId, setGroupId] = useState('');
  const [leavers, setLeavers] = useState(false);
  const query = new URLSearchParams({ ...(q.trim() ? { q: q.trim() } : {}), ...(groupId ? { groupId } : {}), ...(leavers ? { include: 'leavers' } : {}) }).toString();
  const list = useOfficeQuery((api) => api.get<PupilListResponse>(`/api/admin/pupils${query ? `?${query}` : ''}`), [query], 0);
  return (
    <main className="office pupil-records">
      <h1>Pupils</h1>
      <div className="pupil-filters">
        <label>Search by name or UPN<input type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} /></label>
        <label>
          Class
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)}>
            <option value="">All classes</option>
            {classes.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={leavers} onChange={(e) => setLeavers(e.target.checked)} />Show leavers</label>
        <a className="button" href={adminHref('pupils', 'new')}>Add a pupil</a>
      </div>
      {list.error && <p role="alert">{list.error}</p>}
      {list.data && (
        <table className="pupil-table">
          <caption>{list.data.pupils.length} pupils{list.data.truncated ? ' (the first ones only: narrow the search)' : ''}</caption>
          <thead><tr><th>Name</th><th>UPN</th><th>Date of birth</th><th>Year</th><th>Class</th><th>On roll</th><th>Register</th></tr></thead>
          <tbody>
            {list.data.pupils.map((p) => (
              <tr key={p.id}>
                <th scope="row"><a href={adminHref('pupils', p.id)}>{p.lastName}, {p.preferredName ?? p.firstName}{p.preferredName && p.preferredName !== p.firstName ? ` (${p.firstName})` : ''}</a></th>
                <td>{p.upn ?? '—'}</td>
                <td>{dateInWords(p.dateOfBirth)}</td>
                <td>{p.yearGroup == null ? '—' : yearGroupName(p.yearGroup)}</td>
                <td>{p.groupName ?? '—'}</td>
                <td>{p.onRoll ? 'On roll' : p.leftOn ? `Left ${dateInWords(p.leftOn)}` : 'Not yet started'}</td>
                <td><a href={officeHref('pupils', p.id)}>Register of {nameOf(p)}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** A new pupil's answer (with its warnings), kept for their page once the address changes to their id. */
let justCreated: PupilWriteResponse | null = null;

function PupilPage({ id }: { id: string | null }) {
  const { api } = useSignedIn();
  const classes = useClasses();
  const today = useToday();
  const [saved, setSaved] = useState<PupilWriteResponse | null>(() => (justCreated?.pupil.id === id ? justCreated : null));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const record = useOfficeQuery((a) => (id ? a.get<{ pupil: PupilRecord }>(`/api/admin/pupils/${encodeURIComponent(id)}`) : Promise.resolve(null)), [id], 0);
  const pupil = saved?.pupil.id === id ? saved.pupil : (record.data?.pupil ?? null);

  const save = async (v: PupilFormValues) => {
    setBusy(true);
    setError(null);
    try {
      const answer = id
        ? await api.send<PupilWriteResponse>('PATCH', `/api/admin/pupils/${encodeURIComponent(id)}`, bodyOf(v, false))
        : await api.send<PupilWriteResponse>('POST', '/api/admin/pupils', bodyOf(v, true));
      setSaved(answer);
      if (!id) {
        justCreated = answer;
        window.location.hash = adminHref('pupils', answer.pupil.id);
      }
    } catch (e) {
      setError(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const sendDated = async (path: string, body: Record<string, unknown>) => {
    setSaved(await api.send<PupilWriteResponse>('POST', path, body));
  };

  if (id && !pupil) return <main className="office pupil-records"><h1>Pupil</h1>{record.error ? <p role="alert">{record.error}</p> : <p>Loading…</p>}</main>;
  return (
    <main className="office pupil-records">
      <p><a href={adminHref('pupils')}>All pupils</a></p>
      <h1>{pupil ? nameOf(pupil) : 'New pupil'}</h1>
      {pupil && (
        <p>
          {pupil.onRoll ? `On roll, in ${pupil.memberships.find((m) => m.groupId === pupil.groupId)?.groupName ?? 'no class'}` : 'Not on roll today'} ·{' '}
          <a href={officeHref('pupils', pupil.id)}>Pupil register</a>
        </p>
      )}
      {saved && (
        <div role="status" className="saved">
          <p>{saved.changed ? 'Saved.' : 'Nothing needed to change.'}</p>
          {saved.warnings.length > 0 && <ul className="warnings">{saved.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
        </div>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="pupil-layout">
        <PupilForm key={pupil ? `${pupil.id}` : 'new'} initial={formValuesOf(pupil, today)} isNew={!id} classes={classes} busy={busy} onSave={(v) => void save(v)} />
        {pupil && (
          <aside>
            <PupilMoves key={JSON.stringify(pupil.enrolments)} pupil={pupil} classes={classes} today={today} send={sendDated} />
            <PupilHistory pupil={pupil} />
          </aside>
        )}
      </div>
    </main>
  );
}

export default function PupilRecords({ params }: PageProps) {
  const id = params[0];
  if (id === undefined) return <PupilList />;
  return <PupilPage key={id} id={id === 'new' ? null : id} />;
}
