/**
 * The signing-out book at the late desk: a pupil leaving during the day (an appointment, sent home ill) is
 * signed out, and signed back in when they return; the fire roll call reads the latest entry of each pupil.
 *
 * Guarantees:
 * - Each entry is one pupil.signout or pupil.signin through the outbox (sendChange) with a fresh id and the
 *   time it happened (default now by the app's clock, in the school's time zone), so an entry made while the
 *   connection is down keeps its real time when it is sent later.
 * - Nothing here changes the register: the code (M, L…) is set at the late desk or in the register.
 * - Today's signed-out pupils come from the server (GET /api/office/on-site), read again after every change.
 */
import { useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import type { SiteLogArgs } from '../../db/types';
import type { OnSiteResponse } from '../../office/officeApi';
import type { OfficeQuery } from '../../components/useOfficeQuery';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { TodayPupilFinder, type TodayPupil } from './TodayPupilFinder';
import { deskInstant, schoolTime } from '../../office/deskTime';

export const MAX_SITE_REASON = 300;

export function SigningOutBook({
  pupils,
  loading,
  query,
  today,
  timeZone,
  nowTime,
}: {
  pupils: TodayPupil[];
  loading: boolean;
  query: OfficeQuery<OnSiteResponse>;
  today: string;
  timeZone: string;
  nowTime: string;
}) {
  const { clock, engine } = useSignedIn();
  const [pupil, setPupil] = useState<TodayPupil | null>(null);
  const [timeTyped, setTimeTyped] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<{ text: string; refused: boolean } | null>(null);
  const time = timeTyped ?? nowTime;
  const signedOut = query.data?.signedOut ?? [];

  async function send(kind: 'pupil.signout' | 'pupil.signin', who: { pupilId: string; name: string }, at: number, why: string) {
    setSending(true);
    setNotice(null);
    try {
      const args: SiteLogArgs = { id: crypto.randomUUID(), pupilId: who.pupilId, at: new Date(at).toISOString(), ...(why ? { reason: why } : {}) };
      const outcome = await sendChange(engine, kind, args, { dismissIfRefused: true });
      const done = `${who.name} signed ${kind === 'pupil.signout' ? 'out' : 'in'} at ${schoolTime(args.at, timeZone)}${why ? ` (${why})` : ''}.`;
      setNotice({ text: describeOutcome(outcome, done), refused: outcome.state === 'refused' });
      if (outcome.state !== 'refused') {
        setPupil(null);
        setReason('');
        setTimeTyped(null);
      }
      if (outcome.state === 'applied') await query.reload();
    } catch (err) {
      setNotice({ text: `This was not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.`, refused: true });
    } finally {
      setSending(false);
    }
  }

  function submit(kind: 'pupil.signout' | 'pupil.signin') {
    return (e: FormEvent) => {
      e.preventDefault();
      const at = timeTyped === null ? clock.now() : deskInstant(today, time, timeZone);
      const why = reason.trim();
      if (!pupil) return setProblem('Choose the pupil first: type part of their name and pick them from the list.');
      if (at === null) return setProblem('Enter the time, for example 10:30.');
      if (at > clock.now() + 60_000) return setProblem('That time has not come yet. Check the time.');
      if (why.length > MAX_SITE_REASON) return setProblem(`Keep the reason to ${MAX_SITE_REASON} characters.`);
      setProblem(null);
      void send(kind, pupil, at, why);
    };
  }

  return (
    <section className="card signing-out" aria-labelledby="signing-heading">
      <h2 id="signing-heading">Signing-out book</h2>
      {notice && (
        <p className={notice.refused ? 'error' : 'notice'} role={notice.refused ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <form onSubmit={submit('pupil.signout')} noValidate aria-label="Sign a pupil out or in">
        <TodayPupilFinder pupils={pupils} loading={loading} value={pupil} onChange={setPupil} label="Pupil" />
        <div className="field">
          <label htmlFor="site-time">Time</label>
          <input id="site-time" type="time" step={60} value={time} onChange={(e) => setTimeTyped(e.target.value)} aria-describedby="site-time-hint" />
          <p id="site-time-hint" className="hint">
            {timeTyped === null ? 'Now, by the school’s clock.' : (
              <button type="button" className="link-button" onClick={() => setTimeTyped(null)}>
                Use the time now
              </button>
            )}
          </p>
        </div>
        <div className="field">
          <label htmlFor="site-reason">Reason (for example “Dentist”, “Sent home ill”)</label>
          <input id="site-reason" type="text" maxLength={MAX_SITE_REASON} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={sending}>
            Sign out
          </button>
          <button type="button" className="button secondary" disabled={sending} onClick={submit('pupil.signin')}>
            Sign in
          </button>
        </div>
      </form>

      <h3 id="signed-out-heading">Signed out now</h3>
      {query.error && !query.data && (
        <p className="error" role="alert">
          {query.error}
        </p>
      )}
      {query.data && signedOut.length === 0 && <p className="hint">Nobody is signed out.</p>}
      {signedOut.length > 0 && (
        <table aria-labelledby="signed-out-heading">
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Class</th>
              <th scope="col">Out at</th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="visually-hidden">Sign back in</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {signedOut.map((s) => (
              <tr key={`${s.pupilId}|${s.at}`}>
                <th scope="row">{s.name}</th>
                <td>{s.groupName}</td>
                <td>{schoolTime(s.at, timeZone)}</td>
                <td>{s.reason ?? ''}</td>
                <td>
                  <button type="button" className="button secondary small" disabled={sending} onClick={() => void send('pupil.signin', s, clock.now(), '')} aria-label={`Sign back in now: ${s.name}`}>
                    Sign back in now
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
