/**
 * Row shapes stored on the device. Server-authored rows (school, groups, pupils, assignments, days, cells) keep
 * the wire shapes from src/protocol; the device adds only what it needs to keep local changes on top.
 */
import type {
  AssignmentValue,
  CellValue,
  DayValue,
  GroupValue,
  MarkArgs,
  PupilMembership,
  PupilValue,
  SchoolValue,
  SignedInUser,
} from '../../protocol';
import type { AlertRecordArgs } from '../../protocol/officeFigures';

export type { AssignmentValue, DayValue, GroupValue, PupilMembership, PupilValue, SchoolValue, SignedInUser };
export type { PhotoValue } from '../../protocol/adminPhotos';

/**
 * A pupil as this device stores it: the pulled value (with its dated memberships when the server sent them) and
 * `groupIds`, every group it names, derived when stored so that a register finds its pupils by one index.
 */
export interface LocalPupil extends PupilValue {
  groupIds?: string[];
}

/** One register cell (pupil, date, session) as this device shows it. */
export interface LocalCell extends CellValue {
  /** `cellKey(pupilId, date, session)`: the primary key. */
  key: string;
  /** True while an outbox entry for this cell has not been answered by the server. */
  pending: boolean;
  /**
   * The last value the server sent for this cell (null: none). Kept while the cell is pending so that a
   * rejected mark can be undone, and so that a pull skipped because of a pending mark is not lost.
   */
  base?: CellValue | null;
}

export type OutboxStatus = 'pending' | 'rejected';

/** Arguments of the mutation types this app sends (docs/protocol.md, docs/issue3-api.md). */
export interface PupilHereArgs {
  pupilId: string;
  date: string;
  session: 'AM' | 'PM';
}
export interface CoverAddArgs {
  id: string;
  staffId: string;
  groupId: string;
  startDate: string;
  endDate: string;
  sessions: Array<'AM' | 'PM'>;
}
export interface CoverRemoveArgs {
  id: string;
}
/** The office's changes (docs/office-api.md). */
export interface CodeSetArgs {
  pupilId: string;
  date: string;
  session: 'AM' | 'PM';
  code: string;
  reason?: string;
  minutesLate?: number;
}
export type ContactMethod = 'phone' | 'text' | 'email' | 'in person' | 'home visit' | 'message from home';
export interface ContactRecordArgs {
  id: string;
  pupilId: string;
  date: string;
  method: ContactMethod;
  outcome: string;
  code?: string;
  sessions?: Array<'AM' | 'PM'>;
}
export interface ConflictResolveArgs {
  conflictId: string;
  resolution: string;
  code?: string;
}
export interface SiteLogArgs {
  id: string;
  pupilId: string;
  /** ISO instant; the server's time of receipt when left out. */
  at?: string;
  reason?: string;
}
export interface AbsencePlanArgs {
  id: string;
  pupilIds: string[];
  startDate: string;
  endDate: string;
  sessions: Array<'AM' | 'PM'>;
  /** ISO weekdays 1 (Monday) to 5; all when left out. */
  weekdays?: number[];
  code: string;
  note?: string;
}
export interface CodeBulkArgs {
  id: string;
  code: string;
  dates: string[];
  sessions: Array<'AM' | 'PM'>;
  groupId?: string;
  reason: string;
}
export interface MutationArgs {
  'mark.set': MarkArgs;
  'pupil.here': PupilHereArgs;
  'cover.add': CoverAddArgs;
  'cover.remove': CoverRemoveArgs;
  'code.set': CodeSetArgs;
  'contact.record': ContactRecordArgs;
  'conflict.resolve': ConflictResolveArgs;
  'pupil.signout': SiteLogArgs;
  'pupil.signin': SiteLogArgs;
  'absence.plan': AbsencePlanArgs;
  'code.bulk': CodeBulkArgs;
  'alert.record': AlertRecordArgs;
}
export type MutationType = keyof MutationArgs;

interface OutboxEntryBase {
  /** Local auto-increment key. */
  key?: number;
  deviceId: string;
  userId: string;
  seq: number;
  /** Unique mutation id (crypto.randomUUID()). */
  id: string;
  /** The device's own clock when the person acted, ISO 8601. */
  observedAt: string;
  clockOffsetMs: number;
  status: OutboxStatus;
  /**
   * cellKey of the register cell the mutation is about. Always set for `mark.set` (which also makes the cell
   * pending); optional for other types, where it only links the entry to a cell and never changes the cell.
   */
  cellKey?: string;
  code?: string;
  message?: string;
}

/** One mutation waiting in (or refused by the server and kept in) the outbox, discriminated by `type`. */
export type OutboxEntry = {
  [T in MutationType]: OutboxEntryBase & { type: T; args: MutationArgs[T] };
}[MutationType];

export type MarkEntry = Extract<OutboxEntry, { type: 'mark.set' }>;

/** meta `device:<userId>`: this browser's identity for one person. */
export interface DeviceIdentity {
  deviceId: string;
  nextSeq: number;
  /** The person's name, so waiting marks can say whose they are after that person signed out. */
  displayName?: string;
  /**
   * Secret from POST /api/sync/device-key: lets this tablet send this person's waiting marks while someone
   * else is signed in. Absent until issued; removed when the server refuses it or the device id changes.
   */
  deviceKey?: string;
}

/** meta `storage`: what the browser answered when asked to keep this app's data (navigator.storage.persist()). */
export interface StoragePersistence {
  /** null: this browser cannot be asked. */
  persisted: boolean | null;
  /** Corrected clock, ms. */
  askedAt: number;
}

/** meta `clock`: best estimate of (server clock - device clock). */
export interface ClockSample {
  offsetMs: number;
  rttMs: number;
  /** Device clock when measured. */
  measuredAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}
