/**
 * The school's settings (admin): name, URN, time zone, per session when the register opens and how long it
 * stays open, the missing-register and N windows, the attendance target and bands, and the attendance letter's
 * text (GET/PUT /api/admin/school).
 *
 * The server decides what is valid and answers every problem in words; the screen shows them as a list, and
 * shows the guidance warnings (a register open over 30 minutes, AM and PM different) beside the times. Saving
 * is a request made at once: the screen says plainly whether it was saved.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { PageProps } from '../../../components/route';
import { useSignedIn } from '../../../components/services';
import { ApiError } from '../../../sync/api';
import { settingsWarnings, type SchoolSettingsResponse, type SchoolSettingsWire } from '../../../../protocol/adminSchool';
import { BandsTable, type BandRow } from './BandsTable';
import { LetterTemplateField } from './LetterTemplateField';
import './school.css';

interface Form {
  name: string;
  urn: string;
  timeZone: string;
  amOpensAt: string;
  amMinutes: string;
  pmOpensAt: string;
  pmMinutes: string;
  missingRegisterMinutes: string;
  nWindowSchoolDays: string;
  attendanceTarget: string;
  bands: BandRow[];
  /** Undefined when the server sent none: the PUT then leaves the stored letter alone. */
  letterTemplate: string | undefined;
  /** Undefined when the server sent none: the PUT then leaves the stored number alone. */
  latesInWeek: string | undefined;
}

function toForm(s: SchoolSettingsWire): Form {
  return {
    name: s.name,
    urn: s.urn,
    timeZone: s.timeZone,
    amOpensAt: s.sessions.AM.opensAt,
    amMinutes: String(s.sessions.AM.openMinutes),
    pmOpensAt: s.sessions.PM.opensAt,
    pmMinutes: String(s.sessions.PM.openMinutes),
    missingRegisterMinutes: String(s.missingRegisterMinutes),
    nWindowSchoolDays: String(s.nWindowSchoolDays),
    attendanceTarget: s.attendanceTarget === null ? '' : String(s.attendanceTarget),
    bands: s.attendanceBands.map((b) => ({ name: b.name, min: String(b.min), max: b.max === null ? '' : String(b.max) })),
    letterTemplate: s.letterTemplate,
    latesInWeek: s.latesInWeek === undefined ? undefined : String(s.latesInWeek),
  };
}

/** A box that is empty or not a number; fromForm sends it as -1 so the server says in words what is wanted. */
function num(text: string): number {
  const n = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(n) ? Number.NaN : n;
}

function fromForm(f: Form): SchoolSettingsWire {
  const orBad = (n: number) => (Number.isNaN(n) ? -1 : n);
  return {
    name: f.name,
    urn: f.urn.trim(),
    timeZone: f.timeZone.trim(),
    sessions: { AM: { opensAt: f.amOpensAt, openMinutes: orBad(num(f.amMinutes)) }, PM: { opensAt: f.pmOpensAt, openMinutes: orBad(num(f.pmMinutes)) } },
    missingRegisterMinutes: orBad(num(f.missingRegisterMinutes)),
    nWindowSchoolDays: orBad(num(f.nWindowSchoolDays)),
    attendanceTarget: f.attendanceTarget.trim() === '' ? null : orBad(num(f.attendanceTarget)),
    attendanceBands: f.bands.map((b) => ({ name: b.name, min: orBad(num(b.min)), max: b.max.trim() === '' ? null : orBad(num(b.max)) })),
    ...(f.letterTemplate === undefined ? {} : { letterTemplate: f.letterTemplate }),
    ...(f.latesInWeek === undefined ? {} : { latesInWeek: orBad(num(f.latesInWeek)) }),
  };
}

function problemOf(e: unknown): { message: string; problems: string[] } {
  if (e instanceof ApiError && e.kind === 'network') return { message: 'Not saved: no connection to the school server. Try again when it is back.', problems: [] };
  if (e instanceof ApiError && e.status === 403) return { message: 'Only an admin can change the school settings.', problems: [] };
  if (e instanceof ApiError && e.status === 401) return { message: 'Your sign-in has expired. Sign out and sign in again.', problems: [] };
  // The server lists every problem in words in its message.
  if (e instanceof ApiError && e.code === 'invalid_settings') return { message: e.message, problems: [] };
  return { message: e instanceof ApiError ? `Not saved: ${e.message}` : 'Not saved: something went wrong. Try again.', problems: [] };
}

