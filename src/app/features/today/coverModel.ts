/** Pure helpers for the cover screen: checking the form, and describing a cover in one line. */
import { isValidDate } from '../../../domain/calendarDate';
import { formatShortDate } from '../../components/pupilName';
import type { CoverAddArgs } from '../../db/types';

export interface CoverDraft {
  staffId: string;
  groupId: string;
  startDate: string;
  endDate: string;
  am: boolean;
  pm: boolean;
}

export type DraftProblems = Partial<Record<'staffId' | 'groupId' | 'startDate' | 'endDate' | 'sessions', string>>;

export function checkDraft(d: CoverDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (!d.staffId) problems.staffId = 'Choose who covers.';
  if (!d.groupId) problems.groupId = 'Choose the class.';
  if (!isValidDate(d.startDate)) problems.startDate = 'Enter the first day of the cover.';
  if (!isValidDate(d.endDate)) problems.endDate = 'Enter the last day of the cover.';
  else if (isValidDate(d.startDate) && d.endDate < d.startDate) problems.endDate = 'The last day cannot be before the first day.';
  if (!d.am && !d.pm) problems.sessions = 'Choose the morning, the afternoon or both.';
  return problems;
}

export function toArgs(d: CoverDraft, id: string): CoverAddArgs {
  return {
    id,
    staffId: d.staffId,
    groupId: d.groupId,
    startDate: d.startDate,
    endDate: d.endDate,
    sessions: [...(d.am ? (['AM'] as const) : []), ...(d.pm ? (['PM'] as const) : [])],
  };
}

export function describeDates(startDate: string, endDate: string): string {
  return startDate === endDate ? formatShortDate(startDate) : `${formatShortDate(startDate)} to ${formatShortDate(endDate)}`;
}

export function describeSessions(sessions: ReadonlyArray<'AM' | 'PM'>): string {
  const am = sessions.includes('AM');
  const pm = sessions.includes('PM');
  return am && pm ? 'Morning and afternoon' : am ? 'Morning' : pm ? 'Afternoon' : 'No sessions';
}
