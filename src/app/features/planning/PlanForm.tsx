/**
 * Entering a planned absence: one pupil found by name, or several ticked in a class; dates, sessions, weekdays
 * (a part-time timetable), code and note; sent as one absence.plan through the outbox.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { nameMatchesSearch, plural, sessionLabel } from '../../components/pupilName';
import { isValidDate } from '../../../domain/time';
import { NOT_PLANNABLE_CODES } from '../../../domain/officeCodes';
import { type PlannedAbsence } from '../../office/officeApi';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { CodePicker } from '../../office/CodePicker';
import { SESSIONS, WEEKDAYS, MAX_NOTE, dateRange, sessionsText, weekdaysText, type Session, type RosterPupil, type RosterClass } from './plannedModel';
import { Checkboxes, Problem } from './plannedFormParts';
import { ClassSelect } from '../../office/ClassSelect';

/** Why a plan from today back needs a note: the server refuses to replace a present mark without a reason. */
const noteNeededWhy =
  'Add a note: the dates start today or earlier, when registers may already hold a present mark, and replacing a present mark needs a reason.';

type PlanProblems = Partial<Record<'pupils' | 'from' | 'to' | 'sessions' | 'weekdays' | 'code' | 'note', string>>;

export function PlanForm({ classes, today, plans, onPlanned }: { classes: RosterClass[]; today: string; plans: PlannedAbsence[] | null; onPlanned: () => Promise<void> }) {
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
    return search.trim().length < 2 ? [] : everyone.filter((p) => nameMatchesSearch(p.name, search)).slice(0, 8);
  }, [everyone, search]);
  const chosenClass = classes.find((c) => c.id === classId);
  const noteNeeded = isValidDate(from) && from <= today;
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
    // From today back, a register may already hold a teacher's present mark, and replacing one needs a reason.
    if (isValidDate(from) && from <= today && !note.trim()) p.note = noteNeededWhy;
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
              <ClassSelect
                id="plan-class"
                value={classId}
                onChange={(g) => {
                  setClassId(g);
                  setTicked([]);
                }}
                classes={classes}
                emptyLabel="Choose a class…"
              />
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
        <CodePicker
          id="plan-code"
          value={code}
          onChange={setCode}
          exclude={NOT_PLANNABLE_CODES}
          invalid={!!problems.code}
          describedBy={problems.code ? 'plan-code-hint plan-code-problem' : 'plan-code-hint'}
        />
        <p className="hint" id="plan-code-hint">
          Only codes that can be known in advance. Present marks, lates (L, U) and N are recorded on the day; a closure planned ahead is #.
        </p>
        <Problem id="plan-code-problem" text={problems.code} />
      </div>
      <div className="field">
        <label htmlFor="plan-note">Note (recorded as the reason){noteNeeded ? ' (required)' : ''}</label>
        <textarea
          id="plan-note"
          value={note}
          maxLength={MAX_NOTE}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby={problems.note ? 'plan-note-hint plan-note-problem' : 'plan-note-hint'}
          aria-required={noteNeeded || undefined}
          aria-invalid={!!problems.note || undefined}
        />
        <p className="hint" id="plan-note-hint">
          {noteNeeded ? 'Needed: the dates start today or earlier, ' : 'Optional for dates still to come, '}
          up to {MAX_NOTE} characters, e.g. “Dentist 9:30” or “Agreed part-time timetable”. Sessions that already have an office code are left as
          they are; a teacher’s present mark is replaced, with the note as the reason.
        </p>
        <Problem id="plan-note-problem" text={problems.note} />
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
