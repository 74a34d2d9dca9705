/**
 * One code for a class or the whole school on chosen dates and sessions (# planned closure, Y4 unexpected
 * closure), with a required reason. Apply only after a fresh preview that the server says can be applied.
 */
import { useMemo, useState } from 'react';
import { useSignedIn } from '../../components/services';
import { formatShortDate, plural, sessionLabel } from '../../components/pupilName';
import { isValidDate } from '../../../domain/time';
import { officeApi, type BulkPreview } from '../../office/officeApi';
import { officeLoadError } from '../../components/useOfficeQuery';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { CodePicker } from '../../office/CodePicker';
import { SESSIONS, MAX_NOTE, MAX_BULK_DATES, weekdaysBetween, dateWithYear, dateRange, sessionsText, codeText, type Session, type RosterClass } from './plannedModel';
import { Checkboxes, Problem } from './plannedFormParts';
import { ClassSelect } from '../../office/ClassSelect';

const BULK_QUICK = [
  { code: '#', label: '# Planned closure' },
  { code: 'Y4', label: 'Y4 Unexpected closure' },
];

type BulkProblems = Partial<Record<'code' | 'from' | 'to' | 'dates' | 'sessions' | 'reason', string>>;

export function BulkForm({ classes, today }: { classes: RosterClass[]; today: string }) {
  const { api, engine } = useSignedIn();
  const [code, setCode] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [excluded, setExcluded] = useState<string[]>([]);
  const [sessions, setSessions] = useState<Session[]>(['AM', 'PM']);
  const [groupId, setGroupId] = useState('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<BulkProblems>({});
  const [preview, setPreview] = useState<{ key: string; data: BulkPreview } | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'applied' | 'waiting' | 'refused'; text: string } | null>(null);

  const datesValid = isValidDate(from) && isValidDate(to) && from <= to;
  const dates = useMemo(() => (datesValid ? weekdaysBetween(from, to).filter((d) => !excluded.includes(d)) : []), [datesValid, from, to, excluded]);
  const orderedSessions = SESSIONS.filter((s) => sessions.includes(s));
  // What decides which cells change: a preview only counts for exactly these.
  const key = JSON.stringify({ code, dates, sessions: orderedSessions, groupId });
  const fresh = preview !== null && preview.key === key;
  const canApply = fresh && preview.data.canApply && busy === null;
  const scopeName = groupId ? (classes.find((c) => c.id === groupId)?.name ?? 'the class') : 'the whole school';

  function check(forApply: boolean): BulkProblems {
    const p: BulkProblems = {};
    if (!code) p.code = 'Choose the code to set.';
    if (!isValidDate(from)) p.from = 'Enter the first day.';
    if (!isValidDate(to)) p.to = 'Enter the last day.';
    else if (isValidDate(from) && to < from) p.to = 'The last day is before the first day.';
    if (datesValid && dates.length === 0) p.dates = 'There are no weekdays left in this range.';
    if (dates.length > MAX_BULK_DATES) p.dates = `At most ${MAX_BULK_DATES} dates at a time: choose a shorter range.`;
    if (orderedSessions.length === 0) p.sessions = 'Choose morning, afternoon or both.';
    if (forApply && !reason.trim()) p.reason = 'Say why, for the register (for example “Heating failure: school closed”).';
    return p;
  }

  async function runPreview() {
    const found = check(false);
    setProblems(found);
    setOutcome(null);
    if (Object.keys(found).length) return;
    setBusy('preview');
    setPreviewError(null);
    const asked = key;
    try {
      const data = await officeApi.bulkPreview(api, { code, dates, sessions: orderedSessions, groupId: groupId || undefined });
      setPreview({ key: asked, data });
    } catch (e) {
      setPreview(null);
      setPreviewError(officeLoadError(e));
    } finally {
      setBusy(null);
    }
  }

  async function apply() {
    if (!fresh || !preview.data.canApply) return;
    const found = check(true);
    setProblems(found);
    if (Object.keys(found).length) return;
    const args = { id: crypto.randomUUID(), code, dates, sessions: orderedSessions, ...(groupId ? { groupId } : {}), reason: reason.trim() };
    const changed = preview.data.wouldChange ?? 0;
    setBusy('apply');
    try {
      const result = await sendChange(engine, 'code.bulk', args, { dismissIfRefused: true });
      setOutcome({
        kind: result.state,
        text: describeOutcome(result, `${code} set on ${plural(changed, 'session', 'sessions')} for ${scopeName}, ${dateRange(dates[0], dates.at(-1)!)}.`),
      });
      // The preview described the register before this change; it no longer holds.
      if (result.state !== 'refused') setPreview(null);
    } catch (err) {
      setOutcome({ kind: 'refused', text: `Not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.` });
    } finally {
      setBusy(null);
    }
  }

  let applyHint: string;
  if (!preview) applyHint = 'Preview first: Apply becomes available when the preview shows the change can be made.';
  else if (!fresh) applyHint = 'The form has changed since the preview. Preview again before applying.';
  else if (!preview.data.canApply) applyHint = 'This cannot be applied as it stands: see the preview.';
  else applyHint = `Apply sets ${code} on ${plural(preview.data.wouldChange ?? 0, 'session', 'sessions')}.`;

  return (
    <form onSubmit={(e) => e.preventDefault()} noValidate aria-labelledby="bulk-heading" className="bulk-form">
      <div className="field">
        <label htmlFor="bulk-code">Code</label>
        <div className="quick-choices" role="group" aria-label="Quick choices">
          {BULK_QUICK.map((q) => (
            <button key={q.code} type="button" className="button secondary small" aria-pressed={code === q.code} onClick={() => setCode(q.code)}>
              {q.label}
            </button>
          ))}
        </div>
        <CodePicker id="bulk-code" value={code} onChange={setCode} invalid={!!problems.code} describedBy={problems.code ? 'bulk-code-problem' : undefined} />
        <Problem id="bulk-code-problem" text={problems.code} />
      </div>
      <div className="date-pair">
        <div className="field">
          <label htmlFor="bulk-from">First day</label>
          <input id="bulk-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={problems.from ? 'bulk-from-problem' : undefined} />
          <Problem id="bulk-from-problem" text={problems.from} />
        </div>
        <div className="field">
          <label htmlFor="bulk-to">Last day</label>
          <input id="bulk-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={problems.to ? 'bulk-to-problem' : undefined} />
          <Problem id="bulk-to-problem" text={problems.to} />
        </div>
      </div>
      <p className="hint" id="bulk-dates">
        {dates.length === 0
          ? 'No dates chosen.'
          : `${plural(dates.length, 'weekday', 'weekdays')}: ${dates.length <= 6 ? dates.map(formatShortDate).join(', ') : `${dateWithYear(dates[0])} to ${dateWithYear(dates.at(-1)!)}`}.`}
        {excluded.length > 0 && (
          <>
            {' '}
            Left out: {excluded.map(formatShortDate).join(', ')}.{' '}
            <button type="button" className="button secondary small" onClick={() => setExcluded([])}>
              Put them back
            </button>
          </>
        )}
      </p>
      <Problem id="bulk-dates-problem" text={problems.dates} />
      <Checkboxes idPrefix="bulk-sessions" legend="Sessions" options={SESSIONS.map((s) => ({ value: s, label: sessionLabel(s) }))} chosen={sessions} onChange={setSessions} problem={problems.sessions} />
      <div className="field">
        <label htmlFor="bulk-scope">Who</label>
        <ClassSelect id="bulk-scope" value={groupId} onChange={setGroupId} classes={classes} emptyLabel="The whole school" />
      </div>
      <div className="field">
        <label htmlFor="bulk-reason">Reason (required)</label>
        <textarea
          id="bulk-reason"
          value={reason}
          maxLength={MAX_NOTE}
          rows={2}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={problems.reason ? true : undefined}
          aria-describedby={problems.reason ? 'bulk-reason-problem' : undefined}
        />
        <Problem id="bulk-reason-problem" text={problems.reason} />
      </div>
      <div className="bulk-actions">
        <button type="button" className="button secondary" onClick={() => void runPreview()} disabled={busy !== null}>
          {busy === 'preview' ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" className="button primary" onClick={() => void apply()} disabled={!canApply} aria-describedby="bulk-apply-hint">
          {busy === 'apply' ? 'Applying…' : 'Apply'}
        </button>
      </div>
      <p className="hint" id="bulk-apply-hint">
        {applyHint}
      </p>
      {previewError && (
        <p className="error" role="alert">
          The preview could not be made: {previewError}
        </p>
      )}
      {preview && (
        <PreviewDetails
          preview={preview.data}
          stale={!fresh}
          onLeaveOut={(d) => setExcluded([...new Set([...excluded, ...d])].sort())}
        />
      )}
      {outcome && (
        <p className={outcome.kind === 'refused' ? 'error' : 'notice'} role={outcome.kind === 'refused' ? 'alert' : 'status'}>
          {outcome.text}
        </p>
      )}
    </form>
  );
}

function PreviewDetails({ preview: p, stale, onLeaveOut }: { preview: BulkPreview; stale: boolean; onLeaveOut: (dates: string[]) => void }) {
  const scope = p.groupName ?? 'the whole school';
  return (
    <section className={`bulk-preview${stale ? ' stale' : ''}`} aria-labelledby="bulk-preview-heading" aria-live="polite">
      <h3 id="bulk-preview-heading">
        Preview{stale ? ' (out of date: the form has changed)' : ''}: {codeText(p.code)} for {scope}, {plural(p.dates.length, 'date', 'dates')},{' '}
        {sessionsText(p.sessions).toLowerCase()}
      </h3>
      <ul>
        {p.cells === null ? (
          <li>Too many to count: the pupils on roll over these dates come to more than 20,000 sessions. Choose fewer dates or one class.</li>
        ) : (
          <>
            <li>
              <strong>{plural(p.wouldChange ?? 0, 'session changes', 'sessions change')}</strong> (of {plural(p.cells, 'session', 'sessions')} for pupils on roll).
            </li>
            <li>{plural(p.alreadyHaveCode ?? 0, 'session already has', 'sessions already have')} {p.code} and will be left alone.</li>
            <li>
              {p.replacesOfficeCodes
                ? `${plural(p.replacesOfficeCodes, 'session has', 'sessions have')} a code the office set (such as an appointment) that would be replaced.`
                : 'No code the office set would be replaced.'}
            </li>
            {!!p.refused && (
              <li className="preview-problem">
                {plural(p.refused, 'session', 'sessions')} would be refused. The first: {p.firstRefusal}
              </li>
            )}
          </>
        )}
        {p.notSchoolDays.length > 0 && (
          <li className="preview-problem">
            Not school days: {p.notSchoolDays.map(formatShortDate).join(', ')}. Codes can only be set on school days.{' '}
            <button type="button" className="button secondary small" onClick={() => onLeaveOut(p.notSchoolDays)}>
              Leave these dates out
            </button>
          </li>
        )}
        {p.tooMany && p.cells !== null && (
          <li className="preview-problem">Too many: more than {p.maxCells.toLocaleString('en-GB')} sessions would change at once. Choose fewer dates or one class.</li>
        )}
      </ul>
      <p>{p.canApply ? 'This can be applied.' : 'This cannot be applied as it stands.'}</p>
    </section>
  );
}
