/**
 * Planned absences and closures (office and admin; desktop first).
 *
 * 1. Planned absences: a known absence entered ahead (an appointment, a trip, a part-time timetable) for one
 *    pupil found by name or several ticked in a class, over a date range, on chosen sessions and weekdays. Sent
 *    as one absence.plan; the server decides which days are school days and leaves cells that already hold an
 *    office code alone. The list below shows every plan with the cells it set and skipped.
 * 2. Bulk codes: one code for a class or the whole school on chosen dates and sessions (a planned closure #, an
 *    unexpected closure Y4), with a required reason. Apply is only possible after a preview the server says can
 *    be applied, for exactly the code, dates, sessions and class on the form now: change any of them and the
 *    preview must be run again.
 *
 * Guarantees: every change goes through the outbox (sendChange) and its outcome is shown; nothing is posted
 * directly. The screen never decides what a school day is: the server's calendar does.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { formatShortDate, plural, sessionLabel } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { addDays, isoWeekday, isValidDate, localDateOf, localTimeOf } from '../../../domain/time';
import type { OfficeRegistersResponse } from '../../sync/api';
import { officeApi, type BulkPreview, type PlannedAbsence } from './officeApi';
import { officeLoadError, useOfficeQuery } from './useOfficeQuery';
import { describeOutcome, sendChange } from './sendChange';
import { CodePicker } from './CodePicker';
import type { OfficePageProps } from './OfficeShell';
import './officeFollowUp.css';

type Session = 'AM' | 'PM';
const SESSIONS: Session[] = ['AM', 'PM'];
const WEEKDAYS = [
  { n: 1, short: 'Mon', long: 'Monday' },
  { n: 2, short: 'Tue', long: 'Tuesday' },
  { n: 3, short: 'Wed', long: 'Wednesday' },
  { n: 4, short: 'Thu', long: 'Thursday' },
  { n: 5, short: 'Fri', long: 'Friday' },
];
export const MAX_NOTE = 500;
export const MAX_BULK_DATES = 366;

interface RosterPupil {
  pupilId: string;
  name: string;
  groupId: string;
  groupName: string;
}
interface RosterClass {
  id: string;
  name: string;
  pupils: RosterPupil[];
}

/** Every class and its pupils on roll, from today's registers (each class appears once per session there). */
export function rosterClasses(data: OfficeRegistersResponse | null): RosterClass[] {
  const classes = new Map<string, RosterClass>();
  for (const r of data?.registers ?? []) {
    const c = classes.get(r.groupId) ?? { id: r.groupId, name: r.groupName, pupils: [] };
    classes.set(r.groupId, c);
    for (const p of r.pupils) {
      if (!c.pupils.some((x) => x.pupilId === p.pupilId)) c.pupils.push({ pupilId: p.pupilId, name: p.name, groupId: r.groupId, groupName: r.groupName });
    }
  }
  return [...classes.values()];
}

/** Monday to Friday from `from` to `to` inclusive (the server then leaves out holidays and closures). */
export function weekdaysBetween(from: string, to: string, limit = MAX_BULK_DATES + 1): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to && dates.length < limit; d = addDays(d, 1)) if (isoWeekday(d) <= 5) dates.push(d);
  return dates;
}

const dateWithYear = (d: string) => `${formatShortDate(d)} ${d.slice(0, 4)}`;
const dateRange = (from: string, to: string) => (from === to ? dateWithYear(from) : `${dateWithYear(from)} to ${dateWithYear(to)}`);
const sessionsText = (sessions: Session[]) => (sessions.length === 2 ? 'Morning and afternoon' : sessionLabel(sessions[0]));
const weekdaysText = (weekdays: number[] | undefined) =>
  !weekdays || weekdays.length >= 5 ? 'Every weekday' : WEEKDAYS.filter((w) => weekdays.includes(w.n)).map((w) => w.short).join(', ');
