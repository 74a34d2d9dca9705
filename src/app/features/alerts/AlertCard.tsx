/**
 * One alert: the pupil, their class and the evidence (its dates and the sessions that count), and either who
 * dealt with it and when, or the "Record what was done" form that sends `alert.record` through the outbox.
 *
 * Guarantees:
 * - "No action" cannot be sent without a reason (the server refuses it too); the form says so beside the box.
 * - The outcome is what the outbox says after the push (sendChange): recorded, refused with the server's
 *   words, or saved on this computer to send later. The list itself is read again by the screen.
 * - The sessions that count are drawn only once "The N sessions" is opened: a list of hundreds of alerts
 *   would otherwise carry thousands of hidden lines.
 */
import { useId, useState, type FormEvent } from 'react';
import { ALERT_ACTIONS, type AlertAction, type AlertEntry } from '../../../protocol/officeFigures';
import { useSignedIn } from '../../components/services';
import { officeHref } from '../../components/route';
import { plural } from '../../components/pupilName';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { ACTION_WORDS, sessionText, spanText } from './alertWords';

const MAX_NOTE = 1000;

export function AlertCard({ alert, onRecorded, timeZone }: { alert: AlertEntry; onRecorded: (message: string) => Promise<void>; timeZone: string }) {
  const [open, setOpen] = useState(false);
  const [sessionsOpen, setSessionsOpen] = useState(false);
  const { evidence, dealtWith } = alert;
  return (
    <li className={`alert-card card${dealtWith ? ' dealt-with' : ''}`}>
      <h4>
        <a href={officeHref('pupils', alert.pupilId)}>{alert.name}</a>
        <span className="alert-class">{alert.groupName ?? 'No class'}</span>
      </h4>
      <p>
        {evidence.summary} <span className="alert-dates">({spanText(evidence.start, evidence.end)})</span>
      </p>
      {evidence.sessions.length > 0 && (
        <details onToggle={(e) => setSessionsOpen(e.currentTarget.open)}>
          <summary>The {plural(evidence.sessions.length, 'session', 'sessions')}</summary>
          {sessionsOpen && (
            <ul className="alert-sessions">
              {evidence.sessions.map((s) => (
                <li key={`${s.date}-${s.session}`}>{sessionText(s)}</li>
              ))}
            </ul>
          )}
        </details>
      )}
      {dealtWith ? (
        <p className="alert-record">
          <strong>{ACTION_WORDS[dealtWith.action]}</strong>
          {dealtWith.note ? `: ${dealtWith.note}` : ''} — {dealtWith.byName}, {formatWhen(dealtWith.at, timeZone)}
        </p>
      ) : open ? (
        <RecordForm alert={alert} onDone={async (message) => { setOpen(false); await onRecorded(message); }} onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" className="button secondary small" onClick={() => setOpen(true)} aria-label={`Record what was done for ${alert.name}`}>
          Record what was done
        </button>
      )}
    </li>
  );
}

function formatWhen(at: string, timeZone: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return d.toLocaleString('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function RecordForm({ alert, onDone, onCancel }: { alert: AlertEntry; onDone: (message: string) => Promise<void>; onCancel: () => void }) {
  const { engine } = useSignedIn();
  const id = useId();
  const [action, setAction] = useState<AlertAction | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const words = note.trim();
    if (!action) return setProblem('Choose what was done.');
    if (action === 'no_action' && !words) return setProblem('Say why no action is needed.');
    if (words.length > MAX_NOTE) return setProblem(`Keep the note to ${MAX_NOTE} characters.`);
    setProblem(null);
    setSending(true);
    try {
      const outcome = await sendChange(
        engine,
        'alert.record',
        { kind: alert.kind, pupilId: alert.pupilId, key: alert.key, action, ...(words ? { note: words } : {}) },
        { dismissIfRefused: true },
      );
      if (outcome.state === 'refused') setProblem(describeOutcome(outcome, ''));
      else await onDone(describeOutcome(outcome, `${ACTION_WORDS[action]}: recorded for ${alert.name}.`));
    } catch (err) {
      setProblem(`This was not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.`);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="alert-form" onSubmit={(e) => void submit(e)} noValidate aria-label={`Record what was done for ${alert.name}`}>
      <fieldset className="field">
        <legend>What was done</legend>
        {ALERT_ACTIONS.map((a) => (
          <label key={a} className="alert-action">
            <input type="radio" name={`${id}-action`} value={a} checked={action === a} onChange={() => setAction(a)} />
            {a === 'no_action' ? 'No action (say why)' : ACTION_WORDS[a]}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-note`}>{action === 'no_action' ? 'Why no action is needed' : 'Note (optional)'}</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          value={note}
          maxLength={MAX_NOTE}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
      </div>
      {problem && (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button primary small" disabled={sending}>
          {sending ? 'Recording…' : 'Record'}
        </button>
        <button type="button" className="button secondary small" onClick={onCancel} disabled={sending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
