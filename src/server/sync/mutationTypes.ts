/**
 * What a mutation handler receives and returns. A handler reads (through the push's cache), checks, and
 * returns either a rejection or the effects of applying it. It writes nothing itself: the push collects the
 * effects of every applied mutation and writes them together at the end of its transaction. So a handler
 * that fails half-way has changed nothing.
 */
import type { Queryable } from '../db/database.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import type { SchoolSettings } from '../repositories/schoolRepository.js';
import type { CellKey, CellRow, ConflictRow, MarkEvent, ProjectedCell } from '../repositories/registerRepository.js';
import type { PushCache } from './pushCache.js';

export interface MutationContext {
  tx: Queryable;
  user: SessionUser;
  school: SchoolSettings;
  deviceId: string;
  seq: number;
  mutationId: string;
  /** The device's clock when the person acted (ms), as sent. */
  observedAtDevice: number;
  clockOffsetMs: number;
  /** The server's clock when the push arrived. Never the client's. */
  receivedAt: number;
  /** The school's sync version taken for this push. */
  version: number;
  cache: PushCache;
  newId(): string;
}

export interface Effects {
  events?: MarkEvent[];
  /** New states of cells; the push keeps the last per cell and remembers it for later mutations. */
  cells?: Array<{ key: CellKey; row: CellRow; projected: ProjectedCell }>;
  conflicts?: ConflictRow[];
  /** Other writes, run in order after the register writes. */
  statements?: Array<{ sql: string; params: unknown[] }>;
}

export type MutationOutcome = { status: 'applied'; effects: Effects } | { status: 'rejected'; code: string; message: string };

export type MutationHandler = (ctx: MutationContext, args: unknown) => Promise<MutationOutcome>;

export const rejected = (code: string, message: string): MutationOutcome => ({ status: 'rejected', code, message });
export const applied = (effects: Effects = {}): MutationOutcome => ({ status: 'applied', effects });