export default function SchoolSettings(_props: PageProps) {
  const { api } = useSignedIn();
  const [form, setForm] = useState<Form | null>(null);
  const [defaultBands, setDefaultBands] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string; problems: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api
      .get<SchoolSettingsResponse>('/api/admin/school')
      .then((r) => {
        if (!live) return;
        setForm(toForm(r.settings));
        setDefaultBands(r.defaultBands);
      })
      .catch((e: unknown) => live && setLoadError(problemOf(e).message.replace(/^Not saved: /, 'Could not load the settings: ')));
    return () => {
      live = false;
    };
  }, [api]);

  if (!form) {
    return (
      <main className="office admin-school">
        <h1>School</h1>
        {loadError ? <p className="error" role="alert">{loadError}</p> : <p className="notice">Loading the school’s settings…</p>}
      </main>
    );
  }

  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setResult(null);
  };
  const draft = fromForm(form);
  const warnings = settingsWarnings(draft);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const answer = await api.send<SchoolSettingsResponse>('PUT', '/api/admin/school', draft);
      setForm(toForm(answer.settings));
      setDefaultBands(false);
      setResult({ ok: true, message: answer.warnings.length ? 'Saved, with the warnings shown.' : 'Saved.', problems: [] });
    } catch (err) {
      setResult({ ok: false, ...problemOf(err) });
    } finally {
      setBusy(false);
    }
  }

  const field = (id: keyof Form, label: string, extra: { type?: string; hint?: string; inputMode?: 'numeric' | 'decimal' } = {}) => (
    <>
      <label htmlFor={`school-${id}`}>{label}</label>
      <span className="field">
        <input id={`school-${id}`} type={extra.type ?? 'text'} inputMode={extra.inputMode} value={form[id] as string} onChange={(e) => set({ [id]: e.target.value })} />
        {extra.hint && <small>{extra.hint}</small>}
      </span>
    </>
  );

  return (
    <main className="office admin-school">
      <h1>School</h1>
      <form className="admin-form" onSubmit={(e) => void save(e)} noValidate>
        <h2>The school</h2>
        {field('name', 'Name')}
        {field('urn', 'URN', { inputMode: 'numeric', hint: 'Six digits, from Get Information about Schools. Leave empty if you do not have one.' })}
        {field('timeZone', 'Time zone', { hint: 'For example Europe/London.' })}

        <h2>Registers</h2>
        {field('amOpensAt', 'AM register opens at', { type: 'time' })}
        {field('amMinutes', 'AM register stays open (minutes)', { inputMode: 'numeric' })}
        {field('pmOpensAt', 'PM register opens at', { type: 'time' })}
        {field('pmMinutes', 'PM register stays open (minutes)', { inputMode: 'numeric' })}
        {warnings.length > 0 && (
          <ul className="warnings" aria-label="Guidance warnings">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        {field('missingRegisterMinutes', 'Minutes until a register counts as missing', { inputMode: 'numeric' })}
        {field('nWindowSchoolDays', 'School days to replace an N with a real code', { inputMode: 'numeric' })}

        <h2>Attendance</h2>
        {field('attendanceTarget', 'Attendance target (%)', { inputMode: 'decimal', hint: 'Leave empty for no target.' })}
        <BandsTable bands={form.bands} onChange={(bands) => set({ bands })} isDefault={defaultBands} />
        {form.latesInWeek !== undefined &&
          field('latesInWeek', 'Late arrivals in one week that make a lateness alert', { inputMode: 'numeric', hint: 'From 1 to 10; L and U both count, Monday to Sunday.' })}
        {form.letterTemplate !== undefined && <LetterTemplateField value={form.letterTemplate} onChange={(letterTemplate) => set({ letterTemplate })} />}

        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
        {result && (
          <div className={result.ok ? 'notice' : 'error'} role={result.ok ? 'status' : 'alert'}>
            <p>{result.message}</p>
            {result.problems.length > 0 && (
              <ul>
                {result.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </form>
    </main>
  );
}
