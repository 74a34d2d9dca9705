/** One register as the office sees it: who takes it, how far along it is, and each pupil's mark with who and when. */
import { findCode } from '../../../domain/codes';
import { localTimeOf } from '../../../domain/time';
import type { OfficeRegister } from '../../sync/api';

function timeIn(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? localTimeOf(ms, timeZone) : '';
}

export function OfficeRegisterCard({ register: r, timeZone }: { register: OfficeRegister; timeZone: string }) {
  const state = r.marked === 0 ? 'Not started' : r.marked === r.total ? 'Complete' : `${r.marked} of ${r.total} marked`;
  const headingId = `reg-${r.groupId}-${r.session}`;
  return (
    <section className="card office-register" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {r.groupName} · {r.session === 'AM' ? 'Morning' : 'Afternoon'} <span className="register-progress">{state}</span>
      </h2>
      <p className="register-meta">
        Opens {r.opensAt}
        {r.takenBy.length > 0 && ` · Teacher: ${r.takenBy.join(', ')}`}
        {r.coveredBy.length > 0 && ` · Cover: ${r.coveredBy.join(', ')}`} · Present {r.present} · Absent {r.absent} · Not marked{' '}
        {r.total - r.marked}
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
                <td>{timeIn(p.markedAt, timeZone)}</td>
              </tr>
            ))}
          </tbody>
      </table>
    </section>
  );
}
