/**
 * The device database (IndexedDB through Dexie).
 *
 * Guarantees:
 * - Every transaction is opened with durability `strict`: when a write transaction resolves, the data has
 *   reached the disk, not an OS buffer (Chrome's default is `relaxed` since 121).
 * - Cells are keyed by `cellKey(pupilId, date, session)`, so a cell exists at most once.
 * - Outbox entries are unique by mutation `id` and by `(deviceId, seq)`.
 * Schema changes add a new `version(n)`; never edit a published one.
 */
import Dexie, { type Table } from 'dexie';
import type {
  AssignmentValue,
  DayValue,
  GroupValue,
  LocalCell,
  MetaRow,
  OutboxEntry,
  PupilValue,
  SchoolValue,
} from './types';

export interface CreateDbOptions {
  /** Inject an IDBFactory (tests use a fresh fake-indexeddb factory per test). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
}

export class RegisterDb extends Dexie {
  meta!: Table<MetaRow, string>;
  school!: Table<SchoolValue, string>;
  groups!: Table<GroupValue, string>;
  pupils!: Table<PupilValue, string>;
  assignments!: Table<AssignmentValue, string>;
  days!: Table<DayValue, string>;
  cells!: Table<LocalCell, string>;
  outbox!: Table<OutboxEntry, number>;

  constructor(name: string, options: CreateDbOptions = {}) {
    super(name, {
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
    });
    this.version(1).stores({
      meta: 'key',
      school: 'id',
      groups: 'id',
      pupils: 'id, groupId',
      assignments: 'id, staffId, groupId',
      days: 'date',
      cells: 'key, date, [pupilId+date+session]',
      outbox: '++key, deviceId, &[deviceId+seq], &id, status, userId, cellKey',
    });
  }
}

export const DEFAULT_DB_NAME = 'school-register';

export function createDb(name: string = DEFAULT_DB_NAME, options: CreateDbOptions = {}): RegisterDb {
  return new RegisterDb(name, options);
}

