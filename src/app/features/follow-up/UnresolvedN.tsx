/**
 * Unresolved N (office and admin; desktop first): every N in the school, with the date it must be resolved by.
 *
 * Guarantees:
 * - The deadline and whether an N is overdue come from the server, which counts school days in the school's own
 *   calendar (half terms and INSET days do not count); the screen never works them out from weekdays. Overdue
 *   ones come first, in the server's order.
 * - "Change the overdue ones to O" asks first, saying how many and the reason that will be recorded, then sends
 *   one code.set (code O, reason "No reason established") per overdue N, all through the outbox and one push.
 *   Only N that were overdue when the person confirmed, and still are when the list is read again just before
 *   sending, are changed: an N someone resolved in the meantime keeps its new code.
 * - It reports how many were changed, and lists each one refused with the server's own message.
 */
import { useState } from 'react';
import { useSignedIn } from '../../components/services';
import { officeHref } from '../../components/route';
import { formatLongDate, formatShortDate, plural, sessionLabel } from '../../components/pupilName';
import { officeApi, type UnresolvedN as UnresolvedItem } from '../../office/officeApi';
import { officeLoadError, useOfficeQuery } from '../../components/useOfficeQuery';
import { sendChanges, WAITING_MESSAGE } from '../../office/sendChange';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeFollowUp.css';

export const OVERDUE_REASON = 'No reason established';

/** The deadline in words: the server gives the date, or null when the calendar does not reach it. */
export function deadlineLabel(item: Pick<UnresolvedItem, 'deadline' | 'overdue'>): string {
  if (item.deadline === null) return 'No deadline: the calendar is not entered that far';
  return item.overdue ? `Overdue: the deadline was ${formatShortDate(item.deadline)}` : `Resolve by ${formatShortDate(item.deadline)}`;
}

function markedByText(item: UnresolvedItem): string {
  if (!item.markedBy) return item.source === 'office' ? 'The office' : 'A teacher';
  return item.source === 'office' ? `${item.markedBy} (office)` : item.markedBy;
}

const itemKey = (i: UnresolvedItem) => `${i.pupilId}|${i.date}|${i.session}`;
const itemLabel = (i: UnresolvedItem) => `${i.name}, ${formatShortDate(i.date)} ${sessionLabel(i.session).toLowerCase()}`;

interface BulkResult {
  changed: number;
  waiting: number;
  /** Overdue when confirmed, but no longer N when the change was about to be sent: left alone. */
  alreadyResolved: number;
  refused: Array<{ item: UnresolvedItem; message: string }>;
}

