/**
 * The covers for the coming fortnight as the server has them, with this tablet's changes that have not been
 * sent yet shown in place ("waiting to be sent"), and a Remove button on each.
 */
import type { Cover } from '../../sync/api';
import { describeDates, describeSessions } from './coverModel';

export interface CoverRow extends Cover {
  /** 'adding': a cover.add waits in the outbox; 'removing': a cover.remove does. */
  waiting?: 'adding' | 'removing';
}

export function CoverList({ rows, onRemove }: { rows: CoverRow[]; onRemove: (cover: CoverRow) => void }) {
  if (rows.length === 0) return <p className="notice">No covers in the next two weeks.</p>;
  return (
    <table className="cover-table">
      <caption className="visually-hidden">Covers in the next two weeks</caption>
      <thead>
        <tr>
          <th scope="col">Who</th>
          <th scope="col">Class</th>
          <th scope="col">Dates</th>
          <th scope="col">Sessions</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => {
          const dates = describeDates(c.startDate, c.endDate);
          return (
            <tr key={c.id} className={c.waiting ? `waiting ${c.waiting}` : undefined}>
              <td>{c.staffName}</td>
              <td>{c.groupName}</td>
              <td>{dates}</td>
              <td>{describeSessions(c.sessions)}</td>
              <td>
                {c.waiting === 'removing' ? (
                  <span className="waiting-note">Removal waiting to be sent</span>
                ) : (
                  <>
                    {c.waiting === 'adding' && <span className="waiting-note">Waiting to be sent </span>}
                    <button type="button" className="button secondary small" onClick={() => onRemove(c)} aria-label={`Remove cover: ${c.staffName}, ${c.groupName}, ${dates}`}>
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
