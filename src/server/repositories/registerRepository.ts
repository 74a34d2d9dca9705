/**
 * The register: the append-only mark_events log (source of truth) and the register_cells projection.
 * Callers write an event and the projected cell in the same transaction; nothing here updates or deletes
 * an event (and a database trigger refuses it anyway).
 */
import type { Queryable } from '../db/database.js';
import type { Session, TeacherMark } from '../../domain/codes.js';
import type { CellState } from '../../domain/merge.js';

export interface CellRow {
  code: string;
  source: 'teacher' | 'office';
  state: CellState;
}

export async function lockCell(
  tx: Queryable,
  key: { schoolId: string; pupilId: string; date: string; session: Session },
): Promise<CellRow | null> {
  const { rows } = await tx.query<{
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
  }>(
    `SELECT code, source, teacher_code AS "teacherCode", teacher_observed_at AS "teacherObservedAt",
            teacher_device_id AS "teacherDeviceId", teacher_seq AS "teacherSeq", teacher_staff_id AS "teacherStaffId",
            office_code AS "officeCode", office_version AS "officeVersion", office_event_id AS "officeEventId",
            office_staff_id AS "officeStaffId"
       FROM register_cells WHERE school_id = $1 AND pupil_id = $2 AND date = $3 AND session = $4 FOR UPDATE`,
    [key.schoolId, key.pupilId, key.date, key.session],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    code: r.code,
    source: r.source,
    state: {
      teacher:
        r.teacherCode && r.teacherObservedAt
          ? {
              code: r.teacherCode,
              observedAt: r.teacherObservedAt.getTime(),
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

export async function insertMarkEvent(tx: Queryable, e: MarkEvent): Promise<void> {
  await tx.query(
    `INSERT INTO mark_events (school_id, id, pupil_id, date, session, source, code, old_code, effective_code, reason,
        minutes_late, staff_id, role, device_id, seq, mutation_id, observed_at_device, clock_offset_ms, observed_at,
        time_quality, received_at, version)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)`,
    [
      e.schoolId, e.id, e.pupilId, e.date, e.session, e.source, e.code, e.oldCode, e.effectiveCode, e.reason,
      e.minutesLate, e.staffId, e.role, e.deviceId, e.seq, e.mutationId,
      e.observedAtDevice == null ? null : new Date(e.observedAtDevice), e.clockOffsetMs, new Date(e.observedAt),
      e.timeQuality, new Date(e.receivedAt), e.version,
    ],
  );
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

export async function upsertCell(tx: Queryable, c: ProjectedCell): Promise<void> {
  const t = c.state.teacher;
  const o = c.state.office;
  await tx.query(
    `INSERT INTO register_cells (school_id, pupil_id, date, session, code, source, marked_by, marked_at, received_at,
        teacher_code, teacher_observed_at, teacher_device_id, teacher_seq, teacher_staff_id,
        office_code, office_version, office_event_id, office_staff_id, version)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19)
     ON CONFLICT (school_id, pupil_id, date, session) DO UPDATE SET
        code = EXCLUDED.code, source = EXCLUDED.source, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at,
        received_at = EXCLUDED.received_at, teacher_code = EXCLUDED.teacher_code,
        teacher_observed_at = EXCLUDED.teacher_observed_at, teacher_device_id = EXCLUDED.teacher_device_id,
        teacher_seq = EXCLUDED.teacher_seq, teacher_staff_id = EXCLUDED.teacher_staff_id,
        office_code = EXCLUDED.office_code, office_version = EXCLUDED.office_version,
        office_event_id = EXCLUDED.office_event_id, office_staff_id = EXCLUDED.office_staff_id, version = EXCLUDED.version`,
    [
      c.schoolId, c.pupilId, c.date, c.session, c.code, c.source, c.markedBy,
      c.markedAt == null ? null : new Date(c.markedAt), new Date(c.receivedAt),
      t?.code ?? null, t ? new Date(t.observedAt) : null, t?.deviceId ?? null, t?.seq ?? null, t?.staffId ?? null,
      o?.code ?? null, o?.version ?? null, o?.eventId ?? null, o?.staffId ?? null, c.version,
    ],
  );
}

export async function insertConflict(
  tx: Queryable,
  c: { schoolId: string; id: string; pupilId: string; date: string; session: Session; officeCode: string; teacherCode: string; raisedBy: string; raisedAt: number; eventId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO conflicts (school_id, id, pupil_id, date, session, office_code, teacher_code, raised_by, raised_at, event_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [c.schoolId, c.id, c.pupilId, c.date, c.session, c.officeCode, c.teacherCode, c.raisedBy, new Date(c.raisedAt), c.eventId],
  );
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
