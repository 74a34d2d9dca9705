/**
 * First-day calls (office and admin; desktop first): every pupil with N today, so the office contacts each
 * family today (DOMAIN.md §7, first-day response).
 *
 * Guarantees:
 * - Vulnerable pupils come first (child protection, then looked after, then social worker, then SEND), each
 *   flag written in words, never colour alone; the server already orders the list, and the screen keeps that
 *   order when it re-sorts nothing but the vulnerability rank (so a vulnerable pupil can never sink below one
 *   who is not).
 * - Each pupil shows their class, the sessions with N, the family contacts with phone numbers as tel: links,
 *   whether anyone has been contacted yet, and every contact attempt recorded today, oldest first.
 * - Recording a call or message is one contact.record through the outbox (sendChange), with a fresh id. A quick
 *   outcome fills the words and the code ("Ill" → I, "No answer" → no code); any other code comes from the
 *   CodePicker. With a code, the server replaces the pupil's N and they leave the list when it is read again.
 * - The outcome is always shown: recorded, refused with the server's own message, or waiting to be sent.
 */
import { useId, useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { officeHref } from '../../components/route';
import { formatLongDate, plural } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { localTimeOf } from '../../../domain/time';
import type { ContactMethod } from '../../db/types';
import { officeApi, type FirstDayPupil, type VulnerabilityFlags } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { describeOutcome, sendChange, type ChangeOutcome } from '../../office/sendChange';
import { CodePicker } from '../../office/CodePicker';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeToday.css';

export const FIRST_DAY_POLL_MS = 30_000;
export const MAX_OUTCOME = 300;

/** In the order the first-day response takes them (DOMAIN.md §7). */
export const FLAG_WORDS: Array<[keyof VulnerabilityFlags, string]> = [
  ['childProtection', 'Child protection'],
  ['lookedAfter', 'Looked after'],
  ['socialWorker', 'Social worker'],
  ['send', 'SEND'],
];

export const METHODS: Array<{ value: ContactMethod; label: string }> = [
  { value: 'phone', label: 'Phone call' },
  { value: 'text', label: 'Text message' },
  { value: 'email', label: 'Email' },
  { value: 'in person', label: 'In person' },
  { value: 'home visit', label: 'Home visit' },
  { value: 'message from home', label: 'Message from home' },
];

/** The answers the office hears most often, with the code each one means (none: the N stays). */
export const QUICK_OUTCOMES: Array<{ outcome: string; code: string }> = [
  { outcome: 'Ill', code: 'I' },
  { outcome: 'Medical appointment', code: 'M' },
  { outcome: 'Religious observance', code: 'R' },
  { outcome: 'No answer', code: '' },
  { outcome: 'Left a message', code: '' },
];

/** 0 for child protection … 3 for SEND, 4 for a pupil with no flag. */
export function vulnerabilityRank(flags: VulnerabilityFlags): number {
  const i = FLAG_WORDS.findIndex(([flag]) => flags[flag]);
  return i < 0 ? FLAG_WORDS.length : i;
}

export function flagWords(flags: VulnerabilityFlags): string[] {
  return FLAG_WORDS.filter(([flag]) => flags[flag]).map(([, words]) => words);
}

const sessionsInWords = (sessions: Array<'AM' | 'PM'>) =>
  sessions.length === 2 ? 'Morning and afternoon' : sessions[0] === 'PM' ? 'Afternoon' : 'Morning';

const methodLabel = (m: string) => METHODS.find((x) => x.value === m)?.label ?? m;

const codeWords = (code: string) => {
  const found = findCode(code);
  return found ? `${code} (${found.plainMeaning})` : code;
};

export default function FirstDayResponse({ pollMs = FIRST_DAY_POLL_MS }: OfficePageProps & { pollMs?: number }) {
  const { user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const query = useOfficeQuery((api) => officeApi.firstDay(api), [], pollMs);
  const [onlyNotContacted, setOnlyNotContacted] = useState(false);
  const [notice, setNotice] = useState<{ text: string; refused: boolean } | null>(null);
  const data = query.data;

  // Stable sort: the server's order within each rank.
  const pupils = data ? [...data.pupils].sort((a, b) => vulnerabilityRank(a.flags) - vulnerabilityRank(b.flags)) : [];
  const contacted = pupils.filter((p) => p.contacted).length;
  const shown = onlyNotContacted ? pupils.filter((p) => !p.contacted) : pupils;

  async function recorded(p: FirstDayPupil, outcome: ChangeOutcome, summary: string) {
    setNotice({ text: describeOutcome(outcome, `Recorded for ${p.name}: ${summary}`), refused: outcome.state === 'refused' });
    if (outcome.state === 'applied') await query.reload();
  }

  return (
    <main className="office first-day">
      <h1>First-day calls{data ? `: ${formatLongDate(data.date)}` : ''}</h1>
      <p className="hint">Every pupil marked N today (absent, reason not known yet). Contact each family today, vulnerable pupils first.</p>
      {query.error && (
        <p className="error" role="alert">
          {query.error}
        </p>
      )}
      {notice && (
        <p className={notice.refused ? 'error' : 'notice'} role={notice.refused ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {!data && !query.error && <p className="notice">Loading today's absences…</p>}
      {data && !data.isSchoolDay && <p className="notice">Not a school day{data.dayLabel ? `: ${data.dayLabel}` : ''}, so there is nobody to call.</p>}
      {data && data.isSchoolDay && pupils.length === 0 && <p className="notice">Nobody is marked N today: every absence has a reason.</p>}
      {data && pupils.length > 0 && (
        <>
          <p className="office-summary">
            {plural(pupils.length, 'pupil', 'pupils')} with N: {contacted} contacted, {pupils.length - contacted} not yet contacted.
          </p>
          <label className="check">
            <input type="checkbox" checked={onlyNotContacted} onChange={(e) => setOnlyNotContacted(e.target.checked)} />
            Show only pupils not yet contacted
          </label>
          <ul className="fd-list">
            {shown.map((p) => (
              <li key={p.pupilId}>
                <FirstDayCard pupil={p} date={data.date} timeZone={timeZone} onRecorded={recorded} />
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

function FirstDayCard({
  pupil: p,
  date,
  timeZone,
  onRecorded,
}: {
  pupil: FirstDayPupil;
  date: string;
  timeZone: string;
  onRecorded: (p: FirstDayPupil, outcome: ChangeOutcome, summary: string) => Promise<void>;
}) {
  const headingId = `fd-${p.pupilId}`;
  const flags = flagWords(p.flags);
  const contacts = [...p.contacts].sort((a, b) => a.priority - b.priority);
  return (
    <section className={`card fd-card${p.vulnerable ? ' fd-vulnerable' : ''}`} aria-labelledby={headingId}>
      <div className="fd-head">
        <h2 id={headingId}>
          <a href={officeHref('pupils', p.pupilId)}>{p.name}</a>
        </h2>
        <span className="fd-class">{p.groupName}</span>
        <span className="fd-sessions">N: {sessionsInWords(p.sessions)}</span>
        <span className={p.contacted ? 'fd-status fd-contacted' : 'fd-status fd-not-contacted'}>
          {p.contacted ? `Contacted (${plural(p.contactLog.length, 'attempt', 'attempts')})` : 'Not yet contacted'}
        </span>
        {p.messageFromHome && <span className="fd-status">Message from home received</span>}
      </div>
      {flags.length > 0 && (
        <p className="fd-flags">
          <span className="visually-hidden">Vulnerable: </span>
          {flags.map((f) => (
            <span key={f} className="fd-flag">
              {f}
            </span>
          ))}
        </p>
      )}
      <div className="fd-columns">
        <div>
          <h3>Family contacts</h3>
          {contacts.length === 0 ? (
            <p className="hint">No family contacts recorded. Check the school's information system.</p>
          ) : (
            <ul className="fd-contacts">
              {contacts.map((c) => (
                <li key={`${c.priority}|${c.name}|${c.phone}`}>
                  {c.name} ({c.relationship}):{' '}
                  <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`} aria-label={`Call ${c.name} on ${c.phone}`}>
                    {c.phone}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <h3>Contact so far</h3>
          {p.contactLog.length === 0 ? (
            <p className="hint">Nothing recorded yet.</p>
          ) : (
            <ol className="fd-log">
              {p.contactLog.map((l) => (
                <li key={l.id}>
                  {Number.isFinite(Date.parse(l.at)) ? localTimeOf(Date.parse(l.at), timeZone) : ''} · {methodLabel(l.method)}: {l.outcome}
                  {l.code ? ` · code ${codeWords(l.code)} set` : ''} · {l.by}
                </li>
              ))}
            </ol>
          )}
        </div>
        <ContactForm pupil={p} date={date} onRecorded={onRecorded} />
      </div>
    </section>
  );
}

function ContactForm({ pupil: p, date, onRecorded }: { pupil: FirstDayPupil; date: string; onRecorded: (p: FirstDayPupil, outcome: ChangeOutcome, summary: string) => Promise<void> }) {
  const { engine } = useSignedIn();
  const id = useId();
  const [method, setMethod] = useState<ContactMethod>('phone');
  const [outcome, setOutcome] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  function choose(q: { outcome: string; code: string }) {
    setOutcome(q.outcome);
    setCode(q.code);
    setProblem(null);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const words = outcome.trim();
    if (!words) return setProblem('Say what happened, for example “No answer” or “Ill, back tomorrow”.');
    if (words.length > MAX_OUTCOME) return setProblem(`Keep the outcome to ${MAX_OUTCOME} characters.`);
    setProblem(null);
    setSending(true);
    try {
      const result = await sendChange(
        engine,
        'contact.record',
        { id: crypto.randomUUID(), pupilId: p.pupilId, date, method, outcome: words, ...(code ? { code } : {}) },
        { dismissIfRefused: true },
      );
      if (result.state !== 'refused') {
        setOutcome('');
        setCode('');
      }
      await onRecorded(p, result, `${methodLabel(method).toLowerCase()}, ${words}${code ? `. Code ${code} set.` : '.'}`);
    } catch (err) {
      setProblem(`This was not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.`);
    } finally {
      setSending(false);
    }
  }

  const chosen = QUICK_OUTCOMES.find((q) => q.outcome === outcome.trim() && q.code === code);
  return (
    <form className="fd-form" onSubmit={(e) => void submit(e)} aria-label={`Record contact for ${p.name}`} noValidate>
      <h3>Record a call or message</h3>
      <div className="field">
        <label htmlFor={`${id}-method`}>How</label>
        <select id={`${id}-method`} value={method} onChange={(e) => setMethod(e.target.value as ContactMethod)}>
          {METHODS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field">
        <legend>Common outcomes</legend>
        <div className="outcome-choices">
          {QUICK_OUTCOMES.map((q) => (
            <button
              key={q.outcome}
              type="button"
              className="button secondary small"
              aria-pressed={chosen === q}
              onClick={() => choose(q)}
            >
              {q.outcome} {q.code ? `→ ${q.code}` : '(no code)'}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-outcome`}>Outcome</label>
        <input
          id={`${id}-outcome`}
          type="text"
          value={outcome}
          maxLength={MAX_OUTCOME}
          onChange={(e) => setOutcome(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-code`}>Code to set (optional)</label>
        <CodePicker id={`${id}-code`} value={code} onChange={setCode} exclude={['/', '\\', 'N']} placeholder="No code: keep N for now" describedBy={`${id}-code-hint`} />
        <p id={`${id}-code-hint`} className="hint">
          {code ? `${codeWords(code)} will replace N; ${p.name} then leaves this list.` : 'Without a code the N stays and the contact is logged.'}
        </p>
      </div>
      <button type="submit" className="button primary" disabled={sending}>
        {sending ? 'Recording…' : 'Record contact'}
      </button>
    </form>
  );
}
