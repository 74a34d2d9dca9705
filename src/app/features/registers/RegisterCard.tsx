/** A register on the home screen: today's as a big card to take it, an earlier day's as a read-only link. */
import { registerHref } from '../../components/route';
import { plural, sessionLabel } from '../../components/pupilName';
import type { RegisterProgress } from './homeData';
import { progressText } from './model';

function Waiting({ count }: { count: number }) {
  return count > 0 ? <span className="register-waiting">{plural(count, 'mark', 'marks')} waiting to be sent</span> : null;
}

export function RegisterCard({ register: r }: { register: RegisterProgress }) {
  const progress = progressText(r.counts);
  return (
    <li>
      <a className={`register-card ${progress === 'Complete' ? 'complete' : ''}`} href={registerHref(r.groupId, r.date, r.session)}>
        <span className="register-title">
          {r.groupName} <span className="session-tag">{sessionLabel(r.session)}</span>
          {r.kind === 'cover' && <span className="cover-tag">Cover</span>}
        </span>
        <span className="register-meta">{r.opensAt ? `Opens ${r.opensAt}` : ''}</span>
        <span className="register-progress">{progress}</span>
        <Waiting count={r.waiting} />
      </a>
    </li>
  );
}

export function HistoryLink({ register: r }: { register: RegisterProgress }) {
  return (
    <li>
      <a className="history-link" href={registerHref(r.groupId, r.date, r.session)}>
        <span className="history-title">
          {r.groupName} {sessionLabel(r.session).toLowerCase()}
          {r.kind === 'cover' ? ' (cover)' : ''}:
        </span>{' '}
        {/* A past register with no marks was not taken, rather than "not started". */}
        <span className="history-progress">{r.counts.total > 0 && r.counts.unmarked === r.counts.total ? 'Not taken' : progressText(r.counts)}</span>
        <Waiting count={r.waiting} />
      </a>
    </li>
  );
}
