/**
 * Which class a pupil is in on which day, changed by an import without losing history (DESIGN.md: dated
 * memberships decide who is on which register on which day). A move from date D ends the membership covering
 * D on D-1 and starts one in the new class on D; when the latest membership itself starts on or after D its
 * class is changed instead (two memberships never overlap). A leaving date L ends the enrolment and the
 * latest membership on L: the pupil is on roll THROUGH L. Nothing is deleted.
 */
import { addDays } from '../../domain/calendarDate.js';
import { formatUkDate } from './pupilValues.js';

export interface Membership {
  groupId: string;
  startDate: string;
  endDate: string | null;
}

export interface Enrolment {
  startDate: string;
  endDate: string | null;
}

export interface PlacementRequest {
  enrolment: Enrolment | null;
  /** Sorted by start date. */
  memberships: Membership[];
  /** The class the file puts the pupil in (null: the file leaves it empty). */
  targetGroupId: string | null;
  /** The date a move takes effect: the file's move date, or today. */
  moveDate: string;
  leavingDate: string | null;
  today: string;
  groupName(id: string): string;
}

export interface PlacementPlan {
  /** Existing memberships rewritten, by their start date (their key with the pupil). */
  updates: Membership[];
  inserts: Membership[];
  /** The enrolment's new end date, when it changes. */
  enrolmentEnd: { startDate: string; endDate: string } | null;
  details: string[];
  /** Why the file's wishes cannot be followed; each is an error on the row. */
  problems: Array<{ field: 'leavingDate' | 'moveDate' | 'regGroup'; message: string }>;
  notes: Array<{ field: 'leavingDate' | 'regGroup'; message: string }>;
}

export function planPlacement(r: PlacementRequest): PlacementPlan {
  const plan: PlacementPlan = { updates: [], inserts: [], enrolmentEnd: null, details: [], problems: [], notes: [] };
  const enrol = r.enrolment;
  const last = r.memberships[r.memberships.length - 1];
  if (!enrol || !last) {
    plan.problems.push({ field: 'regGroup', message: 'This pupil has no enrolment here to change: edit them on the Pupils screen.' });
    return plan;
  }

  let leave: string | null = null;
  if (r.leavingDate && r.leavingDate !== enrol.endDate) {
    if (r.leavingDate < enrol.startDate) {
      plan.problems.push({ field: 'leavingDate', message: `The leaving date is before the pupil joined on ${formatUkDate(enrol.startDate)}.` });
    } else if (r.leavingDate < last.startDate) {
      plan.problems.push({ field: 'leavingDate', message: `The leaving date is before the pupil started in ${r.groupName(last.groupId)} on ${formatUkDate(last.startDate)}.` });
    } else {
      leave = r.leavingDate;
    }
  } else if (!r.leavingDate && enrol.endDate && enrol.endDate < r.today) {
    plan.notes.push({ field: 'leavingDate', message: `This pupil left on ${formatUkDate(enrol.endDate)} and the file gives no leaving date: they stay a leaver (re-admit them on the Pupils screen if they have come back).` });
  }
  if (plan.problems.length) return plan;

  const endsOn = leave ?? enrol.endDate;
  const latest = { ...last };
  let moved = false;
  if (r.targetGroupId && r.targetGroupId !== last.groupId) {
    const d = r.moveDate;
    if (endsOn && endsOn < d) {
      if (!leave) plan.notes.push({ field: 'regGroup', message: `This pupil left on ${formatUkDate(endsOn)}, so their class is not changed.` });
    } else if (d < enrol.startDate) {
      plan.problems.push({ field: 'moveDate', message: `The move date is before the pupil joined on ${formatUkDate(enrol.startDate)}.` });
      return plan;
    } else if (last.startDate >= d) {
      latest.groupId = r.targetGroupId;
      moved = true;
    } else {
      const covers = last.endDate === null || last.endDate >= d;
      if (covers) plan.updates.push({ ...last, endDate: addDays(d, -1) });
      plan.inserts.push({ groupId: r.targetGroupId, startDate: d, endDate: leave ?? (covers ? last.endDate : null) });
      plan.details.push(`Class: ${r.groupName(last.groupId)} → ${r.groupName(r.targetGroupId)} from ${formatUkDate(d)}`);
    }
    if (latest.groupId !== last.groupId) plan.details.push(`Class: ${r.groupName(last.groupId)} → ${r.groupName(r.targetGroupId)} from ${formatUkDate(latest.startDate)}`);
  }
  if (leave) {
    if (plan.inserts.length === 0) latest.endDate = leave;
    plan.enrolmentEnd = { startDate: enrol.startDate, endDate: leave };
    plan.details.push(`Leaves: on roll through ${formatUkDate(leave)}${enrol.endDate ? ` (was ${formatUkDate(enrol.endDate)})` : ''}`);
  }
  if (moved || latest.endDate !== last.endDate) plan.updates.push(latest);
  return plan;
}
