/** Pure helpers for the teacher's screens: which registers are theirs today, and the counts on a register. */
import { isPresentCode } from '../../../domain/codes';
import type { AssignmentValue, GroupValue, SchoolValue } from '../../db/types';

export type Session = 'AM' | 'PM';

export interface TodayRegister {
  groupId: string;
  groupName: string;
  session: Session;
  /** `HH:MM` school-local, or null when the school's times are not on the device yet. */
  opensAt: string | null;
  kind: 'teacher' | 'cover';
}

export function isActiveOn(a: AssignmentValue, date: string): boolean {
  return a.startDate <= date && (a.endDate === null || a.endDate >= date);
}

/** The sessions this person may register for this group on this date (a cover names its sessions). */
export function sessionsFor(assignments: AssignmentValue[], staffId: string, groupId: string, date: string): Session[] {
  const sessions = new Set<Session>();
  for (const a of assignments) {
    if (a.staffId === staffId && a.groupId === groupId && isActiveOn(a, date)) a.sessions.forEach((s) => sessions.add(s));
  }
  return (['AM', 'PM'] as const).filter((s) => sessions.has(s));
}

export function registersFor(
  staffId: string,
  date: string,
  assignments: AssignmentValue[],
  groups: GroupValue[],
  school: SchoolValue | undefined,
): TodayRegister[] {
  const byKey = new Map<string, TodayRegister>();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  for (const a of assignments) {
    if (a.staffId !== staffId || !isActiveOn(a, date)) continue;
    for (const session of a.sessions) {
      const key = `${a.groupId}|${session}`;
      const existing = byKey.get(key);
      // A class teacher's own register is not "cover" even if a cover assignment also names it.
      if (existing && (existing.kind === 'teacher' || a.kind === 'cover')) continue;
      byKey.set(key, {
        groupId: a.groupId,
        groupName: groupName.get(a.groupId) ?? 'Unknown group',
        session,
        opensAt: school?.sessions[session]?.opensAt ?? null,
        kind: a.kind,
      });
    }
  }
  return [...byKey.values()].sort(
    (x, y) => x.session.localeCompare(y.session) || x.groupName.localeCompare(y.groupName, 'en-GB', { numeric: true }),
  );
}

export interface RegisterCounts {
  total: number;
  present: number;
  /** Marked and not present: absent, or away for another recorded reason. */
  absent: number;
  unmarked: number;
}

export function countCodes(codes: Array<string | null | undefined>): RegisterCounts {
  let present = 0;
  let absent = 0;
  for (const code of codes) {
    if (!code) continue;
    if (isPresentCode(code)) present++;
    else absent++;
  }
  return { total: codes.length, present, absent, unmarked: codes.length - present - absent };
}

export function progressText(c: RegisterCounts): string {
  const marked = c.present + c.absent;
  if (c.total === 0) return 'No pupils';
  if (marked === 0) return 'Not started';
  if (marked === c.total) return 'Complete';
  return `${marked} of ${c.total} marked`;
}
