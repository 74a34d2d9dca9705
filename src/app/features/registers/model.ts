/** Pure helpers for the teacher's screens: which registers are theirs today, and the counts on a register. */
import { isPresentCode } from '../../../domain/codes';
import { foldName } from '../../components/pupilName';
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

/** The two orders a register can be shown in; surname first is the register's usual order. */
export type SortOrder = 'surname' | 'firstName';

interface NamedPupil {
  id: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
}

/**
 * The name as sorted: accents and case folded away ("Émile" sorts with "emile"), then compared by code unit.
 * Not Intl.Collator: building the first collator loads the platform's collation data, about 15 ms on a tablet
 * before the first pupil can be shown, and a register's names need no more than this.
 */
function sortKey(name: string): string {
  return fold(name);
}
const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Stable orders (the id breaks ties). "First name" means the name the teacher sees: preferred, else first. */
export function comparePupils(order: SortOrder): (a: NamedPupil, b: NamedPupil) => number {
  const keys = new Map<NamedPupil, string[]>();
  const keyOf = (p: NamedPupil) => {
    let k = keys.get(p);
    if (!k) {
      k = order === 'firstName' ? [sortKey(p.preferredName || p.firstName), sortKey(p.lastName)] : [sortKey(p.lastName), sortKey(p.firstName)];
      keys.set(p, k);
    }
    return k;
  };
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return compareKeys(ka[0], kb[0]) || compareKeys(ka[1], kb[1]) || compareKeys(a.id, b.id);
  };
}

/** "BA" for Ben Adams: shown in the avatar until the data carries photos. */
export function initials(p: Pick<NamedPupil, 'firstName' | 'lastName' | 'preferredName'>): string {
  const first = [...(p.preferredName || p.firstName).trim()][0] ?? '';
  const last = [...p.lastName.trim()][0] ?? '';
  return (first + last).toLocaleUpperCase('en-GB');
}

/** The legal name, when it differs from the name shown. */
export function legalNameIfDifferent(p: Pick<NamedPupil, 'firstName' | 'lastName' | 'preferredName'>): string | null {
  return p.preferredName && p.preferredName !== p.firstName ? `${p.firstName} ${p.lastName}` : null;
}

const fold = foldName;

/** "Find a pupil": every word typed appears in the pupil's preferred, first or last name (accents and case ignored). */
export function matchesFilter(p: Pick<NamedPupil, 'firstName' | 'lastName' | 'preferredName'>, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const names = fold([p.preferredName ?? '', p.firstName, p.lastName].join(' '));
  return words.every((w) => names.includes(w));
}

/**
 * The school days before `today` to show as history, newest first: up to `limit` days from the calendar
 * rows on the device, skipping closures.
 */
export function earlierSchoolDays(days: Array<{ date: string; isSchoolDay: boolean }>, today: string, limit = 5): string[] {
  return days
    .filter((d) => d.isSchoolDay && d.date < today)
    .map((d) => d.date)
    .sort()
    .reverse()
    .slice(0, limit);
}
