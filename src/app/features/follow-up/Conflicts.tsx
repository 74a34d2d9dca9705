/**
 * Conflicts (office and admin; desktop first): a teacher marked present, or tapped "Pupil is here", for a pupil the
 * office had already given an absence code; or a teacher's mark reached the server after its register was settled
 * (past the school's window for resolving N) and was held. The teacher's mark never changes the office's code, or a
 * settled register, by itself; the office decides here.
 *
 * Guarantees:
 * - Each conflict says in words who did what and when, what the office had set, and the code the cell holds now
 *   (code letters are always shown, never colour alone).
 * - Resolving needs a written resolution (1 to 500 characters) and may set a code; it is one conflict.resolve
 *   through the outbox (sendChange), and the outcome is shown: applied, refused with the server's message, or
 *   waiting to be sent. The list is read again afterwards.
 * - Resolved conflicts show who resolved them, when, the resolution and the code set (if any).
 */
import { useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { officeHref } from '../../components/route';
import { formatLongDate, formatShortDate, sessionLabel } from '../../components/pupilName';
import { findCode, presentSymbol } from '../../../domain/codes';
import { localDateOf, localTimeOf } from '../../../domain/time';
import { officeApi, type Conflict, type ConflictStatus } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { CodePicker } from '../../office/CodePicker';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeFollowUp.css';

export const MAX_RESOLUTION = 500;

/** "M: medical appointment": the letter always, with its plain meaning when the code is known. */
export function codeInWords(code: string): string {
  const found = findCode(code);
  return found ? `${code}: ${found.plainMeaning}` : code;
}

/** When, in the school's time: "09:02", or "Wed 25 Nov at 09:02" when it was raised on another day. */
function whenRaised(c: Conflict, timeZone: string): string {
  const at = Date.parse(c.raisedAt);
  const time = localTimeOf(at, timeZone);
  const day = localDateOf(at, timeZone);
  return day === c.date ? time : `${formatShortDate(day)} at ${time}`;
}

/** "Mon 16 Nov at 09:10" in the school's time. */
function dayAndTime(iso: string, timeZone: string): string {
  const at = Date.parse(iso);
  return `${formatShortDate(localDateOf(at, timeZone))} at ${localTimeOf(at, timeZone)}`;
}

/** What happened, in a sentence the office can read aloud. */
export function describeConflict(c: Conflict, timeZone: string): string {
  const who = c.raisedBy ?? 'A teacher';
  if (c.kind === 'settled_register') {
    const what = c.teacherCode === 'N' ? `absent (N)` : `present (${c.teacherCode})`;
    const seen = c.observedAt ? ` on ${dayAndTime(c.observedAt, timeZone)}` : '';
    return (
      `${who} marked ${c.name} ${what}${seen}. The mark only reached the school's server on ${dayAndTime(c.raisedAt, timeZone)}, ` +
      `after that register was settled (past the school's window for resolving N), so it has not changed the register.`
    );
  }
  const did = c.teacherCode === 'here' ? `tapped ‘Pupil is here’ for ${c.name}` : `marked ${c.name} present (${c.teacherCode})`;
  return `${who} ${did} at ${whenRaised(c, timeZone)}, but the office had set ${codeInWords(c.officeCode ?? '')}.`;
}

/** What "no change" keeps: the office's code, or whatever the register holds for a held mark. */
export function keptCode(c: Conflict): string {
  return c.officeCode ?? c.currentCode ?? 'no code';
}

const STATUS_LABELS: Record<ConflictStatus, string> = { open: 'Open', resolved: 'Resolved', all: 'All' };

export default function Conflicts(_props: OfficePageProps) {
  const { user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const [status, setStatus] = useState<ConflictStatus>('open');
  const query = useOfficeQuery((api) => officeApi.conflicts(api, status), [status]);
  const [notice, setNotice] = useState<string | null>(null);
  const conflicts = query.data?.status === status ? query.data.conflicts : null;

  return (
    <main className="office follow-up">
      <h1>Conflicts</h1>
      <p className="hint">
        A teacher saw a pupil in class whose register the office had already coded as absent, or a teacher's mark reached the server after its
        register was settled. Check what happened, then record your decision.
      </p>
      <div className="field inline-field">
        <label htmlFor="conflict-status">Show</label>
        <select id="conflict-status" value={status} onChange={(e) => setStatus(e.target.value as ConflictStatus)}>
          {(Object.keys(STATUS_LABELS) as ConflictStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      {query.error && (
        <p className="error" role="alert">
          {query.error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!conflicts && !query.error && <p className="notice">Loading conflicts…</p>}
      {conflicts && conflicts.length === 0 && (
        <p className="notice">{status === 'open' ? 'No open conflicts.' : status === 'resolved' ? 'No resolved conflicts yet.' : 'No conflicts.'}</p>
      )}
      {conflicts && conflicts.length > 0 && (
        <ul className="conflict-list">
          {conflicts.map((c) => (
            <li key={c.id} className="card conflict">
              <h2 className="conflict-title">
                <a href={officeHref('pupils', c.pupilId)}>{c.name}</a>
                <span className="hint">
                  {' '}
                  {c.groupName} · {formatLongDate(c.date)}, {sessionLabel(c.session).toLowerCase()}
                </span>
              </h2>
              <p>{describeConflict(c, timeZone)}</p>
              <p>
                Code now: <span className="code">{c.currentCode ?? 'none'}</span>
                {c.currentCode && findCode(c.currentCode) ? ` (${findCode(c.currentCode)!.plainMeaning})` : ''}
              </p>
              {c.resolved ? (
                <ResolvedDetails conflict={c} timeZone={timeZone} />
              ) : (
                <ResolveForm
                  conflict={c}
                  onDone={async (message) => {
                    setNotice(message);
                    await query.reload();
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

function ResolvedDetails({ conflict: c, timeZone }: { conflict: Conflict; timeZone: string }) {
  const at = c.resolvedAt ? Date.parse(c.resolvedAt) : null;
  return (
    <div className="resolved-details">
      <p>
        <strong>Resolved</strong> by {c.resolvedBy ?? 'the office'}
        {at !== null && ` on ${formatShortDate(localDateOf(at, timeZone))} at ${localTimeOf(at, timeZone)}`}: {c.resolution}
      </p>
      <p>{c.resolutionCode ? <>Code set: <span className="code">{c.resolutionCode}</span> ({findCode(c.resolutionCode)?.plainMeaning ?? 'code'})</> : 'No code changed.'}</p>
    </div>
  );
}

function ResolveForm({ conflict: c, onDone }: { conflict: Conflict; onDone: (message: string) => Promise<void> }) {
  const { engine } = useSignedIn();
  const [resolution, setResolution] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Stored in the outbox but not sent yet: the form stays, disabled, so the same decision is not sent twice.
  const [waiting, setWaiting] = useState<string | null>(null);
  const ids = { resolution: `resolution-${c.id}`, code: `code-${c.id}`, problem: `resolution-problem-${c.id}` };
  const present = presentSymbol(c.session);
  const kept = keptCode(c);
  const quick: Array<{ label: string; code: string }> = [
    { label: `Keep ${kept}`, code: '' },
    c.kind === 'settled_register' && c.teacherCode === 'N' ? { label: 'Absent (N), as marked', code: 'N' } : { label: `Present (${present})`, code: present },
    { label: 'Late (L)', code: 'L' },
  ];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const text = resolution.trim();
    if (!text) {
      setProblem('Write what was decided, so the register records why (up to 500 characters).');
      return;
    }
    setProblem(null);
    setRefusal(null);
    setSending(true);
    try {
      const outcome = await sendChange(engine, 'conflict.resolve', { conflictId: c.id, resolution: text, ...(code ? { code } : {}) }, { dismissIfRefused: true });
      if (outcome.state === 'refused') setRefusal(describeOutcome(outcome, ''));
      else if (outcome.state === 'waiting') setWaiting(outcome.message);
      else await onDone(describeOutcome(outcome, `Resolved: ${c.name}, ${formatShortDate(c.date)} ${sessionLabel(c.session).toLowerCase()}${code ? `, code set to ${code}` : `, ${kept} kept`}.`));
    } catch (err) {
      setRefusal(`Not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.`);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="resolve-form" onSubmit={(e) => void submit(e)} aria-label={`Resolve the conflict for ${c.name}`} noValidate>
      <div className="field">
        <label htmlFor={ids.resolution}>Resolution</label>
        <textarea
          id={ids.resolution}
          value={resolution}
          maxLength={MAX_RESOLUTION}
          rows={2}
          onChange={(e) => setResolution(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? ids.problem : undefined}
        />
        {problem && (
          <p className="field-problem" id={ids.problem}>
            {problem}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={ids.code}>Code to set</label>
        <div className="quick-choices" role="group" aria-label="Quick choices">
          {quick.map((q) => (
            <button key={q.label} type="button" className="button secondary small" aria-pressed={code === q.code} onClick={() => setCode(q.code)}>
              {q.label}
            </button>
          ))}
        </div>
        <CodePicker id={ids.code} value={code} onChange={setCode} session={c.session} placeholder={`Keep ${kept} (no change)`} />
      </div>
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
      {waiting && (
        <p className="notice" role="status">
          {waiting}
        </p>
      )}
      <button type="submit" className="button primary" disabled={sending || waiting !== null}>
        {sending ? 'Resolving…' : waiting ? 'Waiting to be sent' : 'Resolve'}
      </button>
    </form>
  );
}
