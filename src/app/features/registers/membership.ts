/**
 * Who is on a class's register on a date: a pupil whose dated membership of that class covers the date (from
 * and until inclusive; until null = still in it). A leaver drops off the registers after their last day, and a
 * pupil moved to another class appears on the new class's register from the day of the move. Data pulled
 * before memberships travelled has none: the pupil is then in their one groupId, with no end.
 */
import type { LocalPupil } from '../../db/types';

export function onRegister(pupil: Pick<LocalPupil, 'groupId' | 'memberships'>, groupId: string, date: string): boolean {
  if (!pupil.memberships) return pupil.groupId === groupId;
  return pupil.memberships.some((m) => m.groupId === groupId && m.from <= date && (m.until === null || m.until >= date));
}
