/** A year's closures (INSET days, bank holidays, polling days…): the list with Remove, a form to add one, and the bank holidays in term. */
import { useState, type FormEvent } from 'react';
import { describeDate, type ClosureKind } from '../../../../domain/academicCalendar';
import type { AcademicYearWire, BankHolidayOffer, ClosureWire } from '../../../../protocol/adminSchool';

export const KIND_NAMES: Record<ClosureKind, string> = { inset: 'INSET day', bank_holiday: 'Bank holiday', polling_day: 'Polling day', other: 'Other' };

const when = (c: { startDate: string; endDate: string }) =>
  c.endDate === c.startDate ? describeDate(c.startDate) : `${describeDate(c.startDate)} to ${describeDate(c.endDate)}`;

export function Closures(props: {
  year: AcademicYearWire;
  busy: boolean;
  offers: BankHolidayOffer[] | null;
  onAdd: (closures: ClosureWire[]) => void;
  onRemove: (closure: ClosureWire) => void;
  onOfferBankHolidays: () => void;
}) {
  const { year, busy, offers } = props;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<ClosureKind>('inset');
  const [label, setLabel] = useState('INSET day');
  const id = (what: string) => `closure-${year.startDate}-${what}`;
  const add = (e: FormEvent) => {
    e.preventDefault();
    props.onAdd([{ startDate: from, endDate: to || from, label, kind }]);
  };
  const toAdd = (offers ?? []).filter((o) => o.inTerm && !o.closed);
  return (
    <section className="closures" aria-label={`Closures ${year.startDate}`}>
      <h3>Closures</h3>
      {year.closures.length === 0 ? (
        <p>No closures yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Label</th>
              <th scope="col">Kind</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {year.closures.map((c) => (
              <tr key={c.startDate}>
                <th scope="row">{when(c)}</th>
                <td>{c.label}</td>
                <td>{KIND_NAMES[c.kind]}</td>
                <td>
                  <button type="button" className="button secondary small" disabled={busy} onClick={() => props.onRemove(c)} aria-label={`Remove the closure on ${when(c)}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="closure-form" onSubmit={add} aria-label="Add a closure">
        <label htmlFor={id('from')}>Closed from</label>
        <input id={id('from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} required />
        <label htmlFor={id('to')}>to (for more than one day)</label>
        <input id={id('to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor={id('kind')}>Kind</label>
        <select
          id={id('kind')}
          value={kind}
          onChange={(e) => {
            const next = e.target.value as ClosureKind;
            if (label === KIND_NAMES[kind] || label === '') setLabel(next === 'other' ? '' : KIND_NAMES[next]);
            setKind(next);
          }}
        >
          {Object.entries(KIND_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
        <label htmlFor={id('label')}>Label</label>
        <input id={id('label')} value={label} onChange={(e) => setLabel(e.target.value)} />
        <button type="submit" className="button" disabled={busy || from === ''}>
          Add closure
        </button>
      </form>
      <div className="bank-holidays">
        {offers === null ? (
          <button type="button" className="button secondary" onClick={props.onOfferBankHolidays}>
            Show bank holidays in term
          </button>
        ) : toAdd.length === 0 ? (
          <p>Every bank holiday of this year in term time is already a closure.</p>
        ) : (
          <>
            <p>Bank holidays of England and Wales that fall in term time:</p>
            <ul>
              {toAdd.map((o) => (
                <li key={o.date}>
                  {describeDate(o.date)}: {o.name}
                </li>
              ))}
            </ul>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => props.onAdd(toAdd.map((o) => ({ startDate: o.date, endDate: o.date, label: `Bank holiday: ${o.name}`, kind: 'bank_holiday' })))}
            >
              {toAdd.length === 1 ? 'Add this bank holiday as a closure' : `Add these ${toAdd.length} bank holidays as closures`}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
