/**
 * What one push needs to read, loaded in bulk before its mutations are applied: the pupils and calendar
 * days they name, the pusher's assignments, and the register cells they touch (locked). A register of 35
 * marks then costs a handful of queries instead of a few hundred. Anything not preloaded is loaded on first
 * use. Cells are kept up to date in memory as mutations apply, so a later mutation in the same push sees
 * the earlier ones.
 */
import type { Queryable } from '../db/database.js';
import { isStorableText } from '../../protocol/index.js';
import { isValidDate } from '../../domain/time.js';
import { cellKeyString, lockCells, type CellKey, type CellRow } from '../repositories/registerRepository.js';
import { assignmentsOfStaff, pupilsOnDates, type PupilOnDate, type StaffAssignment } from '../repositories/rosterRepository.js';
import { getCalendarDays, type CalendarDay } from '../repositories/schoolRepository.js';
import { lockConflict, type ConflictRecord } from '../repositories/officeRecordsRepository.js';

/** Cells locked per query when a mutation loads thousands of them. */
const BULK_CHUNK = 2000;

/** The register coordinates a mutation's args name, if any: every mutation type that touches a cell has them. */
export function cellKeyOfArgs(args: unknown): CellKey | null {
  if (!args || typeof args !== 'object') return null;
  const { pupilId, date, session } = args as Record<string, unknown>;
  if (typeof pupilId !== 'string' || typeof date !== 'string' || (session !== 'AM' && session !== 'PM')) return null;
  // Only keys a query can take: a real date and storable text (the mutation's own checks refuse the rest).
  if (!isValidDate(date) || pupilId.length > 64 || !isStorableText(pupilId)) return null;
  return { pupilId, date, session };
}

export class PushCache {
  private pupils = new Map<string, PupilOnDate>();
  private days = new Map<string, CalendarDay | null>();
  private cells = new Map<string, CellRow | null>();
  private assignments: StaffAssignment[] | null = null;
  /** Ids of records (contacts, sign-outs, planned absences...) taken by mutations applied earlier in this push. */
  private claimedIds = new Set<string>();
  /** Conflicts read (and locked) in this push, updated as mutations resolve them. */
  private conflicts = new Map<string, ConflictRecord | null>();

  constructor(
    private readonly tx: Queryable,
    private readonly schoolId: string,
    private readonly staffId: string,
  ) {}

  /** `via`: where to send the reads (a round trip shared with the push's other reads); later loads use the transaction. */
  async preload(argsList: unknown[], via: Queryable = this.tx): Promise<void> {
    const keys = argsList.map(cellKeyOfArgs).filter((k): k is CellKey => k !== null);
    const unique = [...new Map(keys.map((k) => [cellKeyString(k), k])).values()];
    const [pupils, days, cells, assignments] = await Promise.all([
      pupilsOnDates(via, this.schoolId, unique),
      getCalendarDays(via, this.schoolId, unique.map((k) => k.date)),
      lockCells(via, this.schoolId, unique),
      assignmentsOfStaff(via, this.schoolId, this.staffId),
    ]);
    for (const p of pupils) this.pupils.set(`${p.pupilId}|${p.date}`, p);
    for (const k of unique) {
      if (!this.days.has(k.date)) this.days.set(k.date, days.get(k.date) ?? null);
      this.cells.set(cellKeyString(k), cells.get(cellKeyString(k)) ?? null);
    }
    this.assignments = assignments;
  }

  async pupilOnDate(pupilId: string, date: string): Promise<PupilOnDate> {
    const key = `${pupilId}|${date}`;
    if (!this.pupils.has(key)) {
      const [found] = await pupilsOnDates(this.tx, this.schoolId, [{ pupilId, date }]);
      this.pupils.set(key, found);
    }
    return this.pupils.get(key)!;
  }

  async calendarDay(date: string): Promise<CalendarDay | null> {
    if (!this.days.has(date)) this.days.set(date, (await getCalendarDays(this.tx, this.schoolId, [date])).get(date) ?? null);
    return this.days.get(date)!;
  }

  async staffAssignments(): Promise<StaffAssignment[]> {
    this.assignments ??= await assignmentsOfStaff(this.tx, this.schoolId, this.staffId);
    return this.assignments;
  }

  async cell(key: CellKey): Promise<CellRow | null> {
    const k = cellKeyString(key);
    if (!this.cells.has(k)) this.cells.set(k, (await lockCells(this.tx, this.schoolId, [key])).get(k) ?? null);
    return this.cells.get(k)!;
  }

  /** Called by the push loop after a mutation applied, so the next mutation sees its effect. */
  rememberCell(key: CellKey, row: CellRow): void {
    this.cells.set(cellKeyString(key), row);
  }

  forgetAssignments(): void {
    this.assignments = null;
  }

  /**
   * Bulk version of cell(): loads (and locks) every key not yet known in one query, for mutations that touch
   * many cells (planned absences, bulk codes). Returns the current rows, null for an empty cell.
   */
  async cellsFor(keys: CellKey[]): Promise<Map<string, CellRow | null>> {
    const missing = keys.filter((k) => !this.cells.has(cellKeyString(k)));
    const unique = [...new Map(missing.map((k) => [cellKeyString(k), k])).values()];
    for (let i = 0; i < unique.length; i += BULK_CHUNK) {
      const part = unique.slice(i, i + BULK_CHUNK);
      const found = await lockCells(this.tx, this.schoolId, part);
      for (const k of part) this.cells.set(cellKeyString(k), found.get(cellKeyString(k)) ?? null);
    }
    return new Map(keys.map((k) => [cellKeyString(k), this.cells.get(cellKeyString(k)) ?? null]));
  }

  /** Bulk version of calendarDay(). */
  async calendarDays(dates: string[]): Promise<Map<string, CalendarDay | null>> {
    const missing = [...new Set(dates.filter((d) => !this.days.has(d)))];
    if (missing.length > 0) {
      const found = await getCalendarDays(this.tx, this.schoolId, missing);
      for (const d of missing) this.days.set(d, found.get(d) ?? null);
    }
    return new Map(dates.map((d) => [d, this.days.get(d) ?? null]));
  }

  /**
   * Tells the cache who is on roll on which dates, from a roll the caller loaded in bulk (rollOnDates), so
   * setOfficeCode finds every pupil without a query each. Rows not given are still loaded on first use.
   */
  primePupils(rows: PupilOnDate[]): void {
    for (const p of rows) this.pupils.set(`${p.pupilId}|${p.date}`, p);
  }

  /**
   * True when an earlier mutation in this push already created a record with this id (of this kind).
   * Records written by earlier pushes are found in the database by the handler itself.
   */
  idClaimed(kind: string, id: string): boolean {
    return this.claimedIds.has(`${kind}|${id}`);
  }

  /** Called by a handler as it returns `applied` with the insert of a record with this id. */
  claimId(kind: string, id: string): void {
    this.claimedIds.add(`${kind}|${id}`);
  }

  /** A conflict, locked for the rest of the push, as earlier mutations in this push left it. */
  async conflict(id: string): Promise<ConflictRecord | null> {
    if (!this.conflicts.has(id)) this.conflicts.set(id, await lockConflict(this.tx, this.schoolId, id));
    return this.conflicts.get(id)!;
  }

  /** Called by conflict.resolve as it returns `applied`, so a second resolve in the same push is refused. */
  rememberConflict(record: ConflictRecord): void {
    this.conflicts.set(record.id, record);
  }
}