const codeText = (code: string) => `${code}: ${findCode(code)?.plainMeaning ?? 'code'}`;
const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export default function PlannedAbsences(_props: OfficePageProps) {
  const { clock, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const today = localDateOf(clock.now(), timeZone);
  // The roll changes rarely: read it once, not on a timer.
  const roster = useOfficeQuery((api) => api.officeRegisters(today), [today], 0);
  const plans = useOfficeQuery((api) => officeApi.plannedAbsences(api), []);
  const classes = useMemo(() => rosterClasses(roster.data), [roster.data]);

  return (
    <main className="office follow-up planned">
      <h1>Planned absences and closures</h1>
      {roster.error && (
        <p className="error" role="alert">
          The class lists could not be loaded: {roster.error}
        </p>
      )}
      <section aria-labelledby="plan-heading" className="card">
        <h2 id="plan-heading">Enter a planned absence</h2>
        <PlanForm classes={classes} today={today} onPlanned={plans.reload} plans={plans.data?.plannedAbsences ?? null} />
      </section>
      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">Planned absences this school year</h2>
        {plans.error && (
          <p className="error" role="alert">
            {plans.error}
          </p>
        )}
        {!plans.data && !plans.error && <p className="notice">Loading planned absences…</p>}
        {plans.data && <PlanList plans={plans.data.plannedAbsences} classes={classes} timeZone={timeZone} />}
      </section>
      <section aria-labelledby="bulk-heading" className="card">
        <h2 id="bulk-heading">Codes for a class or the whole school</h2>
        <BulkForm classes={classes} today={today} />
      </section>
    </main>
  );
}

// ---------------------------------------------------------------------------------------------------
// Planned absences

function Checkboxes<T extends string | number>(props: {
  legend: string;
  options: Array<{ value: T; label: string }>;
  chosen: T[];
  onChange: (chosen: T[]) => void;
  problem?: string;
  hint?: string;
  idPrefix: string;
}) {
  const problemId = `${props.idPrefix}-problem`;
  const hintId = `${props.idPrefix}-hint`;
  return (
    <fieldset className="field checkbox-row" aria-describedby={[props.hint ? hintId : '', props.problem ? problemId : ''].filter(Boolean).join(' ') || undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      <div className="checkbox-options">
        {props.options.map((o) => (
          <label key={String(o.value)} className="checkbox">
            <input
              type="checkbox"
              checked={props.chosen.includes(o.value)}
              onChange={(e) => props.onChange(e.target.checked ? [...props.chosen, o.value] : props.chosen.filter((x) => x !== o.value))}
            />{' '}
            {o.label}
          </label>
        ))}
      </div>
      {props.problem && (
        <p className="field-problem" id={problemId}>
          {props.problem}
        </p>
      )}
    </fieldset>
  );
}

function Problem({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p className="field-problem" id={id}>
      {text}
    </p>
  ) : null;
}

type PlanProblems = Partial<Record<'pupils' | 'from' | 'to' | 'sessions' | 'weekdays' | 'code', string>>;

function PlanForm({ classes, today, plans, onPlanned }: { classes: RosterClass[]; today: string; plans: PlannedAbsence[] | null; onPlanned: () => Promise<void> }) {
  const { engine } = useSignedIn();
  const [mode, setMode] = useState<'one' | 'class'>('one');
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<RosterPupil | null>(null);
  const [classId, setClassId] = useState('');
  const [ticked, setTicked] = useState<string[]>([]);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [sessions, setSessions] = useState<Session[]>(['AM', 'PM']);
  const [weekdays, setWeekdays] = useState<number[]>([1, 2, 3, 4, 5]);
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<PlanProblems>({});
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'applied' | 'waiting' | 'refused'; text: string; planId?: string } | null>(null);

  const everyone = useMemo(() => classes.flatMap((c) => c.pupils), [classes]);
  const matches = useMemo(() => {
    const q = fold(search.trim());
    return q.length < 2 ? [] : everyone.filter((p) => fold(p.name).includes(q)).slice(0, 8);
  }, [everyone, search]);
  const chosenClass = classes.find((c) => c.id === classId);
  const pupilIds = mode === 'one' ? (chosen ? [chosen.pupilId] : []) : ticked;
  const allTicked = !!chosenClass && chosenClass.pupils.length > 0 && chosenClass.pupils.every((p) => ticked.includes(p.pupilId));

  function check(): PlanProblems {
    const p: PlanProblems = {};
    if (pupilIds.length === 0) p.pupils = mode === 'one' ? 'Find the pupil by name and choose them.' : 'Choose a class, then tick at least one pupil.';
    if (!isValidDate(from)) p.from = 'Enter the first day, e.g. 24/11/2026.';
    if (!isValidDate(to)) p.to = 'Enter the last day, e.g. 24/11/2026.';
    else if (isValidDate(from) && to < from) p.to = 'The last day is before the first day.';
    if (sessions.length === 0) p.sessions = 'Choose morning, afternoon or both.';
    if (weekdays.length === 0) p.weekdays = 'Tick at least one weekday.';
    if (!code) p.code = 'Choose the code to enter.';
    return p;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = check();
    setProblems(found);
    if (Object.keys(found).length) {
      setOutcome(null);
      return;
    }
    const id = crypto.randomUUID();
    const sorted = [...weekdays].sort((a, b) => a - b);
    const args = {
      id,
      pupilIds,
      startDate: from,
      endDate: to,
      sessions: SESSIONS.filter((s) => sessions.includes(s)),
      ...(sorted.length < 5 ? { weekdays: sorted } : {}),
      code,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const who = mode === 'one' && chosen ? chosen.name : plural(pupilIds.length, 'pupil', 'pupils');
    const summary = `${code} for ${who}, ${dateRange(from, to)}, ${sessionsText(args.sessions).toLowerCase()}${sorted.length < 5 ? `, ${weekdaysText(sorted)} only` : ''}`;
    setSending(true);
    try {
      const result = await sendChange(engine, 'absence.plan', args, { dismissIfRefused: true });
      if (result.state === 'refused') {
        setOutcome({ kind: 'refused', text: describeOutcome(result, '') });
        return;
      }
      setOutcome({ kind: result.state, text: describeOutcome(result, `Planned absence entered: ${summary}.`), planId: id });
      if (result.state === 'applied') {
        setChosen(null);
        setSearch('');
        setTicked([]);
        setCode('');
        setNote('');
        await onPlanned();
      }
    } catch (err) {
      setOutcome({ kind: 'refused', text: `Not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.` });
    } finally {
      setSending(false);
    }
  }

  const planned = outcome?.planId ? plans?.find((p) => p.id === outcome.planId) : undefined;

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="plan-heading" className="plan-form">
      <fieldset className="field" aria-describedby={problems.pupils ? 'plan-pupils-problem' : undefined}>
        <legend>Pupils</legend>
        <div className="checkbox-options">
          <label className="checkbox">
            <input type="radio" name="plan-mode" checked={mode === 'one'} onChange={() => setMode('one')} /> One pupil
          </label>
          <label className="checkbox">
            <input type="radio" name="plan-mode" checked={mode === 'class'} onChange={() => setMode('class')} /> Several pupils in a class
          </label>
        </div>
        {mode === 'one' &&
          (chosen ? (
            <p>
              Chosen: <strong>{chosen.name}</strong> ({chosen.groupName}){' '}
              <button type="button" className="button secondary small" onClick={() => setChosen(null)}>
                Choose another pupil
              </button>
            </p>
          ) : (
            <div className="field">
              <label htmlFor="plan-search">Find a pupil by name</label>
              <input
                id="plan-search"
                type="search"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onKeyDown={(e) => {
                  // Enter searches, it does not send the form; with a single match it chooses that pupil.
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  if (matches.length === 1) setChosen(matches[0]);
                }}
                autoComplete="off"
                aria-describedby="plan-search-hint"
              />
              <p className="hint" id="plan-search-hint">
                Type at least two letters of the first name or surname, then choose the pupil below.
              </p>
              {search.trim().length >= 2 && matches.length === 0 && <p className="hint">No pupil on roll matches “{search.trim()}”.</p>}
              {matches.length > 0 && (
                <ul className="pupil-matches" aria-label="Matching pupils">
                  {matches.map((p) => (
                    <li key={p.pupilId}>
                      <button type="button" className="button secondary small" onClick={() => setChosen(p)} aria-label={`Choose ${p.name}, ${p.groupName}`}>
                        {p.name} <span className="hint">{p.groupName}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        {mode === 'class' && (
          <>
            <div className="field">
              <label htmlFor="plan-class">Class</label>
              <select
                id="plan-class"
                value={classId}
                onChange={(e) => {
                  setClassId(e.target.value);
                  setTicked([]);
                }}
              >
                <option value="">Choose a class…</option>
                {classes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            {chosenClass && (
              <div className="pupil-ticks">
                <label className="checkbox select-all">
                  <input
                    type="checkbox"
                    checked={allTicked}
                    onChange={(e) => setTicked(e.target.checked ? chosenClass.pupils.map((p) => p.pupilId) : [])}
                  />{' '}
                  Select all ({plural(chosenClass.pupils.length, 'pupil', 'pupils')})
                </label>
                <ul className="tick-list" aria-label={`Pupils in ${chosenClass.name}`}>
                  {chosenClass.pupils.map((p) => (
                    <li key={p.pupilId}>
                      <label className="checkbox">
                        <input
                          type="checkbox"
                          checked={ticked.includes(p.pupilId)}
                          onChange={(e) => setTicked(e.target.checked ? [...ticked, p.pupilId] : ticked.filter((x) => x !== p.pupilId))}
                        />{' '}
                        {p.name}
                      </label>
                    </li>
                  ))}
                </ul>
                <p className="hint">{plural(ticked.length, 'pupil', 'pupils')} ticked.</p>
              </div>
            )}
          </>
        )}
        <Problem id="plan-pupils-problem" text={problems.pupils} />
      </fieldset>
      <div className="date-pair">
        <div className="field">
          <label htmlFor="plan-from">First day</label>
          <input id="plan-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={problems.from ? true : undefined} aria-describedby={problems.from ? 'plan-from-problem' : undefined} />
          <Problem id="plan-from-problem" text={problems.from} />
        </div>
        <div className="field">
          <label htmlFor="plan-to">Last day</label>
          <input id="plan-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={problems.to ? true : undefined} aria-describedby={problems.to ? 'plan-to-problem' : undefined} />
          <Problem id="plan-to-problem" text={problems.to} />
        </div>
      </div>
      <Checkboxes idPrefix="plan-sessions" legend="Sessions" options={SESSIONS.map((s) => ({ value: s, label: sessionLabel(s) }))} chosen={sessions} onChange={setSessions} problem={problems.sessions} />
      <Checkboxes
        idPrefix="plan-weekdays"
        legend="Weekdays"
        hint="For a part-time timetable, tick only the days the pupil is away (for example C2 on Wednesdays). Holidays and closures are left out by the school calendar."
        options={WEEKDAYS.map((w) => ({ value: w.n, label: w.long }))}
        chosen={weekdays}
        onChange={setWeekdays}
        problem={problems.weekdays}
      />
      <div className="field">
        <label htmlFor="plan-code">Code</label>
        <CodePicker id="plan-code" value={code} onChange={setCode} invalid={!!problems.code} describedBy={problems.code ? 'plan-code-problem' : undefined} />
        <Problem id="plan-code-problem" text={problems.code} />
      </div>
      <div className="field">
        <label htmlFor="plan-note">Note (recorded as the reason)</label>
        <textarea id="plan-note" value={note} maxLength={MAX_NOTE} rows={2} onChange={(e) => setNote(e.target.value)} aria-describedby="plan-note-hint" />
        <p className="hint" id="plan-note-hint">
          Optional, up to {MAX_NOTE} characters, e.g. “Dentist 9:30” or “Agreed part-time timetable”. Sessions that already have an office code are left as they are.
        </p>
      </div>
      {outcome && (
        <p className={outcome.kind === 'refused' ? 'error' : 'notice'} role={outcome.kind === 'refused' ? 'alert' : 'status'}>
          {outcome.text}
          {planned && ` ${plural(planned.cellsSet, 'session', 'sessions')} set, ${plural(planned.cellsSkipped, 'skipped', 'skipped')} (already had an office code).`}
        </p>
      )}
      <button type="submit" className="button primary" disabled={sending}>
        {sending ? 'Entering…' : 'Enter planned absence'}
      </button>
    </form>
  );
}

function PlanList({ plans, classes, timeZone }: { plans: PlannedAbsence[]; classes: RosterClass[]; timeZone: string }) {
  const names = useMemo(() => new Map(classes.flatMap((c) => c.pupils.map((p) => [p.pupilId, p.name] as const))), [classes]);
  if (plans.length === 0) return <p className="notice">No planned absences entered this school year.</p>;
  return (
    <table className="follow-up-table plan-table">
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Dates</th>
          <th scope="col">Sessions</th>
          <th scope="col">Weekdays</th>
          <th scope="col">Pupils</th>
          <th scope="col">Sessions set</th>
          <th scope="col">Skipped</th>
          <th scope="col">Note</th>
          <th scope="col">Entered by</th>
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => {
          const ids = p.args.pupilIds ?? [];
          const only = ids.length === 1 ? names.get(ids[0]) : undefined;
          const when = Date.parse(p.createdAt);
          return (
            <tr key={p.id}>
              <td>
                <span className="code">{p.code}</span> {findCode(p.code)?.plainMeaning ?? ''}
              </td>
              <td>{dateRange(p.startDate, p.endDate)}</td>
              <td>{sessionsText(p.args.sessions ?? SESSIONS)}</td>
              <td>{weekdaysText(p.args.weekdays)}</td>
              <td>{only ?? plural(ids.length, 'pupil', 'pupils')}</td>
              <td>{p.cellsSet}</td>
              <td>{p.cellsSkipped}</td>
              <td>{p.args.note ?? ''}</td>
              <td>
                {p.createdBy ?? 'Unknown'}, {dateWithYear(localDateOf(when, timeZone))} at {localTimeOf(when, timeZone)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// ---------------------------------------------------------------------------------------------------
// Bulk codes

const BULK_QUICK = [
  { code: '#', label: '# Planned closure' },
  { code: 'Y4', label: 'Y4 Unexpected closure' },
];

type BulkProblems = Partial<Record<'code' | 'from' | 'to' | 'dates' | 'sessions' | 'reason', string>>;

function BulkForm({ classes, today }: { classes: RosterClass[]; today: string }) {
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
        <select id="bulk-scope" value={groupId} onChange={(e) => setGroupId(e.target.value)}>
          <option value="">The whole school</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
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
