/**
 * One register as the office sees it, compact: a one-line summary (how far along it is, how many pupils are not
 * marked, how many present marks came after it closed) that opens to who takes it and each pupil's mark with who
 * and when. Present marks taken after the register closed are always shown, collapsed or not, with a way to act:
 * the late desk (L or U) or the pupil's register.
 *
 * Guarantees: the summary is a button with aria-expanded inside the register's heading (the disclosure pattern), so
 * the register's region keeps its name and a keyboard opens it; the marks after the close are the server's list
 * (its clock and the school's times), never worked out from this computer's clock; they stay the teacher's marks
 * until the office sets a code.
 */
import { findCode } from '../../../domain/codes';
import { localTimeOf } from '../../../domain/time';
import { plural } from '../../components/pupilName';
import { officeHref, registerHref } from '../../components/route';
import type { OfficeRegister } from '../../sync/api';

function timeIn(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? localTimeOf(ms, timeZone) : '';
}

/** "28 of 30 marked · 2 not marked", or "Complete", in words the office can read at a glance. */
export function registerProgress(r: Pick<OfficeRegister, 'marked' | 'total'>): string {
  if (r.total === 0) return 'No pupils';
  if (r.marked === r.total) return `${r.marked} of ${r.total} marked · Complete`;
  return `${r.marked} of ${r.total} marked · ${r.total - r.marked} not marked`;
}

export function OfficeRegisterCard({
  register: r,
  timeZone,
  expanded,
  onToggle,
  date,
}: {
  register: OfficeRegister;
  timeZone: string;
  expanded: boolean;
  onToggle: () => void;
  /** The register's day: with it, a link to take this register on the teacher's screen (for an absent teacher). */
  date?: string;
}) {
  const headingId = `reg-${r.groupId}-${r.session}`;
  const bodyId = `${headingId}-pupils`;
  const afterClose = r.markedAfterClose ?? [];
  return (
    <section className="card office-register" aria-labelledby={headingId}>
      <h2 id={headingId} className="register-line">
        <button type="button" className="register-toggle" aria-expanded={expanded} aria-controls={expanded ? bodyId : undefined} onClick={onToggle}>
          <span className="register-name">
            {r.groupName} · {r.session === 'AM' ? 'Morning' : 'Afternoon'}
          </span>{' '}
          <span className={r.total > 0 && r.marked === r.total ? 'register-progress complete' : 'register-progress'}>{registerProgress(r)}</span>
          {afterClose.length > 0 && <span className="register-after-close"> · {plural(afterClose.length, 'mark', 'marks')} after the close</span>}
        </button>
      </h2>
      {afterClose.length > 0 && (
        <div className="after-close">
          <p>Taken after the register closed{r.closesAt ? ` at ${r.closesAt}` : ''}; the office decides on L or U:</p>
          <ul>
            {afterClose.map((m) => (
              <li key={m.pupilId}>
                <strong>{m.name}</strong> marked present at {timeIn(m.markedAt, timeZone)}
                {m.markedBy ? ` by ${m.markedBy}` : ''}.{' '}
                <a href={officeHref('late')}>Late desk</a> · <a href={officeHref('pupils', m.pupilId)}>{m.name}'s register</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {expanded && (
        <div id={bodyId}>
          <p className="register-meta">
            Opens {r.opensAt}
            {r.closesAt && `, closes ${r.closesAt}`}
            {r.takenBy.length > 0 && ` · Teacher: ${r.takenBy.join(', ')}`}
            {r.coveredBy.length > 0 && ` · Cover: ${r.coveredBy.join(', ')}`} · Present {r.present} · Absent {r.absent} · Not marked{' '}
            {r.total - r.marked}
            {date && (
              <>
                {' · '}
                <a href={registerHref(r.groupId, date, r.session)}>Take this register</a>
              </>
            )}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Mark</th>
                <th scope="col">Marked by</th>
                <th scope="col">At</th>
              </tr>
            </thead>
            <tbody>
              {r.pupils.map((p) => (
                <tr key={p.pupilId}>
                  <td>{p.name}</td>
                  <td>
                    {p.code ? (
                      <>
                        <span className="code">{p.code}</span> {findCode(p.code)?.plainMeaning ?? ''}
                        {p.source === 'office' && <span className="set-by"> (office)</span>}
                      </>
                    ) : (
                      <span className="unmarked">Not marked</span>
                    )}
                  </td>
                  <td>{p.markedBy ?? ''}</td>
                  <td>
                    {timeIn(p.markedAt, timeZone)}
                    {p.afterClose && <strong> (after the close)</strong>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
