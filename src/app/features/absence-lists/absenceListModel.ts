/**
 * The persistent and severe absence lists, worked out from two answers of GET /api/office/attendance: the
 * range itself, and the same range ending four weeks earlier (how each pupil's figure moved since).
 *
 * Pure functions, so the screen, the CSV and the letters agree on every figure.
 */
import type { AttendanceResponse, PupilAttendance } from '../../../protocol/officeFigures';
import { addDays } from '../../../domain/time';

/** DOMAIN.md §6: persistent absence is 10% or more of possible sessions missed, severe absence 50% or more. */
export const PERSISTENT_FROM = 10;
export const SEVERE_FROM = 50;
export const MOVEMENT_WEEKS = 4;

export type Severity = 'persistent' | 'severe';

export interface AbsenceRow {
  pupil: PupilAttendance;
  absencePercent: number;
  severity: Severity;
  /** The absence figure for the range ending four weeks before `to`, or null when there was none. */
  earlierPercent: number | null;
  /** Points of absence since then (positive: more absence), or null without an earlier figure. */
  change: number | null;
  flags: string[] | null;
}

/** The `to` of the comparison: four weeks before, or null when that is before the range starts. */
export function earlierTo(from: string, to: string): string | null {
  const earlier = addDays(to, -7 * MOVEMENT_WEEKS);
  return earlier < from ? null : earlier;
}

/** One decimal place, as every figure is shown. */
export const oneDecimal = (value: number) => value.toFixed(1);
export const percentText = (value: number | null) => (value === null ? '–' : `${oneDecimal(value)}%`);

/** "Up 2.1 points", "Down 0.4 points", "No change", "No figure four weeks ago". */
export function changeText(row: Pick<AbsenceRow, 'change'>): string {
  if (row.change === null) return 'No figure four weeks earlier';
  const rounded = Number(oneDecimal(row.change));
  if (rounded === 0) return 'No change';
  return `${rounded > 0 ? 'Up' : 'Down'} ${oneDecimal(Math.abs(rounded))} points`;
}

/** The pupil's flags in words, or null when the server's answer does not carry them. */
export function flagWords(pupil: PupilAttendance): string[] | null {
  const f = pupil.flags;
  if (!f) return null;
  return [
    ...(f.send === 'K' ? ['SEN support'] : f.send === 'E' ? ['EHC plan'] : []),
    ...(f.fsm ? ['FSM'] : []),
    ...(f.eal ? ['EAL'] : []),
    ...(f.lookedAfter ? ['Looked after'] : []),
  ];
}

/**
 * Every pupil at or over 10% absence (or, with `severeOnly`, 50%), most absence first, then by name. The
 * server's own booleans decide who is in, so the list and the totals never disagree.
 */
export function absenceRows(now: AttendanceResponse, earlier: AttendanceResponse | null, severeOnly: boolean): AbsenceRow[] {
  const before = new Map((earlier?.pupils ?? []).map((p) => [p.pupilId, p.absencePercent]));
  return now.pupils
    .filter((p) => p.absencePercent !== null && (severeOnly ? p.severeAbsence : p.persistentAbsence || p.severeAbsence))
    .map((pupil): AbsenceRow => {
      const absencePercent = pupil.absencePercent!;
      const earlierPercent = before.get(pupil.pupilId) ?? null;
      return {
        pupil,
        absencePercent,
        severity: pupil.severeAbsence ? 'severe' : 'persistent',
        earlierPercent,
        change: earlierPercent === null ? null : absencePercent - earlierPercent,
        flags: flagWords(pupil),
      };
    })
    .sort((a, b) => b.absencePercent - a.absencePercent || a.pupil.name.localeCompare(b.pupil.name, 'en-GB'));
}

export type AbsenceSortKey = 'pupil' | 'class' | 'absence' | 'change';
export interface AbsenceSort {
  key: AbsenceSortKey;
  ascending: boolean;
}

/** The list's first order: most absence first. */
export const MOST_ABSENT_FIRST: AbsenceSort = { key: 'absence', ascending: false };

/** Which way a column sorts when first chosen: names A to Z, figures largest first. */
export const firstDirection = (key: AbsenceSortKey): boolean => key === 'pupil' || key === 'class';

const byName = (a: AbsenceRow, b: AbsenceRow) => a.pupil.name.localeCompare(b.pupil.name, 'en-GB');
const byClassName = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'en-GB', { numeric: true });

/**
 * The whole list in the order chosen (a new array; the screen pages it afterwards). Ties go most absence
 * first, then by name; a pupil with no class, or no figure four weeks earlier, comes last either way.
 */
export function sortAbsenceRows(rows: readonly AbsenceRow[], sort: AbsenceSort): AbsenceRow[] {
  const way = sort.ascending ? 1 : -1;
  const tie = (a: AbsenceRow, b: AbsenceRow) => b.absencePercent - a.absencePercent || byName(a, b);
  const compare = (a: AbsenceRow, b: AbsenceRow): number => {
    switch (sort.key) {
      case 'pupil':
        return way * byName(a, b) || tie(a, b);
      case 'class': {
        if ((a.pupil.groupName === null) !== (b.pupil.groupName === null)) return a.pupil.groupName === null ? 1 : -1;
        return way * byClassName(a.pupil.groupName, b.pupil.groupName) || tie(a, b);
      }
      case 'absence':
        return way * (a.absencePercent - b.absencePercent) || byName(a, b);
      case 'change':
        if ((a.change === null) !== (b.change === null)) return a.change === null ? 1 : -1;
        return way * ((a.change ?? 0) - (b.change ?? 0)) || tie(a, b);
    }
  };
  return [...rows].sort(compare);
}

/**
 * The bands the answer's pupils fall in, lowest attendance first (a band's place is given by its pupils'
 * figures: bands meet edge to edge, so any pupil of a band places it).
 */
export function bandsInOrder(pupils: readonly PupilAttendance[]): string[] {
  const lowest = new Map<string, number>();
  for (const p of pupils) {
    if (p.band === null || p.attendancePercent === null) continue;
    lowest.set(p.band, Math.min(lowest.get(p.band) ?? Infinity, p.attendancePercent));
  }
  return [...lowest.entries()].sort((a, b) => a[1] - b[1]).map(([band]) => band);
}

/** Class by class (7A before 10A, no class last), then by name: how letters are handed to form tutors. */
export function byClassThenName(a: PupilAttendance, b: PupilAttendance): number {
  return byClassName(a.groupName, b.groupName) || a.name.localeCompare(b.name, 'en-GB');
}

/** The pupils in the bands below `band` (lowest attendance first, then by name): whose families get a letter. */
export function pupilsBelowBand(pupils: readonly PupilAttendance[], band: string): PupilAttendance[] {
  const order = bandsInOrder(pupils);
  const below = new Set(order.slice(0, Math.max(0, order.indexOf(band))));
  return pupils
    .filter((p) => p.band !== null && below.has(p.band))
    .sort((a, b) => (a.attendancePercent ?? 0) - (b.attendancePercent ?? 0) || a.name.localeCompare(b.name, 'en-GB'));
}