export default function UnresolvedN(_props: OfficePageProps) {
  const { api, engine } = useSignedIn();
  const query = useOfficeQuery((a) => officeApi.unresolvedN(a), []);
  const data = query.data;
  const [confirming, setConfirming] = useState<UnresolvedItem[] | null>(null);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);

  const overdue = data?.items.filter((i) => i.overdue) ?? [];

  async function changeOverdue(items: UnresolvedItem[]) {
    setSending(true);
    setSendError(null);
    let toSend: UnresolvedItem[];
    try {
      // Read the list again first: an N someone resolved since it was loaded (say to M) now holds an office
      // code, and code.set with a reason would replace it. Only those still overdue N are sent.
      const fresh = await officeApi.unresolvedN(api);
      const stillOverdue = new Set(fresh.items.filter((i) => i.overdue).map(itemKey));
      toSend = items.filter((i) => stillOverdue.has(itemKey(i)));
    } catch (e) {
      setSendError(`Nothing was changed: the list could not be checked with the school server. ${officeLoadError(e)}`);
      setSending(false);
      return;
    }
    try {
      const outcomes = toSend.length === 0 ? [] : await sendChanges(
        engine,
        'code.set',
        toSend.map((i) => ({ pupilId: i.pupilId, date: i.date, session: i.session, code: 'O', reason: OVERDUE_REASON })),
        { dismissIfRefused: true },
      );
      const refused = outcomes.flatMap((o, n) => (o.state === 'refused' ? [{ item: toSend[n], message: o.message }] : []));
      setResult({
        changed: outcomes.filter((o) => o.state === 'applied').length,
        waiting: outcomes.filter((o) => o.state === 'waiting').length,
        alreadyResolved: items.length - toSend.length,
        refused,
      });
      setConfirming(null);
      await query.reload();
    } catch (e) {
      // Storing in the outbox failed (the browser's storage is full or blocked): nothing was sent.
      setSendError(`The changes were not saved on this computer, so nothing was sent: ${e instanceof Error ? e.message : String(e)}. Try again.`);
    } finally {
      setSending(false);
    }
  }

  return (
    <main className="office follow-up">
      <h1>Unresolved N</h1>
      <p className="hint">
        N means the reason for an absence is not known yet. Replace it with the real code as soon as you know it; one not resolved within the school's window
        must become O.
      </p>
      {query.error && (
        <p className="error" role="alert">
          {query.error}
        </p>
      )}
      {!data && !query.error && <p className="notice">Loading the unresolved N…</p>}
      {result && <BulkResultNotice result={result} />}
      {sendError && (
        <p className="error" role="alert">
          {sendError}
        </p>
      )}
      {data && (
        <>
          <p className="office-summary">
            {data.total} unresolved, {data.overdue} overdue; the school allows {plural(data.windowSchoolDays, 'school day', 'school days')}.
          </p>
          {overdue.length > 0 && !confirming && (
            <p>
              <button type="button" className="button primary" onClick={() => { setResult(null); setConfirming(overdue); }}>
                Change the {overdue.length} overdue to O
              </button>
            </p>
          )}
          {confirming && (
            <div className="confirm" role="group" aria-labelledby="confirm-overdue">
              <p id="confirm-overdue">
                Change {plural(confirming.length, 'overdue N', 'overdue N')} to O (unauthorised absence)? The reason recorded for each will be “{OVERDUE_REASON}”.
              </p>
              <button type="button" className="button danger" disabled={sending} onClick={() => void changeOverdue(confirming)}>
                {sending ? 'Changing…' : `Yes, change ${confirming.length} to O`}
              </button>
              <button type="button" className="button secondary" disabled={sending} onClick={() => setConfirming(null)}>
                Cancel
              </button>
            </div>
          )}
          {data.items.length === 0 ? (
            <p className="notice">No unresolved N: every absence has a reason.</p>
          ) : (
            <table className="follow-up-table">
              <caption className="visually-hidden">Unresolved N, overdue first</caption>
              <thead>
                <tr>
                  <th scope="col">Pupil</th>
                  <th scope="col">Class</th>
                  <th scope="col">Date</th>
                  <th scope="col">Session</th>
                  <th scope="col">Marked N by</th>
                  <th scope="col">Deadline</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((i) => (
                  <tr key={itemKey(i)} className={i.overdue ? 'overdue' : undefined}>
                    <td>
                      <a href={officeHref('pupils', i.pupilId)}>{i.name}</a>
                    </td>
                    <td>{i.groupName}</td>
                    <td>{formatLongDate(i.date)}</td>
                    <td>{sessionLabel(i.session)}</td>
                    <td>{markedByText(i)}</td>
                    <td className={i.overdue ? 'deadline overdue' : 'deadline'}>{deadlineLabel(i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </main>
  );
}

function BulkResultNotice({ result }: { result: BulkResult }) {
  return (
    <>
      {(result.changed > 0 || (result.refused.length === 0 && result.waiting === 0)) && (
        <p className="notice" role="status">
          {plural(result.changed, 'N', 'N')} changed to O.
          {result.alreadyResolved > 0 &&
            ` ${result.alreadyResolved} ${result.alreadyResolved === 1 ? 'was' : 'were'} no longer N (resolved by someone else in the meantime) and ${result.alreadyResolved === 1 ? 'was' : 'were'} left as ${result.alreadyResolved === 1 ? 'it is' : 'they are'}.`}
        </p>
      )}
      {result.waiting > 0 && (
        <p className="notice" role="status">
          {plural(result.waiting, 'change', 'changes')} not sent yet. {WAITING_MESSAGE}
        </p>
      )}
      {result.refused.length > 0 && (
        <div className="error" role="alert">
          <p>{plural(result.refused.length, 'change was', 'changes were')} not accepted by the school's server:</p>
          <ul>
            {result.refused.map(({ item, message }) => (
              <li key={itemKey(item)}>
                <strong>{itemLabel(item)}:</strong> {message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
