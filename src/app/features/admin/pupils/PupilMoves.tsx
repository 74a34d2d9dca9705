/**
 * A pupil's dated history (time on roll and classes) and the two dated actions: "Move to another class" from
 * a date, and "Leaves school" with a last day. When register entries fall on the changed days the server
 * answers 409 confirmation_required with how many: the admin is shown that sentence and confirms.
 */
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../../sync/api';
import type { PupilRecord } from '../../../../protocol/adminPupils';
import type { ClassOption } from './PupilForm';

export const dateInWords = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const range = (r: { startDate: string; endDate: string | null }) => `${dateInWords(r.startDate)} to ${r.endDate ? dateInWords(r.endDate) : 'now'}`;

export function PupilHistory({ pupil }: { pupil: PupilRecord }) {
  return (
    <section aria-label="History">
      <h2>History</h2>
      <h3>On roll</h3>
      <ul>{pupil.enrolments.map((e) => <li key={e.startDate}>{range(e)}</li>)}</ul>
      <h3>Classes</h3>
      <ul>{pupil.memberships.map((m) => <li key={m.startDate}>{m.groupName}: {range(m)}</li>)}</ul>
    </section>
  );
}

type Send = (path: string, body: Record<string, unknown>) => Promise<void>;

/** One dated action's form: asks the server, and on 409 confirmation_required shows why and a Confirm button. */
function DatedAction(props: { title: string; send: Send; path: string; children: React.ReactNode; body: () => Record<string, unknown> | null; confirmLabel: string }) {
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async (confirm: boolean) => {
    const body = props.body();
    if (!body) return;
    setBusy(true);
    setError(null);
    try {
      await props.send(props.path, confirm ? { ...body, confirm: true } : body);
      setConfirming(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'confirmation_required') setConfirming(e.message);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void go(false);
  };
  return (
    <form className="dated-action" aria-label={props.title} onSubmit={submit}>
      <h3>{props.title}</h3>
      {props.children}
      <button type="submit" disabled={busy}>{props.title}</button>
      {error && <p className="field-error" role="alert">{error}</p>}
      {confirming && (
        <div role="alertdialog" aria-label={`Confirm: ${props.title}`} className="confirm">
          <p>{confirming}</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void go(true)}>{props.confirmLabel}</button>
          <button type="button" onClick={() => setConfirming(null)}>Cancel</button>
        </div>
      )}
    </form>
  );
}

export function PupilMoves(props: { pupil: PupilRecord; classes: ClassOption[]; today: string; send: Send }) {
  const { pupil } = props;
  const [groupId, setGroupId] = useState('');
  const [from, setFrom] = useState(props.today);
  const [lastDay, setLastDay] = useState(props.today);
  const base = `/api/admin/pupils/${encodeURIComponent(pupil.id)}`;
  const hasLeft = pupil.enrolments.every((e) => e.endDate !== null && e.endDate < props.today);
  if (hasLeft) {
    return (
      <section aria-label="Moves and leaving" className="pupil-moves">
        <h2>Moves and leaving</h2>
        <DatedAction title="Rejoins school" path={`${base}/rejoin`} send={props.send} confirmLabel="Rejoin" body={() => (groupId && from ? { groupId, from } : null)}>
          <label>
            Class
            <select value={groupId} required onChange={(e) => setGroupId(e.target.value)}>
              <option value="">Choose a class</option>
              {props.classes.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </label>
          <label>From<input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} /></label>
        </DatedAction>
      </section>
    );
  }
  return (
    <section aria-label="Moves and leaving" className="pupil-moves">
      <h2>Moves and leaving</h2>
      <DatedAction title="Move to another class" path={`${base}/move`} send={props.send} confirmLabel="Move anyway (entries are kept)"
        body={() => (groupId && from ? { groupId, from } : null)}>
        <label>
          New class
          <select value={groupId} required onChange={(e) => setGroupId(e.target.value)}>
            <option value="">Choose a class</option>
            {props.classes.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </label>
        <label>From<input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} /></label>
      </DatedAction>
      <DatedAction title="Leaves school" path={`${base}/leave`} send={props.send} confirmLabel="Leave anyway (entries are kept)"
        body={() => (lastDay ? { lastDay } : null)}>
        <label>Last day<input type="date" value={lastDay} required onChange={(e) => setLastDay(e.target.value)} /></label>
      </DatedAction>
    </section>
  );
}
