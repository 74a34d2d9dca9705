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
  LocalPupil,
  OutboxEntry,
  PhotoValue,
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
  pupils!: Table<LocalPupil, string>;
  assignments!: Table<AssignmentValue, string>;
  days!: Table<DayValue, string>;
  cells!: Table<LocalCell, string>;
  outbox!: Table<OutboxEntry, number>;
  /** Pupils' photos (pulled, base64), keyed by pupil id: version 2. */
  photos!: Table<PhotoValue, string>;

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
    // Issue 10: pupils' photos, and pupils found by every group of their dated memberships (`groupIds`, derived
    // when a pupil is stored; pupils stored before have one group, their groupId).
    this.version(2)
      .stores({ pupils: 'id, groupId, *groupIds', photos: 'pupilId' })
      .upgrade((tx) =>
        tx
          .table<LocalPupil, string>('pupils')
          .toCollection()
          .modify((pupil) => {
            pupil.groupIds = groupIdsOf(pupil);
          }),
      );
  }
}

/** Every group a pupil's record names: its memberships' groups, or its one groupId. */
export function groupIdsOf(pupil: Pick<LocalPupil, 'groupId' | 'memberships'>): string[] {
  return [...new Set([pupil.groupId, ...(pupil.memberships ?? []).map((m) => m.groupId)])];
}

export const DEFAULT_DB_NAME = 'school-register';

export function createDb(name: string = DEFAULT_DB_NAME, options: CreateDbOptions = {}): RegisterDb {
  return new RegisterDb(name, options);
}

