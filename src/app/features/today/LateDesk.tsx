/**
 * The late desk (office and admin; desktop first): record a pupil who arrived late, and keep the signing-out
 * book (SigningOutBook.tsx).
 *
 * Guarantees:
 * - The pupil is found by name among today's pupils on roll (today's registers, each pupil once).
 * - "Now" and "today" are the app's corrected clock in the school's time zone; the arrival time defaults to now
 *   and keeps following it until someone types a time. The session defaults to the one the arrival falls in:
 *   the afternoon once the afternoon register has opened (its opening time comes from today's registers).
 * - The code is the server's proposal (GET /api/office/late-proposal: L before the register closed, U after,
 *   with the minutes late counted from the opening), never worked out here. The office accepts it, or chooses
 *   a better code (an appointment → M); minutes late are sent only with L or U, as the server requires.
 * - A reason is asked for when the register already holds anything but N or nothing: an office code, or a
 *   present mark the teacher entered when they saw the pupil (a late over it amends what they recorded). The
 *   server refuses the change without one (reason_required) and its message is shown as it is.
 * - The change is one code.set through the outbox (sendChange); the outcome is always shown.
 */
import { useState, type FormEvent } from 'react';
import { useSignedIn } from '../../components/services';
import { formatLongDate, sessionLabel } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { isPresentMark, officeReplacementNeedsReason } from '../../../domain/officeCodes';
import { ApiError } from '../../sync/api';
import { officeApi, type LateProposal } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { describeOutcome, sendChange } from '../../office/sendChange';
import { CodePicker } from '../../office/CodePicker';
import { TodayPupilFinder, todayPupils, type TodayPupil } from './TodayPupilFinder';
import { SigningOutBook } from './SigningOutBook';
import { deskInstant, useDeskNow } from '../../office/deskTime';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeToday.css';

type Session = 'AM' | 'PM';
export const LATE_DESK_POLL_MS = 60_000;

/** Whether replacing `current` with `next` needs a reason: the server's own rule (an office code is being changed). */
export const reasonNeeded = officeReplacementNeedsReason;

const codeWords = (code: string) => {
  const found = findCode(code);
  return found ? `${code} (${found.plainMeaning})` : code;
};

function proposalError(e: unknown): string {
  if (e instanceof ApiError && e.kind === 'network') return 'No connection to the school server, so the code cannot be worked out. Try again when the connection is back.';
  if (e instanceof ApiError && e.status >= 400 && e.status < 500) return e.message;
  return 'The code could not be worked out. Try again.';
}

