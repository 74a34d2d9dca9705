/** One academic year's dates and its six half-terms as date inputs, with the school days each holds. */
import { useState, type FormEvent } from 'react';
import { HALF_TERM_NAMES, describeDate } from '../../../../domain/academicCalendar';
import type { AcademicYearWire } from '../../../../protocol/adminSchool';

export interface YearDraft {
  startDate: string;
  endDate: string;
  terms: Array<{ name: string; startDate: string; endDate: string }>;
}

export function YearForm({ year, counts, onSave, busy }: { year: YearDraft; counts: AcademicYearWire | null; onSave: (y: YearDraft) => void; busy: boolean }) {
  const [draft, setDraft] = useState<YearDraft>(year);
  const setTerm = (i: number, patch: Partial<YearDraft['terms'][number]>) =>
    setDraft({ ...draft, terms: draft.terms.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft);
  };
  const id = (what: string) => `year-${year.startDate}-${what}`;
  return (
    <form className="year-form" onSubmit={submit} aria-label={`Terms of the year starting ${describeDate(year.startDate)}`}>
      <p className="year-dates">
        <span>Starts {describeDate(year.startDate)}</span>
        <label htmlFor={id('end')}>Ends</label>
        <input id={id('end')} type="date" value={draft.endDate} onChange={(e) => setDraft({ ...draft, endDate: e.target.value })} />
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Half-term</th>
            <th scope="col">First day</th>
            <th scope="col">Last day</th>
            <th scope="col">School days</th>
          </tr>
        </thead>
        <tbody>
          {HALF_TERM_NAMES.map((name, i) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                <input type="date" aria-label={`${name} first day`} value={draft.terms[i]?.startDate ?? ''} onChange={(e) => setTerm(i, { name, startDate: e.target.value })} />
              </td>
              <td>
                <input type="date" aria-label={`${name} last day`} value={draft.terms[i]?.endDate ?? ''} onChange={(e) => setTerm(i, { name, endDate: e.target.value })} />
              </td>
              <td>{counts?.terms[i]?.schoolDays ?? '–'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              School days in the year (the local authority usually publishes 190)
            </th>
            <td>{counts?.schoolDays ?? '–'}</td>
          </tr>
        </tfoot>
      </table>
      <button type="submit" className="button" disabled={busy}>
        Save terms
      </button>
    </form>
  );
}
