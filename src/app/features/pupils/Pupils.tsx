/**
 * Pupils (#/office/pupils, #/office/pupils/<pupilId>): find a pupil on roll today by name, and see one
 * pupil's register record.
 *
 * Guarantees:
 * - The search covers every pupil on roll today (from today's registers, each pupil once, with their class).
 * - A pupil's page shows their details (class, date of birth, vulnerability flags, family contacts), their
 *   attendance for this term and the year so far as the server computed it (possible sessions, present,
 *   authorised, unauthorised, %), with persistent and severe absence said in words, and their register as
 *   weeks of Monday to Friday, a morning and an afternoon cell a day, for a date range (default: the
 *   academic year so far).
 * - Every cell shows its code (colour is never the only signal; the legend names each colour) and is a
 *   button: it opens the cell's history and the form to change it (CellPanel). After a change the register
 *   is read again.
 */
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate, formatShortDate, nameMatchesSearch, plural } from '../../components/pupilName';
import { officeHref } from '../../components/route';
import { addDays, isoWeekday, isValidDate, localDateOf } from '../../../domain/time';
import { CellPanel } from './CellPanel';
import { officeApi, type AttendanceSummary, type PupilCell, type PupilRegisterResponse } from '../../office/officeApi';
import type { PageProps as OfficePageProps } from '../../components/route';
import { CELL_LEGEND, formatPercent, groupLabel, groupOfClass, sessionWord } from './registerCells';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import '../../office/officeRecords.css';

