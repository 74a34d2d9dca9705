/** The planned absences of this school year: code and meaning, dates, sessions, weekdays, pupils, cells set and skipped, who and when. */
import { useMemo } from 'react';
import { plural } from '../../components/pupilName';
import { findCode } from '../../../domain/codes';
import { localDateOf, localTimeOf } from '../../../domain/time';
import { type PlannedAbsence } from '../../office/officeApi';
import { SESSIONS, dateWithYear, dateRange, sessionsText, weekdaysText, type RosterClass } from './plannedModel';

export function PlanList({ plans, classes, timeZone }: { plans: PlannedAbsence[]; classes: RosterClass[]; timeZone: string }) {
  const names = useMemo(() => new Map(classes.flatMap((c) => c.pupils.map((p) => [p.pupilId, p.name] as const))), [classes]);
  if (plans.length === 0) return <p className="notice">No planned absences entered this school year.</p>;
  return (
    <table className="follow-up-table plan-table">
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Dates</th>
          <th scope="col">Sessions</th>
          <th scope="col">Weekdays</th>
          <th scope="col">Pupils</th>
          <th scope="col">Sessions set</th>
          <th scope="col">Skipped</th>
          <th scope="col">Note</th>
          <th scope="col">Entered by</th>
        </tr>
      </thead>
      <tbody>
        {plans.map((p) => {
          const ids = p.args.pupilIds ?? [];
          const only = ids.length === 1 ? names.get(ids[0]) : undefined;
          const when = Date.parse(p.createdAt);
          return (
            <tr key={p.id}>
              <td>
                <span className="code">{p.code}</span> {findCode(p.code)?.plainMeaning ?? ''}
              </td>
              <td>{dateRange(p.startDate, p.endDate)}</td>
              <td>{sessionsText(p.args.sessions ?? SESSIONS)}</td>
              <td>{weekdaysText(p.args.weekdays)}</td>
              <td>{only ?? plural(ids.length, 'pupil', 'pupils')}</td>
              <td>{p.cellsSet}</td>
              <td>{p.cellsSkipped}</td>
              <td>{p.args.note ?? ''}</td>
              <td>
                {p.createdBy ?? 'Unknown'}, {dateWithYear(localDateOf(when, timeZone))} at {localTimeOf(when, timeZone)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

// Bulk codes
