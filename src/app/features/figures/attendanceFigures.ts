/**
 * The Attendance screen's arithmetic, done in the browser from one answer of GET /api/office/attendance:
 * totals per year group or class (counts summed, percentages worked out from the sums, never averaged), the
 * table's sort and the words for a cohort.
 */
import type { AttendanceQuery, PupilAttendance } from '../../../protocol/officeFigures';

/** The filters of a cohort: who is counted, whatever the dates. */
export type Cohort = Pick<AttendanceQuery, 'send' | 'fsm' | 'eal' | 'lookedAfter' | 'gender'>;
export type Range = Pick<AttendanceQuery, 'from' | 'to'>;

export interface GroupFigures {
  key: string;
  label: string;
  /** Year groups sort by year (Reception before Year 1), classes by name. */
  order: number | string;
  pupils: number;
  possible: number;
  attending: number;
  authorised: number;
  unauthorised: number;
  persistentAbsence: number;
  attendancePercent: number | null;
  absencePercent: number | null;
}

export type GroupBy = 'yearGroup' | 'class';

export function yearGroupLabel(yearGroup: number | null): string {
  if (yearGroup === null) return 'No year group';
  if (yearGroup === 0) return 'Reception';
  if (yearGroup < 0) return 'Nursery';
  return `Year ${yearGroup}`;
}

/** Sums each group's counts; attendance % = (present + AEA) ÷ possible, absence % = (authorised + unauthorised) ÷ possible. */
export function figuresByGroup(pupils: readonly PupilAttendance[], by: GroupBy): GroupFigures[] {
  const groups = new Map<string, GroupFigures>();
  for (const p of pupils) {
    const key = by === 'yearGroup' ? `y:${p.yearGroup ?? ''}` : `c:${p.groupId ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g =
        by === 'yearGroup'
          ? { ...empty(key), label: yearGroupLabel(p.yearGroup), order: p.yearGroup ?? Number.MAX_SAFE_INTEGER }
          : { ...empty(key), label: p.groupName ?? 'No class', order: p.groupName ?? '\uffff' };
      groups.set(key, g);
    }
    g.pupils += 1;
    g.possible += p.possible;
    g.attending += p.present + p.aea;
    g.authorised += p.authorised;
    g.unauthorised += p.unauthorised;
    if (p.persistentAbsence) g.persistentAbsence += 1;
  }
  return [...groups.values()].map((g) => ({
    ...g,
    attendancePercent: g.possible > 0 ? (g.attending / g.possible) * 100 : null,
    absencePercent: g.possible > 0 ? ((g.authorised + g.unauthorised) / g.possible) * 100 : null,
  }));
}

const empty = (key: string): GroupFigures => ({
  key, label: '', order: 0, pupils: 0, possible: 0, attending: 0, authorised: 0, unauthorised: 0, persistentAbsence: 0, attendancePercent: null, absencePercent: null,
});

export type SortKey = 'group' | 'pupils' | 'possible' | 'attendancePercent' | 'absencePercent' | 'authorised' | 'unauthorised' | 'persistentAbsence';
export interface Sort {
  key: SortKey;
  ascending: boolean;
}

/** Sorted by the chosen column; a group with no figure (nothing possible) always goes last. */
export function sortGroups(groups: readonly GroupFigures[], sort: Sort): GroupFigures[] {
  const value = (g: GroupFigures): number | string | null => (sort.key === 'group' ? g.order : g[sort.key]);
  const direction = sort.ascending ? 1 : -1;
  return [...groups].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const compared = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en-GB', { numeric: true });
    return compared * direction || a.label.localeCompare(b.label, 'en-GB', { numeric: true });
  });
}

/** One decimal, as every figure on the screen is shown; a dash when nothing was possible. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value.toFixed(1)}%`;
}

const SEND_WORDS: Record<NonNullable<Cohort['send']>, string> = { K: 'with SEN support', E: 'with an EHC plan', none: 'with no SEN' };
const GENDER_WORDS: Record<NonNullable<Cohort['gender']>, string> = { F: 'girls', M: 'boys', X: 'pupils of another gender' };

/** "All pupils", or the cohort in words: "Girls with SEN support, eligible for free school meals". */
export function describeCohort(c: Cohort): string {
  const parts = [
    c.send && SEND_WORDS[c.send],
    c.fsm !== undefined && (c.fsm ? 'eligible for free school meals' : 'not eligible for free school meals'),
    c.eal !== undefined && (c.eal ? 'with English as an additional language' : 'with English as their first language'),
    c.lookedAfter !== undefined && (c.lookedAfter ? 'looked after' : 'not looked after'),
  ].filter((p): p is string => typeof p === 'string');
  const who = c.gender ? GENDER_WORDS[c.gender] : parts.length ? 'pupils' : 'all pupils';
  const text = [who, parts.join(', ')].filter(Boolean).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A cohort's words in the middle of a sentence: only the first letter lowered, so SEN, EHC and English keep theirs. */
export function cohortMidSentence(words: string): string {
  return words.charAt(0).toLowerCase() + words.slice(1);
}