type Session = 'AM' | 'PM';
const SESSIONS: Session[] = ['AM', 'PM'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
/** Enough to find someone by typing a little more; a long list is no help. */
const MAX_MATCHES = 40;

export default function Pupils({ params }: OfficePageProps) {
  const pupilId = params[0];
  return (
    <main className="office office-records">
      {pupilId ? <PupilRecord key={pupilId} pupilId={pupilId} /> : <h1>Pupils</h1>}
      <PupilSearch compact={Boolean(pupilId)} />
    </main>
  );
}

interface RollPupil {
  pupilId: string;
  name: string;
  groupName: string;
}

function PupilSearch({ compact }: { compact: boolean }) {
  const { clock, user } = useSignedIn();
  const today = localDateOf(clock.now(), user.timeZone || 'Europe/London');
  const roll = useOfficeQuery((api) => api.officeRegisters(today), [today], 0);
  const [text, setText] = useState('');

  // Each pupil appears in the morning and the afternoon register: once is enough.
  const pupils = useMemo<RollPupil[]>(() => {
    const seen = new Map<string, RollPupil>();
    for (const r of roll.data?.registers ?? []) {
      for (const p of r.pupils) if (!seen.has(p.pupilId)) seen.set(p.pupilId, { pupilId: p.pupilId, name: p.name, groupName: r.groupName });
    }
    return [...seen.values()];
  }, [roll.data]);

  const words = text.trim().split(/\s+/).filter(Boolean);
  // The same search as the late desk's and the planned absences' (accents and case ignored: "zajac" finds Zając).
  const matches = pupils.filter((p) => nameMatchesSearch(p.name, text));
  const sorted = [...matches].sort((a, b) => surname(a.name).localeCompare(surname(b.name), 'en-GB') || a.name.localeCompare(b.name, 'en-GB'));

  return (
    <section className={compact ? 'card pupil-search compact no-print' : 'card pupil-search no-print'} aria-labelledby="pupil-search-title">
      <h2 id="pupil-search-title">{compact ? 'Find another pupil' : 'Find a pupil'}</h2>
      <div className="field">
        <label htmlFor="pupil-search">Pupil's name</label>
        <input id="pupil-search" type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" aria-describedby="pupil-search-hint" />
        <p id="pupil-search-hint" className="hint">
          {roll.data ? `Searches the ${plural(pupils.length, 'pupil', 'pupils')} on roll today. Type part of a first name or surname.` : 'Type part of a first name or surname.'}
        </p>
      </div>
      {roll.error && (
        <p className="error" role="alert">
          {roll.error}
        </p>
      )}
      <p className="visually-hidden" aria-live="polite">
        {words.length > 0 && roll.data ? `${plural(matches.length, 'pupil matches', 'pupils match')}` : ''}
      </p>
      {words.length > 0 && roll.data && matches.length === 0 && <p className="notice">No pupil on roll today matches “{text.trim()}”. Check the spelling, or try the surname.</p>}
      {sorted.length > 0 && (
        <ul className="pupil-matches" aria-label="Matching pupils">
          {sorted.slice(0, MAX_MATCHES).map((p) => (
            <li key={p.pupilId}>
              <a href={officeHref('pupils', p.pupilId)}>{p.name}</a> <span className="hint">{p.groupName}</span>
            </li>
          ))}
        </ul>
      )}
      {sorted.length > MAX_MATCHES && <p className="hint">Showing {MAX_MATCHES} of {sorted.length}. Type more of the name to narrow the list.</p>}
    </section>
  );
}

const surname = (name: string) => name.split(' ').slice(1).join(' ') || name;

function PupilRecord({ pupilId }: { pupilId: string }) {
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const query = useOfficeQuery((api) => officeApi.pupil(api, pupilId, range), [pupilId, range.from, range.to], 60_000);
  const [open, setOpen] = useState<{ date: string; session: Session } | null>(null);
  const cellButtons = useRef(new Map<string, HTMLButtonElement>());
  const data = query.data;

  function close() {
    const key = open ? `${open.date}|${open.session}` : null;
    setOpen(null);
    // Back to the cell the panel was opened from, so keyboard users keep their place.
    if (key) cellButtons.current.get(key)?.focus();
  }

  const cells = useMemo(() => new Map((data?.cells ?? []).map((c) => [`${c.date}|${c.session}`, c])), [data]);

  return (
    <>
      <h1>{data ? data.pupil.name : 'Pupil'}</h1>
      {query.error && (
        <p className="error" role="alert">
          {query.error}
        </p>
      )}
      {!data && !query.error && <p className="notice">Loading the pupil's register…</p>}
      {data && (
        <>
          <PupilDetails pupil={data.pupil} />
          <section aria-labelledby="attendance-title" className="attendance-summaries">
            <h2 id="attendance-title">Attendance</h2>
            <div className="summary-cards">
              {data.summaries.term ? (
                <SummaryCard title={`This term (${data.summaries.term.name ?? 'current term'})`} summary={data.summaries.term} />
              ) : (
                <p className="notice">No term dates are entered for today.</p>
              )}
              <SummaryCard title="This school year so far" summary={data.summaries.yearToDate} />
            </div>
          </section>
          <RangeForm data={data} onChange={(r) => { setOpen(null); setRange(r); }} isDefault={range.from === undefined && range.to === undefined} />
          <div className={open ? 'register-layout with-panel' : 'register-layout'}>
            <div>
              <RegisterGrid
                data={data}
                cells={cells}
                selected={open}
                onOpen={(date, session) => setOpen({ date, session })}
                buttons={cellButtons.current}
              />
              <Legend />
            </div>
            {open && (
              <CellPanel
                key={`${open.date}|${open.session}`}
                pupilId={pupilId}
                pupilName={data.pupil.name}
                date={open.date}
                session={open.session}
                currentCode={cells.get(`${open.date}|${open.session}`)?.code ?? null}
                onApplied={() => void query.reload()}
                onClose={close}
              />
            )}
          </div>
        </>
      )}
    </>
  );
}

const FLAG_WORDS: Array<[keyof PupilRegisterResponse['pupil']['flags'], string]> = [
  ['childProtection', 'Child protection'],
  ['lookedAfter', 'Looked after'],
  ['socialWorker', 'Social worker'],
  ['send', 'SEND'],
];

function PupilDetails({ pupil }: { pupil: PupilRegisterResponse['pupil'] }) {
  const flags = FLAG_WORDS.filter(([key]) => pupil.flags[key]).map(([, words]) => words);
  return (
    <section className="card pupil-details" aria-labelledby="pupil-details-title">
      <h2 id="pupil-details-title">Details</h2>
      <dl className="facts">
        <dt>Class</dt>
        <dd>{pupil.group ? pupil.group.name : 'Not in a class today'}</dd>
        <dt>Date of birth</dt>
        <dd>{formatLongDate(pupil.dateOfBirth)}</dd>
        <dt>Vulnerability</dt>
        <dd>
          {flags.length > 0 ? (
            <ul className="flag-list">
              {flags.map((f) => (
                <li key={f} className="flag">
                  {f}
                </li>
              ))}
            </ul>
          ) : (
            'None recorded'
          )}
        </dd>
        <dt>Family contacts</dt>
        <dd>
          {pupil.contacts.length > 0 ? (
            <ol className="contact-list">
              {pupil.contacts.map((c) => (
                <li key={`${c.priority}-${c.phone}`}>
                  {c.name} ({c.relationship}): <a href={`tel:${c.phone.replace(/\s+/g, '')}`}>{c.phone}</a>
                </li>
              ))}
            </ol>
          ) : (
            'None recorded'
          )}
        </dd>
      </dl>
    </section>
  );
}

function SummaryCard({ title, summary: s }: { title: string; summary: AttendanceSummary }) {
  return (
    <section className="card summary-card" aria-label={title}>
      <h3>{title}</h3>
      <p className="hint">
        {formatShortDate(s.from)} to {formatShortDate(s.to)}
      </p>
      <p className="attendance-percent">
        Attendance: <strong>{formatPercent(s.attendancePercent)}</strong>
      </p>
      {s.severeAbsence ? (
        <p className="absence-flag severe">Severe absence: absent from half or more of the possible sessions.</p>
      ) : s.persistentAbsence ? (
        <p className="absence-flag persistent">Persistent absence: absent from 10% or more of the possible sessions.</p>
      ) : null}
      <dl className="summary-figures">
        <dt>Possible sessions</dt>
        <dd>{s.possible}</dd>
        <dt>Present</dt>
        <dd>{s.present}</dd>
        {s.aea > 0 && (
          <>
            <dt>Approved activity</dt>
            <dd>{s.aea}</dd>
          </>
        )}
        <dt>Authorised absence</dt>
        <dd>{s.authorised}</dd>
        <dt>Unauthorised absence</dt>
        <dd>{s.unauthorised}</dd>
        {s.unmarked > 0 && (
          <>
            <dt>Sessions with no code yet</dt>
            <dd>{s.unmarked}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function RangeForm({ data, onChange, isDefault }: { data: PupilRegisterResponse; onChange: (r: { from?: string; to?: string }) => void; isDefault: boolean }) {
  const [from, setFrom] = useState(data.from);
  const [to, setTo] = useState(data.to);
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!isValidDate(from) || !isValidDate(to)) return setProblem('Enter both dates, "From" and "To".');
    if (to < from) return setProblem('"To" is before "From". Choose a "To" date on or after the "From" date.');
    setProblem(null);
    onChange({ from, to });
  }

  return (
    <form className="range-form no-print" onSubmit={submit} noValidate aria-label="Dates to show">
      <div className="field">
        <label htmlFor="register-from">From</label>
        <input id="register-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby={problem ? 'register-range-problem' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="register-to">To</label>
        <input id="register-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby={problem ? 'register-range-problem' : undefined} />
      </div>
      <button type="submit" className="button secondary small">
        Show these dates
      </button>
      {!isDefault && (
        <button type="button" className="button secondary small" onClick={() => onChange({})}>
          Academic year so far
        </button>
      )}
      {problem && (
        <p id="register-range-problem" className="field-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function weeksOf(from: string, to: string): string[] {
  const mondays: string[] = [];
  for (let monday = addDays(from, 1 - isoWeekday(from)); monday <= to; monday = addDays(monday, 7)) mondays.push(monday);
  return mondays;
}

function RegisterGrid({
  data,
  cells,
  selected,
  onOpen,
  buttons,
}: {
  data: PupilRegisterResponse;
  cells: Map<string, PupilCell>;
  selected: { date: string; session: Session } | null;
  onOpen: (date: string, session: Session) => void;
  buttons: Map<string, HTMLButtonElement>;
}) {
  const weeks = weeksOf(data.from, data.to);
  const closedDays = new Map((data.closedDays ?? []).map((d) => [d.date, d.label]));
  return (
    <table className="register-grid">
      <caption>
        Register from {formatLongDate(data.from)} to {formatLongDate(data.to)}. Choose a cell to see its history or change its code.
      </caption>
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            Week of
          </th>
          {WEEKDAYS.map((d) => (
            <th key={d} scope="colgroup" colSpan={2}>
              {d}
            </th>
          ))}
        </tr>
        <tr>
          {WEEKDAYS.map((d) =>
            SESSIONS.map((s) => (
              <th key={`${d}-${s}`} scope="col" className="session-head">
                <abbr title={sessionWord(s)}>{s}</abbr>
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody>
        {weeks.map((monday) => (
          <tr key={monday}>
            <th scope="row">{formatShortDate(monday).slice(4)}</th>
            {WEEKDAYS.map((_, i) => {
              const date = addDays(monday, i);
              return SESSIONS.map((session) => {
                const key = `${date}|${session}`;
                if (date < data.from || date > data.to) return <td key={key} className="outside" />;
                const cell = cells.get(key);
                const closed = !cell ? closedDays.get(date) : undefined;
                if (closed !== undefined) {
                  const why = closed ?? 'School closed';
                  return (
                    <td key={key} className="closed" title={why}>
                      <span aria-label={`${formatLongDate(date)}, ${sessionWord(session)}: ${why}, no register`}>·</span>
                    </td>
                  );
                }
                const group = groupOfClass(cell?.class);
                const isSelected = selected?.date === date && selected.session === session;
                const label = `${formatLongDate(date)}, ${sessionWord(session)}: ${cell ? `${cell.code}, ${groupLabel(group).toLowerCase()}` : 'no code yet'}`;
                return (
                  <td key={key}>
                    <button
                      type="button"
                      className={`register-cell cell-${group}`}
                      aria-label={label}
                      aria-pressed={isSelected}
                      onClick={() => onOpen(date, session)}
                      ref={(el) => {
                        if (el) buttons.set(key, el);
                        else buttons.delete(key);
                      }}
                    >
                      {cell ? cell.code : '–'}
                    </button>
                  </td>
                );
              });
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Legend() {
  return (
    <section className="register-legend" aria-labelledby="legend-title">
      <h3 id="legend-title">Key</h3>
      <ul>
        {CELL_LEGEND.map((l) => (
          <li key={l.group}>
            <span className={`legend-swatch register-cell cell-${l.group}`} aria-hidden="true">
              {l.examples.split(' ')[0] || '?'}
            </span>{' '}
            {l.label}
            {l.examples && l.group !== 'unmarked' && <span className="hint"> ({l.examples})</span>}
          </li>
        ))}
        <li>
          <span className="legend-swatch register-cell closed-swatch" aria-hidden="true">
            ·
          </span>{' '}
          School closed (holiday, INSET day): no register
        </li>
      </ul>
    </section>
  );
}
