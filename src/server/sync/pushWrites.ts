/** Collects the effects of a push's applied mutations and writes them with a few multi-row statements. */
import type { Queryable } from '../db/database.js';
import { cellKeyString, insertConflicts, insertMarkEvents, upsertCells, type ConflictRow, type MarkEvent, type ProjectedCell } from '../repositories/registerRepository.js';
import { logMutations, type LogEntry } from '../repositories/deviceRepository.js';
import type { Effects } from './mutationTypes.js';
import { inOneRoundTrip } from '../db/oneRoundTrip.js';

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

  /**
   * Writes everything in one round trip (oneRoundTrip.ts), with `alongside` (the device's row). Statements a
   * handler wrote out itself (covers, contacts...) may depend on each other and on the rows before them, so
   * when there are any they go one by one after the events, cells and conflicts, and the log after them.
   */
  async flush(tx: Queryable, alongside: (q: Queryable) => Promise<void>, combine = true): Promise<void> {
    await inOneRoundTrip(tx, 'write', async (q) => {
      const records = () => [insertMarkEvents(q, this.events), upsertCells(q, [...this.cells.values()]), insertConflicts(q, this.conflicts)];
      const bookkeeping = () => [logMutations(q, this.log), alongside(q)];
      if (this.statements.length === 0) {
        await Promise.all([...records(), ...bookkeeping()]);
        return;
      }
      await Promise.all(records());
      for (const s of this.statements) await q.query(s.sql, s.params);
      await Promise.all(bookkeeping());
    }, combine);
  }
}
