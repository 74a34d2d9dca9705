/**
 * The merge rule for one register cell (one pupil, date and session).
 *
 * A cell keeps the winning teacher/TA mark and the winning office code side by side. Each apply function is
 * a join: commutative, associative and idempotent. So every device and the server, given the same marks in
 * any order and with any repeats, end with the same cell. That is what lets marks arrive days late, twice, or
 * out of order without a lock.
 *
 * - Teacher marks: the latest observation wins (observedAt, corrected for the device's clock), ties broken by
 *   deviceId and then seq so the order is total.
 * - Office codes: the highest server version wins, ties by eventId.
 * - The office code, once set, is the effective code; the teacher's mark is still kept for the record.
 *
 * Strings compare by code unit (`<`), never localeCompare, so the order is the same on every machine.
 * Apply functions return the same object when nothing changes, so callers can test with `===`.
 */
import { isPresentCode, type TeacherMark } from './codes';

export interface TeacherEntry {
  code: TeacherMark;
  observedAt: number;
  deviceId: string;
  seq: number;
  staffId: string;
}

export interface OfficeEntry {
  code: string;
  version: number;
  staffId: string;
  eventId: string;
}

export interface CellState {
  teacher: TeacherEntry | null;
  office: OfficeEntry | null;
}

export const EMPTY_CELL: CellState = Object.freeze({ teacher: null, office: null });

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders teacher entries; the greater one wins. deviceId and seq identify a mutation, so in practice the
 * order is decided by then; code and staffId come last only so that two malformed entries sharing an id
 * still merge the same way whichever arrives first.
 */
export function compareTeacherEntries(a: TeacherEntry, b: TeacherEntry): number {
  return (
    compareNumbers(a.observedAt, b.observedAt) ||
    compareStrings(a.deviceId, b.deviceId) ||
    compareNumbers(a.seq, b.seq) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.staffId, b.staffId)
  );
}

/** Orders office entries by server version, then eventId; code and staffId only as above. */
export function compareOfficeEntries(a: OfficeEntry, b: OfficeEntry): number {
  return (
    compareNumbers(a.version, b.version) ||
    compareStrings(a.eventId, b.eventId) ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.staffId, b.staffId)
  );
}

export function applyTeacherEntry(state: CellState, entry: TeacherEntry): CellState {
  if (state.teacher !== null && compareTeacherEntries(entry, state.teacher) <= 0) return state;
  return { teacher: entry, office: state.office };
}

export function applyOfficeEntry(state: CellState, entry: OfficeEntry): CellState {
  if (state.office !== null && compareOfficeEntries(entry, state.office) <= 0) return state;
  return { teacher: state.teacher, office: entry };
}

/** Joins two cells, e.g. what a device holds with what the server sent: the same as applying both sides' entries. */
export function mergeCells(a: CellState, b: CellState): CellState {
  let merged = a;
  if (b.teacher !== null) merged = applyTeacherEntry(merged, b.teacher);
  if (b.office !== null) merged = applyOfficeEntry(merged, b.office);
  return merged;
}

export function effectiveCode(state: CellState): { code: string; source: 'teacher' | 'office' } | null {
  if (state.office !== null) return { code: state.office.code, source: 'office' };
  if (state.teacher !== null) return { code: state.teacher.code, source: 'teacher' };
  return null;
}

/**
 * True when a teacher saw the pupil in the room while the office has them elsewhere: the cell has an office
 * code that is not a present code (an absence, a trip, not on roll...) and this teacher entry says present.
 * The teacher's mark does not change the code; the office resolves the conflict. This does not look at
 * whether the entry is the latest teacher mark: an earlier sighting is still evidence. The caller applies it
 * once per mutation (mutations are deduplicated by id), so a repeat does not open a second conflict.
 */
export function teacherEntryOpensConflict(state: CellState, entry: TeacherEntry): boolean {
  if (state.office === null) return false;
  return isPresentCode(entry.code) && !isPresentCode(state.office.code);
}
