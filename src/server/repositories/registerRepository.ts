/**
 * The register: the append-only mark_events log (source of truth) and the register_cells projection.
 * Callers write an event and the projected cell in the same transaction; nothing here updates or deletes
 * an event (and a database trigger refuses it anyway).
 */
import type { Queryable } from '../db/database.js';
import { insertRows } from '../db/insertMany.js';
import type { Session, TeacherMark } from '../../domain/codes.js';
import type { CellState } from '../../domain/merge.js';

export interface CellRow {
  code: string;
  source: 'teacher' | 'office';
  state: CellState;
}

export interface CellKey {
  pupilId: string;
  date: string;
  session: Session;
}

export const cellKeyString = (k: CellKey) => `${k.pupilId}|${k.date}|${k.session}`;

type CellDbRow = {
  pupilId: string;
  date: string;
  session: Session;
  code: string;
  source: 'teacher' | 'office';
  teacherCode: TeacherMark | null;
  teacherObservedAt: Date | null;
  teacherDeviceId: string | null;
  teacherSeq: number | null;
  teacherStaffId: string | null;
  officeCode: string | null;
  officeVersion: number | null;
  officeEventId: string | null;
  officeStaffId: string | null;
};

/** Loads (and locks, for the rest of the transaction) the current cells for these keys, keyed by cellKeyString. */
export async function lockCells(tx: Queryable, schoolId: string, keys: CellKey[]): Promise<Map<string, CellRow>> {
  const found = new Map<string, CellRow>();
  if (keys.length === 0) return found;
  const { rows } = await tx.query<CellDbRow>(
    // One lookup (and lock) a key, inside the loop: as a join, a plan made before the table had statistics read
    // every cell of the school and hashed them, and a school gathers hundreds of thousands of cells a year.
    `SELECT c.pupil_id AS "pupilId", c.date, c.session, c.code, c.source, c.teacher_code AS "teacherCode",
            c.teacher_observed_at AS "teacherObservedAt", c.teacher_device_id AS "teacherDeviceId", c.teacher_seq AS "teacherSeq",
            c.teacher_staff_id AS "teacherStaffId", c.office_code AS "officeCode", c.office_version AS "officeVersion",
            c.office_event_id AS "officeEventId", c.office_staff_id AS "officeStaffId"
       FROM unnest($2::text[], $3::date[], $4::text[]) AS k(pupil_id, date, session)
       CROSS JOIN LATERAL (SELECT * FROM register_cells
                            WHERE school_id = $1 AND pupil_id = k.pupil_id AND date = k.date AND session = k.session
                            FOR UPDATE) c`,
    [schoolId, keys.map((k) => k.pupilId), keys.map((k) => k.date), keys.map((k) => k.session)],
  );
  for (const r of rows) found.set(cellKeyString(r), toCellRow(r));
  return found;
}

function toCellRow(r: CellDbRow): CellRow {
  return {
    code: r.code,
    source: r.source,
    state: {
      teacher:
        r.teacherCode && r.teacherObservedAt
          ? {
              code: r.teacherCode,
              observedAt: new Date(r.teacherObservedAt).getTime(),
              deviceId: r.teacherDeviceId ?? '',
              seq: r.teacherSeq ?? 0,
              staffId: r.teacherStaffId ?? '',
            }
          : null,
      office:
        r.officeCode != null
          ? { code: r.officeCode, version: r.officeVersion ?? 0, staffId: r.officeStaffId ?? '', eventId: r.officeEventId ?? '' }
          : null,
    },
  };
}

export interface MarkEvent {
  schoolId: string;
  id: string;
  pupilId: string;
  date: string;
  session: Session;
  source: 'teacher' | 'office';
  code: string;
  oldCode: string | null;
  effectiveCode: string | null;
  reason: string | null;
  minutesLate: number | null;
  staffId: string;
  role: string;
  deviceId: string | null;
  seq: number | null;
  mutationId: string | null;
  observedAtDevice: number | null;
  clockOffsetMs: number | null;
  observedAt: number;
  timeQuality: 'good' | 'suspect';
  receivedAt: number;
  version: number;
}

const EVENT_COLUMNS = [
  'school_id', 'id', 'pupil_id', 'date', 'session', 'source', 'code', 'old_code', 'effective_code', 'reason',
  'minutes_late', 'staff_id', 'role', 'device_id', 'seq', 'mutation_id', 'observed_at_device', 'clock_offset_ms',
  'observed_at', 'time_quality', 'received_at', 'version',
];

