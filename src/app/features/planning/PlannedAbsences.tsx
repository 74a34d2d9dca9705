/**
 * Planned absences and closures (office and admin; desktop first).
 *
 * 1. Planned absences: a known absence entered ahead (an appointment, a trip, a part-time timetable) for one
 *    pupil found by name or several ticked in a class, over a date range, on chosen sessions and weekdays. Sent
 *    as one absence.plan; the server decides which days are school days and leaves cells that already hold an
 *    office code alone. The list below shows every plan with the cells it set and skipped.
 * 2. Bulk codes: one code for a class or the whole school on chosen dates and sessions (a planned closure #, an
 *    unexpected closure Y4), with a required reason. Apply is only possible after a preview the server says can
 *    be applied, for exactly the code, dates, sessions and class on the form now: change any of them and the
 *    preview must be run again.
 *
 * Guarantees: every change goes through the outbox (sendChange) and its outcome is shown; nothing is posted
 * directly. The screen never decides what a school day is: the server's calendar does.
 */
import { useMemo } from 'react';
import { useSignedIn } from '../../components/services';
import { localDateOf } from '../../../domain/time';
import { officeApi } from '../../office/officeApi';
import { useOfficeQuery } from '../../components/useOfficeQuery';
import { rosterClasses } from './plannedModel';
import { PlanForm } from './PlanForm';
import { PlanList } from './PlanList';
import { BulkForm } from './BulkCodes';
import type { PageProps as OfficePageProps } from '../../components/route';
import '../../office/officeFollowUp.css';

export default function PlannedAbsences(_props: OfficePageProps) {
  const { clock, user } = useSignedIn();
  const timeZone = user.timeZone || 'Europe/London';
  const today = localDateOf(clock.now(), timeZone);
  // The roll changes rarely: read it once, not on a timer.
  const roster = useOfficeQuery((api) => api.officeRegisters(today), [today], 0);
  const plans = useOfficeQuery((api) => officeApi.plannedAbsences(api), []);
  const classes = useMemo(() => rosterClasses(roster.data), [roster.data]);

  return (
    <main className="office follow-up planned">
      <h1>Planned absences and closures</h1>
      {roster.error && (
        <p className="error" role="alert">
          The class lists could not be loaded: {roster.error}
        </p>
      )}
      <section aria-labelledby="plan-heading" className="card">
        <h2 id="plan-heading">Enter a planned absence</h2>
        <PlanForm classes={classes} today={today} onPlanned={plans.reload} plans={plans.data?.plannedAbsences ?? null} />
      </section>
      <section aria-labelledby="plans-heading">
        <h2 id="plans-heading">Planned absences this school year</h2>
        {plans.error && (
          <p className="error" role="alert">
            {plans.error}
          </p>
        )}
        {!plans.data && !plans.error && <p className="notice">Loading planned absences…</p>}
        {plans.data && <PlanList plans={plans.data.plannedAbsences} classes={classes} timeZone={timeZone} />}
      </section>
      <section aria-labelledby="bulk-heading" className="card">
        <h2 id="bulk-heading">Codes for a class or the whole school</h2>
        <BulkForm classes={classes} today={today} />
      </section>
    </main>
  );
}
