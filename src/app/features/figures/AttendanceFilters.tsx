/**
 * The Attendance screen's filters: the cohort (applied as soon as a choice changes) and the date range
 * (applied with its button, once both dates are valid and in order).
 */
import { useState, type FormEvent } from 'react';
import { isValidDate } from '../../../domain/time';
import type { Cohort, Range } from './attendanceFigures';

type YesNo = '' | 'true' | 'false';
const yesNo = (v: boolean | undefined): YesNo => (v === undefined ? '' : v ? 'true' : 'false');
const fromYesNo = (v: string): boolean | undefined => (v === '' ? undefined : v === 'true');

const FLAGS: Array<{ key: 'fsm' | 'eal' | 'lookedAfter'; label: string; yes: string; no: string }> = [
  { key: 'fsm', label: 'Free school meals', yes: 'Eligible', no: 'Not eligible' },
  { key: 'eal', label: 'English as an additional language', yes: 'Yes', no: 'No' },
  { key: 'lookedAfter', label: 'Looked after', yes: 'Yes', no: 'No' },
];

export function CohortFilters({ cohort, onChange }: { cohort: Cohort; onChange: (c: Cohort) => void }) {
  const set = (patch: Partial<Cohort>) => {
    const next: Cohort = { ...cohort, ...patch };
    // An unset filter is left out of the query, not sent empty.
    for (const k of Object.keys(next) as Array<keyof Cohort>) if (next[k] === undefined) delete next[k];
    onChange(next);
  };
  const filtered = Object.keys(cohort).length > 0;
  return (
    <form className="figures-filters no-print" aria-label="Which pupils" onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="filter-send">SEN</label>
        <select id="filter-send" value={cohort.send ?? ''} onChange={(e) => set({ send: (e.target.value || undefined) as Cohort['send'] })}>
          <option value="">Any</option>
          <option value="K">SEN support</option>
          <option value="E">EHC plan</option>
          <option value="none">No SEN</option>
        </select>
      </div>
      {FLAGS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`filter-${f.key}`}>{f.label}</label>
          <select id={`filter-${f.key}`} value={yesNo(cohort[f.key])} onChange={(e) => set({ [f.key]: fromYesNo(e.target.value) })}>
            <option value="">Any</option>
            <option value="true">{f.yes}</option>
            <option value="false">{f.no}</option>
          </select>
        </div>
      ))}
      <div className="field">
        <label htmlFor="filter-gender">Gender</label>
        <select id="filter-gender" value={cohort.gender ?? ''} onChange={(e) => set({ gender: (e.target.value || undefined) as Cohort['gender'] })}>
          <option value="">Any</option>
          <option value="F">Female</option>
          <option value="M">Male</option>
          <option value="X">Other</option>
        </select>
      </div>
      {filtered && (
        <button type="button" className="button secondary small" onClick={() => onChange({})}>
          All pupils
        </button>
      )}
    </form>
  );
}

export function RangeForm({ from: shownFrom, to: shownTo, isYearSoFar, onChange }: { from: string; to: string; isYearSoFar: boolean; onChange: (r: Range) => void }) {
  const [from, setFrom] = useState(shownFrom);
  const [to, setTo] = useState(shownTo);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isValidDate(from) || !isValidDate(to)) return setProblem('Enter both dates, "From" and "To".');
    if (to < from) return setProblem('"To" is before "From". Choose a "To" date on or after the "From" date.');
    setProblem(null);
    onChange({ from, to });
  }

  return (
    <form className="figures-range no-print" onSubmit={submit} noValidate aria-label="Dates of the table and the trend">
      <div className="field">
        <label htmlFor="figures-from">From</label>
        <input id="figures-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={problem ? 'figures-range-problem' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="figures-to">To</label>
        <input id="figures-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={problem ? 'figures-range-problem' : undefined} />
      </div>
      <button type="submit" className="button secondary small">
        Show these dates
      </button>
      {!isYearSoFar && (
        <button type="button" className="button secondary small" onClick={() => onChange({})}>
          School year so far
        </button>
      )}
      {problem && (
        <p id="figures-range-problem" className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
