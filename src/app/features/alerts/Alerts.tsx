/**
 * Alerts (#/office/alerts, issue 11): the pupils who meet a statutory threshold this school year (GET
 * /api/office/alerts), in four lists: penalty notice, 10 days' continuous absence, illness and lateness.
 *
 * Guarantees:
 * - In each list, those still to deal with come first, newest evidence first; those dealt with follow in a
 *   list of their own, saying what was done, by whom and when.
 * - Each entry shows the pupil (a link to their register), their class and the evidence: its dates and every
 *   session that counts.
 * - Recording what was done goes through the outbox (AlertCard); the list is read again afterwards, and every
 *   minute, and whenever changes waiting on this computer have been sent.
 * - Each list is drawn fifty entries at a time, in that order, with "Show 50 more" and "Show all"
 *   (components/Paged.tsx): a secondary school's year of lateness runs to hundreds. Printing the page prints
 *   every entry.
 */
import { useMemo, useState } from 'react';
import { ALERT_KINDS, type AlertEntry, type AlertKind } from '../../../protocol/officeFigures';
import { useSignedIn } from '../../components/services';
import { formatLongDate, plural } from '../../components/pupilName';
import type { PageProps } from '../../components/route';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { officeApi } from '../../office/officeApi';
import { ShowMore, usePaging, usePrintAll } from '../../components/Paged';
import { AlertCard } from './AlertCard';
import { KIND_WORDS, inScreenOrder } from './alertWords';
import './alerts.css';

export default function Alerts({ params: _params, pollMs = 60_000 }: PageProps & { pollMs?: number }) {
  const { user } = useSignedIn();
  const alerts = useOfficeQuery((api) => officeApi.alerts(api), [], pollMs);
  const [notice, setNotice] = useState<string | null>(null);
  const { printingAll } = usePrintAll();

  async function recorded(message: string) {
    setNotice(message);
    await alerts.reload();
  }

  const data = alerts.data;
  return (
    <main className="office office-alerts">
      <h1>Alerts</h1>
      {alerts.error && (
        <p className="error" role="alert">
          {alerts.error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!data && !alerts.error && <p className="notice">Loading the alerts…</p>}
      {data && (
        <>
          <p className="hint">
            {data.waiting.total === 0 ? 'Nothing is waiting.' : `${plural(data.waiting.total, 'alert is', 'alerts are')} waiting.`} From{' '}
            {formatLongDate(data.from)} to {formatLongDate(data.to)}.
          </p>
          {ALERT_KINDS.map((kind) => (
            <AlertList key={kind} kind={kind} alerts={data.alerts} printingAll={printingAll} onRecorded={recorded} timeZone={user.timeZone || 'Europe/London'} />
          ))}
        </>
      )}
    </main>
  );
}

/** Entries drawn at a time in each list: a secondary school's year of lateness stays quick to show. */
export const ALERTS_SHOWN = 50;

interface ListProps {
  printingAll: boolean;
  onRecorded: (m: string) => Promise<void>;
  timeZone: string;
}

function AlertList({ kind, alerts, ...rest }: ListProps & { kind: AlertKind; alerts: AlertEntry[] }) {
  // Worked out again only when a new answer comes, not on every keystroke in an open form.
  const { waiting, done } = useMemo(() => {
    const ordered = inScreenOrder(alerts.filter((a) => a.kind === kind));
    return { waiting: ordered.filter((a) => a.dealtWith === null), done: ordered.filter((a) => a.dealtWith !== null) };
  }, [alerts, kind]);
  const headingId = `alerts-${kind}`;
  const title = KIND_WORDS[kind].title;
  return (
    <section className="card alert-list" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {title} <span className="alert-count">({waiting.length} waiting)</span>
      </h2>
      <p className="hint">{KIND_WORDS[kind].rule}</p>
      <h3>To deal with</h3>
      {waiting.length === 0 ? <p>No pupil is waiting on this list.</p> : <PagedEntries label={`${title}: to deal with`} entries={waiting} {...rest} />}
      {done.length > 0 && (
        <>
          <h3>Dealt with</h3>
          <PagedEntries label={`${title}: dealt with`} entries={done} {...rest} />
        </>
      )}
    </section>
  );
}

function PagedEntries({ label, entries, printingAll, onRecorded, timeZone }: ListProps & { label: string; entries: AlertEntry[] }) {
  const paging = usePaging(entries.length, ALERTS_SHOWN);
  const drawn = printingAll ? entries : entries.slice(0, paging.shown);
  return (
    <>
      <ul className="alert-entries" aria-label={label}>
        {drawn.map((a) => (
          <AlertCard key={`${a.pupilId}|${a.key}`} alert={a} onRecorded={onRecorded} timeZone={timeZone} />
        ))}
      </ul>
      <ShowMore paging={paging} total={entries.length} pageSize={ALERTS_SHOWN} noun="alerts" />
    </>
  );
}
