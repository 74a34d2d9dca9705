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
  PupilValue,
  SchoolValue,
  SignedInUser,
} from '../../protocol';

export type { AssignmentValue, DayValue, GroupValue, PupilValue, SchoolValue, SignedInUser };

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

export interface OutboxEntry {
  /** Local auto-increment key. */
  key?: number;
  deviceId: string;
  userId: string;
  seq: number;
  /** Unique mutation id (crypto.randomUUID()). */
  id: string;
  type: 'mark.set';
  args: MarkArgs;
  /** The device's own clock when the person tapped, ISO 8601. */
  observedAt: string;
  clockOffsetMs: number;
  status: OutboxStatus;
  /** cellKey of the cell the mutation changes. */
  cellKey: string;
  code?: string;
  message?: string;
}

/** meta `device:<userId>`: this browser's identity for one person. */
export interface DeviceIdentity {
  deviceId: string;
  nextSeq: number;
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
