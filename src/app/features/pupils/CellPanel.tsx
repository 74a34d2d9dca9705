/**
 * One register cell, opened from a pupil's register: everything that was ever entered in it, and a form to
 * set its code.
 *
 * Guarantees:
 * - The history is the server's (GET /api/office/history), every entry oldest first: old code → new code,
 *   reason, who and their role, device, when it was observed and when the server received it (school time
 *   zone), minutes late, and a warning when the device's clock could not be trusted.
 * - The form asks for a reason exactly when the server would (DOMAIN.md §5, officeReplacementNeedsReason):
 *   replacing N or an empty cell needs none, the new code is the reason; replacing anything else needs one,
 *   a teacher's present mark included (it amends what the teacher saw), and nothing is sent without it. Minutes late go with L and U only, and are asked for with them.
 * - The change is a `code.set` sent through the outbox (sendChange). Applied: the history and the pupil's
 *   register are read again. Refused: the server's own message is shown beside the form (and the history
 *   read again, in case the cell changed meanwhile). Not sent yet: said so.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { isPresentMark, officeReplacementNeedsReason, reasonRequiredMessage } from '../../../domain/officeCodes';
import { cellKey } from '../../db/keys';
import { CodePicker } from '../../office/CodePicker';
import { officeApi, type HistoryEntry } from '../../office/officeApi';
import { formatInstant, sessionWord } from './registerCells';
import { sendChange } from '../../office/sendChange';
import { useOfficeQuery } from '../../components/useOfficeQuery';

type Session = 'AM' | 'PM';

export interface CellPanelProps {
  pupilId: string;
  pupilName: string;
  date: string;
  session: Session;
  /** The cell's code as the register showed it when the panel opened. */
  currentCode: string | null;
  /** After a change is applied: read the pupil's register again. */
  onApplied: () => void;
  onClose: () => void;
}

const ROLE_WORDS: Record<string, string> = { teacher: 'teacher', ta: 'teaching assistant', office: 'office', admin: 'admin' };
const MAX_MINUTES_LATE = 600;

interface Problems {
  code?: string;
  reason?: string;
  minutesLate?: string;
}

type Outcome = { kind: 'applied' | 'waiting'; text: string } | { kind: 'refused'; text: string } | null;

