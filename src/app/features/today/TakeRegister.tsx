/**
 * "Take a register": the office chooses a class whose teacher is away and takes its register on the same screen
 * a teacher uses (#/register/…, one tap per pupil, the same outbox). This page only lists today's registers, as
 * the server has them, with a link to each; the register screen itself is reached through the app's routes
 * (features never import each other).
 *
 * Guarantees: "today" is the server's school day (the app's corrected clock in the school's time zone); a
 * failed read keeps the last good list on screen with one plain error beside it.
 */
import { useServices } from '../../components/services';
import { formatLongDate, sessionLabel } from '../../components/pupilName';
import { registerHref } from '../../components/route';
import { useDeskNow } from '../../office/deskTime';
import { registerProgress } from './OfficeRegisterCard';
import { useOfficeQuery } from '../../components/useOfficeQuery';

export default function TakeRegister({ pollMs = 30_000 }: { pollMs?: number; params?: string[] }) {
  const { clock, user } = useServices();
  const timeZone = user?.timeZone || 'Europe/London';
  const { today } = useDeskNow(clock, timeZone, 60_000);
  const { data, error } = useOfficeQuery((api) => api.officeRegisters(today), [today], pollMs);

  return (
    <main className="office take-register">
      <h1>Take a register{data ? `: ${formatLongDate(data.date)}` : ''}</h1>
      <p className="hint">
        For a class whose teacher is away: open its register and take it as the teacher would, one tap per pupil. The marks are recorded as
        yours, and this computer keeps only that class.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p className="notice">Loading today's registers…</p>}
      {data && !data.isSchoolDay && <p className="notice">Not a school day{data.dayLabel ? `: ${data.dayLabel}` : ''}, so there is no register to take.</p>}
      {data && data.isSchoolDay && data.registers.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Register</th>
              <th scope="col">Teacher</th>
              <th scope="col">So far</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.registers.map((r) => (
              <tr key={`${r.groupId}|${r.session}`}>
                <th scope="row">{r.groupName}</th>
                <td>
                  {sessionLabel(r.session)}, opens {r.opensAt}
                </td>
                <td>{[...r.takenBy, ...r.coveredBy.map((c) => `${c} (cover)`)].join(', ')}</td>
                <td>{registerProgress(r)}</td>
                <td>
                  <a href={registerHref(r.groupId, data.date, r.session)}>
                    Take the {r.groupName} {sessionLabel(r.session).toLowerCase()} register
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