export async function insertMarkEvents(tx: Queryable, events: MarkEvent[]): Promise<void> {
  await insertRows(tx, 'mark_events', EVENT_COLUMNS, events.map((e) => [
    e.schoolId, e.id, e.pupilId, e.date, e.session, e.source, e.code, e.oldCode, e.effectiveCode, e.reason,
    e.minutesLate, e.staffId, e.role, e.deviceId, e.seq, e.mutationId,
    e.observedAtDevice == null ? null : new Date(e.observedAtDevice), e.clockOffsetMs, new Date(e.observedAt),
    e.timeQuality, new Date(e.receivedAt), e.version,
  ]));
}

export interface ProjectedCell {
  schoolId: string;
  pupilId: string;
  date: string;
  session: Session;
  code: string;
  source: 'teacher' | 'office';
  markedBy: string | null;
  markedAt: number | null;
  receivedAt: number;
  state: CellState;
  version: number;
}

const CELL_COLUMNS = [
  'school_id', 'pupil_id', 'date', 'session', 'code', 'source', 'marked_by', 'marked_at', 'received_at',
  'teacher_code', 'teacher_observed_at', 'teacher_device_id', 'teacher_seq', 'teacher_staff_id',
  'office_code', 'office_version', 'office_event_id', 'office_staff_id', 'version',
];
const CELL_UPSERT = `ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET
  ${CELL_COLUMNS.slice(4).map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`;

/** Writes the projected cells; each key at most once per call (the caller keeps the last state per cell). */
export async function upsertCells(tx: Queryable, cells: ProjectedCell[]): Promise<void> {
  await insertRows(tx, 'register_cells', CELL_COLUMNS, cells.map((c) => {
    const t = c.state.teacher;
    const o = c.state.office;
    return [
      c.schoolId, c.pupilId, c.date, c.session, c.code, c.source, c.markedBy,
      c.markedAt == null ? null : new Date(c.markedAt), new Date(c.receivedAt),
      t?.code ?? null, t ? new Date(t.observedAt) : null, t?.deviceId ?? null, t?.seq ?? null, t?.staffId ?? null,
      o?.code ?? null, o?.version ?? null, o?.eventId ?? null, o?.staffId ?? null, c.version,
    ];
  }), { onConflict: CELL_UPSERT });
}

export interface ConflictRow {
  schoolId: string;
  id: string;
  pupilId: string;
  date: string;
  session: Session;
  /** The office's code in the cell when the conflict was raised; null only for a settled register without one. */
  officeCode: string | null;
  teacherCode: string;
  raisedBy: string;
  raisedAt: number;
  eventId: string;
  /** 'office_code' (the default) or 'settled_register': a mark held for the office (migration 005). */
  kind?: 'office_code' | 'settled_register';
  /** When the teacher saw the pupil, for a held mark. */
  observedAt?: number | null;
}

export async function insertConflicts(tx: Queryable, rows: ConflictRow[]): Promise<void> {
  await insertRows(tx, 'conflicts', ['school_id', 'id', 'pupil_id', 'date', 'session', 'office_code', 'teacher_code', 'raised_by', 'raised_at', 'event_id', 'kind', 'observed_at'],
    rows.map((c) => [c.schoolId, c.id, c.pupilId, c.date, c.session, c.officeCode, c.teacherCode, c.raisedBy, new Date(c.raisedAt), c.eventId,
      c.kind ?? 'office_code', c.observedAt == null ? null : new Date(c.observedAt)]));
}

/** Every event of a school, for rebuilding the projection and for tests that prove it can be rebuilt. */
export async function allMarkEvents(db: Queryable, schoolId: string): Promise<MarkEvent[]> {
  const { rows } = await db.query<MarkEvent & { observedAt: Date; receivedAt: Date; observedAtDevice: Date | null }>(
    `SELECT school_id AS "schoolId", id, pupil_id AS "pupilId", date, session, source, code, old_code AS "oldCode",
            effective_code AS "effectiveCode", reason, minutes_late AS "minutesLate", staff_id AS "staffId", role,
            device_id AS "deviceId", seq, mutation_id AS "mutationId", observed_at_device AS "observedAtDevice",
            clock_offset_ms AS "clockOffsetMs", observed_at AS "observedAt", time_quality AS "timeQuality",
            received_at AS "receivedAt", version
       FROM mark_events WHERE school_id = $1 ORDER BY version, id`,
    [schoolId],
  );
  return rows.map((r) => ({
    ...r,
    observedAt: new Date(r.observedAt).getTime(),
    receivedAt: new Date(r.receivedAt).getTime(),
    observedAtDevice: r.observedAtDevice ? new Date(r.observedAtDevice).getTime() : null,
  }));
}