export function CellPanel({ pupilId, pupilName, date, session, currentCode, onApplied, onClose }: CellPanelProps) {
  const { engine, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const ids = useId();
  const history = useOfficeQuery((api) => officeApi.history(api, { pupilId, date, session }), [pupilId, date, session], 0);
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [minutesLate, setMinutesLate] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [pupilId, date, session]);

  // The latest entry says what the cell holds now; until the history arrives, the register's copy does.
  const entries = history.data?.entries ?? [];
  const holds = entries.length > 0 ? (entries.at(-1)!.effectiveCode ?? entries.at(-1)!.code) : currentCode;
  const reasonNeeded = code !== '' && officeReplacementNeedsReason(holds, code);
  const lateCode = code === 'L' || code === 'U';
  const where = `${sessionWord(session)}, ${formatLongDate(date)}`;

  function check(): Problems {
    const found: Problems = {};
    if (!code) found.code = 'Choose the code to set.';
    if (reasonNeeded && !reason.trim()) {
      found.reason = isPresentMark(holds)
        ? `A reason is needed. ${reasonRequiredMessage(holds!, code)}`
        : `A reason is needed: this cell already has ${holds}. Say why it is changing to ${code}.`;
    }
    if (lateCode) {
      const n = Number(minutesLate);
      if (minutesLate.trim() === '' || !Number.isInteger(n) || n < 0 || n > MAX_MINUTES_LATE) {
        found.minutesLate = `Enter how many minutes after the register opened the pupil arrived: a whole number from 0 to ${MAX_MINUTES_LATE}.`;
      }
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setProblems(found);
    setOutcome(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const args = {
        pupilId,
        date,
        session,
        code,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
        ...(lateCode ? { minutesLate: Number(minutesLate) } : {}),
      };
      const result = await sendChange(engine, 'code.set', args, { cellKey: cellKey(pupilId, date, session), dismissIfRefused: true });
      if (result.state === 'applied') {
        setOutcome({ kind: 'applied', text: `Saved: ${code} for the ${where}.` });
        setCode('');
        setReason('');
        setMinutesLate('');
        onApplied();
      } else if (result.state === 'refused') {
        setOutcome({ kind: 'refused', text: `Not accepted: ${result.message}` });
      } else {
        setOutcome({ kind: 'waiting', text: result.message });
      }
      // Whatever happened, what the server holds may have changed (or differ from what this screen thought).
      void history.reload();
    } catch (e) {
      setOutcome({ kind: 'refused', text: e instanceof Error ? `Not saved: ${e.message}` : 'Not saved. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
    }
  }

  const describedBy = (field: keyof Problems, hint?: string) => [hint, problems[field] ? `${ids}-${field}-problem` : undefined].filter(Boolean).join(' ') || undefined;
  const problem = (field: keyof Problems) =>
    problems[field] ? (
      <p id={`${ids}-${field}-problem`} className="field-problem">
        {problems[field]}
      </p>
    ) : null;

  return (
    <section className="card cell-panel" aria-labelledby={`${ids}-title`} onKeyDown={onKeyDown}>
      <div className="cell-panel-head">
        <h2 id={`${ids}-title`} ref={heading} tabIndex={-1}>
          {pupilName}: {where}
        </h2>
        <button type="button" className="button secondary small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        Now: {holds ? <span className="code">{holds}</span> : 'no code yet'}
        {holds && findCode(holds) && <span className="hint"> {findCode(holds)!.plainMeaning}</span>}
      </p>

      <h3>History</h3>
      {history.error && (
        <p className="error" role="alert">
          {history.error}
        </p>
      )}
      {!history.data && !history.error && <p className="notice">Loading the history…</p>}
      {history.data && entries.length === 0 && <p className="hint">Nothing has been entered in this cell yet.</p>}
      {entries.length > 0 && (
        <ol className="cell-history" aria-label={`History of the ${where}, oldest first`}>
          {entries.map((e) => (
            <HistoryItem key={e.id} entry={e} timeZone={timeZone} />
          ))}
        </ol>
      )}

      <form className="cell-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-form-title`}>
        <h3 id={`${ids}-form-title`}>Set a code</h3>
        <div className="field">
          <label htmlFor={`${ids}-code`}>New code</label>
          <CodePicker
            id={`${ids}-code`}
            value={code}
            onChange={(c) => {
              setCode(c);
              setProblems({});
            }}
            session={session}
            exclude={holds ? [holds] : []}
            describedBy={describedBy('code')}
            invalid={Boolean(problems.code)}
          />
          {problem('code')}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-reason`}>Reason{reasonNeeded ? ' (required)' : ' (optional)'}</label>
          <textarea
            id={`${ids}-reason`}
            value={reason}
            rows={2}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={describedBy('reason', `${ids}-reason-hint`)}
            aria-invalid={Boolean(problems.reason) || undefined}
            aria-required={reasonNeeded || undefined}
          />
          <p id={`${ids}-reason-hint`} className="hint">
            {reasonNeeded
              ? `This cell already has ${holds}, so the change needs a reason (it is kept in the history).`
              : 'Not needed when replacing N or an empty cell: the new code is the reason.'}
          </p>
          {problem('reason')}
        </div>
        {lateCode && (
          <div className="field">
            <label htmlFor={`${ids}-late`}>Minutes late</label>
            <input
              id={`${ids}-late`}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_MINUTES_LATE}
              step={1}
              value={minutesLate}
              onChange={(e) => setMinutesLate(e.target.value)}
              aria-describedby={describedBy('minutesLate', `${ids}-late-hint`)}
              aria-invalid={Boolean(problems.minutesLate) || undefined}
            />
            <p id={`${ids}-late-hint`} className="hint">
              Counted from when the register opened.
            </p>
            {problem('minutesLate')}
          </div>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set code'}
        </button>
        {outcome && outcome.kind === 'refused' && (
          <p className="error" role="alert">
            {outcome.text}
          </p>
        )}
        {outcome && outcome.kind !== 'refused' && (
          <p className="notice" role="status">
            {outcome.text}
          </p>
        )}
      </form>
    </section>
  );
}

function HistoryItem({ entry: e, timeZone }: { entry: HistoryEntry; timeZone: string }) {
  const role = ROLE_WORDS[e.role] ?? e.role;
  const kept = e.effectiveCode !== null && e.effectiveCode !== e.code;
  return (
    <li className="cell-history-entry">
      <p className="cell-history-change">
        <span className="code">{e.oldCode ?? '–'}</span> → <span className="code">{e.code}</span>{' '}
        <span className="hint">{e.oldCode ? '' : '(empty before) '}{e.source === 'teacher' ? "teacher's mark" : 'office entry'}</span>
        {kept && <span className="hint"> · the register kept {e.effectiveCode}</span>}
      </p>
      <dl className="cell-history-facts">
        <dt>Reason</dt>
        <dd>{e.reason ?? 'None given'}</dd>
        <dt>By</dt>
        <dd>
          {e.by ?? 'Unknown'} ({role})
        </dd>
        <dt>Device</dt>
        <dd className="device-id">{e.deviceId ?? 'Not recorded'}</dd>
        <dt>Observed</dt>
        <dd>
          {formatInstant(e.observedAt, timeZone)}
          {e.timeQuality === 'suspect' && (
            <strong className="suspect-clock"> · Suspect clock: the device's time could not be trusted, so this is when the server received it</strong>
          )}
        </dd>
        <dt>Received</dt>
        <dd>{formatInstant(e.receivedAt, timeZone)}</dd>
        {e.minutesLate !== null && (
          <>
            <dt>Minutes late</dt>
            <dd>{e.minutesLate}</dd>
          </>
        )}
      </dl>
    </li>
  );
}
