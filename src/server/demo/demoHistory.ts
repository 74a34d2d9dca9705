/**
 * The demo school's attendance from the first school day of the year up to yesterday, recorded the way the
 * server records marks, so the office screens have real figures to show on the first `npm start`.
 *
 * Guarantees:
 * - Deterministic: the same demo school and `today` give the same rows (ids included).
 * - Every pupil on roll has a code in both sessions of every school day before `today`, and none for today
 *   or later.
 * - Every entry is an append-only mark_events row: teachers' marks with source 'teacher', role 'teacher'
 *   and the class teacher's staff id; the office's amendments as later events with the old code, the
 *   reason, role 'office' and office1's staff id. register_cells holds, for each cell, the state the merge
 *   rule (domain/merge.ts) gives those events, written as markSet.ts and codeSet.ts write it, so rebuilding
 *   the projection from the events (sync/projection.ts) gives the same cells.
 * - Each push takes the next sync version in the order the server received them, from `firstVersion`;
 *   sync_state ends at the last one, so the next real write gets a higher version than any row here.
 * - The entries were never pushed by a device, so no mutation_log rows or mutation ids go with them; the
 *   device and its running seq are still set, because the merge rule orders teacher marks by them.
 */
import type { Queryable } from '../db/database.js';
import { insertMany } from '../db/insertMany.js';
import { applyOfficeEntry, applyTeacherEntry, EMPTY_CELL, effectiveCode, type CellState } from '../../domain/merge.js';
import type { TeacherMark } from '../../domain/codes.js';
import { insertMarkEvents, upsertCells, type MarkEvent, type ProjectedCell } from '../repositories/registerRepository.js';
import type { ContactEntry } from '../repositories/officeRecordsRepository.js';
import { DEFAULT_DEMO_SEED, Rng, type DemoSchool, type Session } from './generateDemoSchool.js';
import { planDemoAbsences, type DemoAbsencePlan } from './demoAbsencePlan.js';
import { demoPushes } from './demoPushes.js';

/** A contact-log row as the server writes it (officeRecordsRepository), less the push that never happened. */
export type DemoContactLogEntry = Omit<ContactEntry, 'mutationId'>;

export interface DemoHistory {
  plan: DemoAbsencePlan;
  events: MarkEvent[];
  /** One per register cell, its final state. */
  cells: ProjectedCell[];
  contacts: DemoContactLogEntry[];
  /** The highest version used, or firstVersion - 1 when there is no history yet. */
  lastVersion: number;
}

const ID_SALT = 0x1d5eed;

export function buildDemoHistory(demo: DemoSchool, today: string, firstVersion: number, seed: number = DEFAULT_DEMO_SEED): DemoHistory {
  const plan = planDemoAbsences(demo, today, seed);
  const order = demoPushes(demo, plan, seed).map((push, i) => ({ push, i }));
  // Versions follow the order the server received the pushes (ties keep the order they were made in).
  order.sort((a, b) => a.push.at - b.push.at || a.i - b.i);
  const newId = uuidMaker(new Rng((Math.trunc(seed) ^ ID_SALT) >>> 0));
  const schoolId = demo.school.id;
  const seqs = new Map<string, number>();
  const states = new Map<string, CellState>();
  const cells = new Map<string, ProjectedCell>();
  const events: MarkEvent[] = [];
  const contacts: DemoContactLogEntry[] = [];

  order.forEach(({ push }, i) => {
    const version = firstVersion + i;
    for (const m of push.mutations) {
      const seq = (seqs.get(push.deviceId) ?? 0) + 1;
      seqs.set(push.deviceId, seq);
      for (const e of m.entries) {
        const key = `${e.pupilId}|${e.date}|${e.session}`;
        const before = states.get(key) ?? EMPTY_CELL;
        const oldCode = effectiveCode(before)?.code ?? null;
        const teacher = e.source === 'teacher';
        // Office event ids sort by version, then seq, as codeSet.ts makes them.
        const id = teacher ? newId() : `o${String(version).padStart(12, '0')}-${String(seq).padStart(8, '0')}-${newId()}`;
        const after = teacher
          ? applyTeacherEntry(before, { code: e.code as TeacherMark, observedAt: e.observedAt, deviceId: push.deviceId, seq, staffId: push.staffId })
          : applyOfficeEntry(before, { code: e.code, version, staffId: push.staffId, eventId: id });
        const effective = effectiveCode(after);
        events.push({
          schoolId, id, pupilId: e.pupilId, date: e.date, session: e.session, source: e.source, code: e.code, oldCode,
          effectiveCode: effective?.code ?? null, reason: e.reason, minutesLate: e.minutesLate, staffId: push.staffId,
          role: push.role, deviceId: push.deviceId, seq, mutationId: null, observedAtDevice: e.observedAt, clockOffsetMs: 0,
          observedAt: e.observedAt, timeQuality: 'good', receivedAt: push.at, version,
        });
        if (after === before || !effective) continue;
        states.set(key, after);
        // markedBy and markedAt as markSet.ts (teacher) and codeSet.ts (office) project them.
        const winner = effective.source === 'office' ? after.office! : after.teacher!;
        cells.set(key, {
          schoolId, pupilId: e.pupilId, date: e.date, session: e.session, code: effective.code, source: effective.source,
          markedBy: teacher ? winner.staffId : push.staffId,
          markedAt: teacher ? (effective.source === 'teacher' ? after.teacher!.observedAt : null) : e.observedAt,
          receivedAt: push.at, state: after, version,
        });
      }
      if (m.contact) {
        contacts.push({
          schoolId, id: `demo-contact-${String(contacts.length + 1).padStart(5, '0')}`, ...m.contact, staffId: push.staffId,
          role: push.role, deviceId: push.deviceId, recordedAt: push.at, version,
        });
      }
    }
  });
  return { plan, events, cells: [...cells.values()], contacts, lastVersion: firstVersion + order.length - 1 };
}

/** Writes the history in a few large INSERTs and moves the school's sync version on past it. */
export async function writeDemoHistory(tx: Queryable, history: DemoHistory, schoolId: string): Promise<void> {
  await insertMarkEvents(tx, history.events);
  await upsertCells(tx, history.cells);
  await insertMany(tx, 'contact_log',
    ['school_id', 'id', 'pupil_id', 'date', 'method', 'outcome', 'code', 'sessions', 'staff_id', 'role', 'device_id', 'mutation_id', 'recorded_at', 'version'],
    history.contacts.map((c) => [c.schoolId, c.id, c.pupilId, c.date, c.method, c.outcome, c.code, c.sessions, c.staffId, c.role, c.deviceId, null, new Date(c.recordedAt), c.version]));
  await tx.query(`UPDATE sync_state SET version = GREATEST(version, $2) WHERE school_id = $1`, [schoolId, history.lastVersion]);
}

/** Version-4-shaped UUIDs from a seeded generator, so the demo's event ids are the same every time. */
function uuidMaker(rng: Rng): () => string {
  const hex = (n: number) => Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(0, 3)]}${hex(3)}-${hex(12)}`;
}
