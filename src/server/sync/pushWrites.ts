/** Collects the effects of a push's applied mutations and writes them with a few multi-row statements. */
import type { Queryable } from '../db/database.js';
import { cellKeyString, insertConflicts, insertMarkEvents, upsertCells, type ConflictRow, type MarkEvent, type ProjectedCell } from '../repositories/registerRepository.js';
import { logMutations, type LogEntry } from '../repositories/deviceRepository.js';
import type { Effects } from './mutationTypes.js';

export class PushWrites {
  private events: MarkEvent[] = [];
  private cells = new Map<string, ProjectedCell>();
  private conflicts: ConflictRow[] = [];
  private statements: Array<{ sql: string; params: unknown[] }> = [];
  private log: LogEntry[] = [];

  add(effects: Effects): void {
    this.events.push(...(effects.events ?? []));
    for (const c of effects.cells ?? []) this.cells.set(cellKeyString(c.key), c.projected);
    this.conflicts.push(...(effects.conflicts ?? []));
    this.statements.push(...(effects.statements ?? []));
  }

  logged(entry: LogEntry): void {
    this.log.push(entry);
  }

  async flush(tx: Queryable): Promise<void> {
    await insertMarkEvents(tx, this.events);
    await upsertCells(tx, [...this.cells.values()]);
    await insertConflicts(tx, this.conflicts);
    for (const s of this.statements) await tx.query(s.sql, s.params);
    await logMutations(tx, this.log);
  }
}