export default function LateDesk({ pollMs = LATE_DESK_POLL_MS }: OfficePageProps & { pollMs?: number }) {
  const { clock, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const desk = useDeskNow(clock, timeZone);
  const today = desk.today;
  const registers = useOfficeQuery((api) => api.officeRegisters(today), [today], pollMs);
  const onSite = useOfficeQuery((api) => officeApi.onSite(api), [], pollMs);
  const pupils = todayPupils(registers.data);
  const opensAt = (s: Session) => registers.data?.registers.find((r) => r.session === s)?.opensAt ?? null;

  return (
    <main className="office late-desk">
      <h1>Late arrivals and signing out{registers.data ? `: ${formatLongDate(registers.data.date)}` : ''}</h1>
      {registers.error && (
        <p className="error" role="alert">
          {registers.error}
        </p>
      )}
      {registers.data && !registers.data.isSchoolDay && (
        <p className="notice">Not a school day{registers.data.dayLabel ? `: ${registers.data.dayLabel}` : ''}, so there are no registers to record lates in.</p>
      )}
      <div className="late-layout">
        <LateArrival pupils={pupils} loading={registers.loading} pmOpensAt={opensAt('PM')} today={today} timeZone={timeZone} nowTime={desk.time} onRecorded={registers.reload} />
        <SigningOutBook pupils={pupils} loading={registers.loading} query={onSite} today={today} timeZone={timeZone} nowTime={desk.time} />
      </div>
    </main>
  );
}

function LateArrival({
  pupils,
  loading,
  pmOpensAt,
  today,
  timeZone,
  nowTime,
  onRecorded,
}: {
  pupils: TodayPupil[];
  loading: boolean;
  pmOpensAt: string | null;
  today: string;
  timeZone: string;
  nowTime: string;
  onRecorded: () => Promise<void>;
}) {
  const { api, clock, engine } = useSignedIn();
  const [pupil, setPupil] = useState<TodayPupil | null>(null);
  const [timeTyped, setTimeTyped] = useState<string | null>(null);
  const [sessionChosen, setSessionChosen] = useState<Session | null>(null);
  const [proposal, setProposal] = useState<LateProposal | null>(null);
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [choice, setChoice] = useState<'proposal' | 'other'>('proposal');
  const [otherCode, setOtherCode] = useState('');
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<{ text: string; refused: boolean } | null>(null);

  const time = timeTyped ?? nowTime;
  const arrival = timeTyped === null ? clock.now() : deskInstant(today, time, timeZone);
  const pmStart = deskInstant(today, pmOpensAt ?? '12:00', timeZone);
  const autoSession: Session = arrival !== null && pmStart !== null && arrival >= pmStart ? 'PM' : 'AM';
  const session = sessionChosen ?? autoSession;

  // Anything that changes the question makes the last answer stale.
  const changed = () => {
    setProposal(null);
    setProblem(null);
  };

  async function propose(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    if (!pupil) return setProblem('Choose the pupil first: type part of their name and pick them from the list.');
    if (arrival === null) return setProblem('Enter the time they arrived, for example 09:12.');
    if (arrival > clock.now() + 60_000) return setProblem('That time has not come yet. Check the arrival time.');
    setProblem(null);
    setAsking(true);
    try {
      const p = await officeApi.lateProposal(api, { pupilId: pupil.pupilId, date: today, session, arrivedAt: new Date(arrival).toISOString() });
      setProposal(p);
      setChoice('proposal');
      setOtherCode('');
      setReason('');
    } catch (err) {
      setProposal(null);
      setProblem(proposalError(err));
    } finally {
      setAsking(false);
    }
  }

  const code = proposal ? (choice === 'proposal' ? proposal.code : otherCode) : '';
  const needsReason = proposal !== null && code !== '' && reasonNeeded(proposal.currentCode, code);

  async function record(e: FormEvent) {
    e.preventDefault();
    if (!proposal || !pupil) return;
    if (!code) return setProblem('Choose the code to record.');
    if (needsReason && !reason.trim()) return setProblem(`Say why the ${proposal.currentCode} in the register is changing to ${code}.`);
    setProblem(null);
    setSending(true);
    const late = code === 'L' || code === 'U';
    try {
      const outcome = await sendChange(
        engine,
        'code.set',
        {
          pupilId: proposal.pupilId,
          date: proposal.date,
          session: proposal.session,
          code,
          ...(late ? { minutesLate: proposal.minutesLate } : {}),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        },
        { dismissIfRefused: true },
      );
      const what = `${pupil.name}, ${sessionLabel(proposal.session).toLowerCase()}: ${code}${late ? `, ${proposal.minutesLate} minutes late` : ''}.`;
      setNotice({ text: describeOutcome(outcome, `Recorded: ${what}`), refused: outcome.state === 'refused' });
      if (outcome.state !== 'refused') {
        setPupil(null);
        setProposal(null);
        setTimeTyped(null);
        setSessionChosen(null);
        setReason('');
        await onRecorded();
      }
    } catch (err) {
      setProblem(`This was not saved on this computer, so nothing was sent: ${err instanceof Error ? err.message : String(err)}. Try again.`);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card late-arrival" aria-labelledby="late-heading">
      <h2 id="late-heading">Late arrival</h2>
      {notice && (
        <p className={notice.refused ? 'error' : 'notice'} role={notice.refused ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <form onSubmit={(e) => void propose(e)} noValidate aria-label="Late arrival: pupil and time">
        <TodayPupilFinder
          pupils={pupils}
          loading={loading}
          value={pupil}
          label="Pupil who arrived late"
          onChange={(p) => {
            setPupil(p);
            changed();
          }}
        />
        <div className="late-when">
          <div className="field">
            <label htmlFor="late-time">Arrived at</label>
            <input
              id="late-time"
              type="time"
              step={60}
              value={time}
              onChange={(e) => {
                setTimeTyped(e.target.value);
                changed();
              }}
              aria-describedby="late-time-hint"
            />
            <p id="late-time-hint" className="hint">
              {timeTyped === null ? 'Now, by the school’s clock.' : (
                <button type="button" className="link-button" onClick={() => { setTimeTyped(null); changed(); }}>
                  Use the time now
                </button>
              )}
            </p>
          </div>
          <fieldset className="field">
            <legend>Session</legend>
            {(['AM', 'PM'] as const).map((s) => (
              <label key={s} className="check">
                <input
                  type="radio"
                  name="late-session"
                  value={s}
                  checked={session === s}
                  onChange={() => {
                    setSessionChosen(s);
                    changed();
                  }}
                />
                {sessionLabel(s)}
              </label>
            ))}
          </fieldset>
        </div>
        {!proposal && problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="button primary" disabled={asking}>
          {asking ? 'Working it out…' : 'Work out the code'}
        </button>
      </form>

      {proposal && pupil && (
        <form className="late-record" onSubmit={(e) => void record(e)} noValidate aria-label={`Record the late arrival of ${pupil.name}`}>
          <p className="late-proposal" role="status">
            <strong>{proposal.description}</strong>
          </p>
          <p className="hint">
            The register has {proposal.currentCode ? codeWords(proposal.currentCode) : 'nothing'} for {pupil.name} this {sessionLabel(proposal.session).toLowerCase()} now.
          </p>
          <fieldset className="field">
            <legend>Code to record</legend>
            <label className="check">
              <input type="radio" name="late-choice" checked={choice === 'proposal'} onChange={() => setChoice('proposal')} />
              {proposal.code === 'L' ? 'L: late, arrived before the register closed' : 'U: arrived after the register closed'} ({proposal.minutesLate} minutes late)
            </label>
            <label className="check">
              <input type="radio" name="late-choice" checked={choice === 'other'} onChange={() => setChoice('other')} />
              A better code, because there is a reason (for example M after a medical appointment)
            </label>
            {choice === 'other' && (
              <div className="field late-other">
                <label htmlFor="late-other-code">Other code</label>
                <CodePicker id="late-other-code" value={otherCode} onChange={setOtherCode} session={proposal.session} exclude={['N']} />
              </div>
            )}
          </fieldset>
          <div className="field">
            <label htmlFor="late-reason">
              {!needsReason
                ? 'Reason (optional)'
                : isPresentMark(proposal.currentCode)
                  ? `Reason (needed: this replaces the present mark ${proposal.currentCode})`
                  : `Reason (needed: this changes the office’s ${proposal.currentCode})`}
            </label>
            <input
              id="late-reason"
              type="text"
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-required={needsReason || undefined}
              placeholder={needsReason && isPresentMark(proposal.currentCode) ? `For example: signed the late book at ${time}` : undefined}
            />
          </div>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <button type="submit" className="button primary" disabled={sending || !code}>
            {sending ? 'Recording…' : code ? `Record ${code} for ${pupil.name}` : 'Choose a code'}
          </button>{' '}
          <button type="button" className="button secondary" onClick={changed}>
            Cancel
          </button>
        </form>
      )}
    </section>
  );
}
