/**
 * The oracle of the chaos test: after a final quiet sync, reads the server's database and every device's
 * IndexedDB and names every way they disagree with what must be true:
 * 1. every mutation a device made was applied exactly once (one mutation_log row, one mark_events row by its
 *    id) or rejected with a trace (one mutation_log row with its code, and the device's outbox keeps the entry
 *    as rejected with the same code); nothing is still waiting, and no event comes from nowhere;
 * 2. each cell's code is the merge rule (DESIGN §4, src/domain/merge.ts) over every event for it, worked out
 *    here again from mark_events, independently of the server's projection: the office's latest code by
 *    version (then event id) if any, else the teacher mark with the latest corrected observation (then device
 *    id, then seq);
 * 3. every device's local register equals what a pull gives the person signed in on it.
 */
import type { Database } from '../../src/server/db/database.js';
import type { RegisterDb } from '../../src/app/db/schema.js';

export interface CreatedMutation {
  id: string;
  device: string;
  userId: string;
  cellKey: string;
}

export interface DeviceView {
  name: string;
  db: RegisterDb;
  /** The person signed in on it at the end. */
  userId: string;
  /** What a fresh pull for that person gives (cell key → code); null for the office, which does not pull. */
  serverView: Map<string, string> | null;
}

export interface OracleReport {
  problems: string[];
  applied: number;
  rejected: number;
  rejectedCodes: Record<string, number>;
  events: number;
  cells: number;
  cellsWithSeveralEvents: number;
}

interface LogRow { mutation_id: string; device_id: string; seq: number; status: string; code: string | null }
interface EventRow {
  id: string; pupil_id: string; date: string; session: string; source: string; code: string;
  device_id: string | null; seq: number | null; mutation_id: string | null; observed_ms: number; version: number;
}

const keyOf = (pupilId: string, date: string, session: string) => `${pupilId}|${date}|${session}`;
const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** The merge rule, worked out again here from the events alone. */
export function expectedCode(events: EventRow[]): string | null {
  const office = events.filter((e) => e.source === 'office');
  if (office.length > 0) return office.reduce((w, e) => (cmp(e.version, w.version) || cmp(e.id, w.id)) > 0 ? e : w).code;
  const teacher = events.filter((e) => e.source === 'teacher');
  if (teacher.length === 0) return null;
  return teacher.reduce((w, e) => (cmp(e.observed_ms, w.observed_ms) || cmp(e.device_id ?? '', w.device_id ?? '') || cmp(e.seq ?? 0, w.seq ?? 0)) > 0 ? e : w).code;
}

export async function checkChaos(server: Database, created: CreatedMutation[], devices: DeviceView[]): Promise<OracleReport> {
  const problems: string[] = [];
  const log = (await server.query<LogRow>(`SELECT mutation_id, device_id, seq, status, code FROM mutation_log`)).rows;
  const events = (await server.query<EventRow>(
    `SELECT id, pupil_id, date::text AS date, session, source, code, device_id, seq, mutation_id,
            round(extract(epoch FROM observed_at) * 1000)::bigint AS observed_ms, version
       FROM mark_events`,
  )).rows;
  const cells = (await server.query<{ pupil_id: string; date: string; session: string; code: string }>(
    `SELECT pupil_id, date::text AS date, session, code FROM register_cells`,
  )).rows;

  const logById = new Map<string, LogRow[]>();
  for (const row of log) logById.set(row.mutation_id, [...(logById.get(row.mutation_id) ?? []), row]);
  const eventsByMutation = new Map<string, EventRow[]>();
  for (const e of events) if (e.mutation_id) eventsByMutation.set(e.mutation_id, [...(eventsByMutation.get(e.mutation_id) ?? []), e]);

  // Every device's outbox, by mutation id.
  const outbox = new Map<string, { device: string; status: string; code?: string }>();
  for (const d of devices) {
    for (const entry of await d.db.outbox.toArray()) outbox.set(entry.id, { device: d.name, status: entry.status, code: entry.code });
  }

  // 1. Exactly once, or rejected with a trace.
  const createdIds = new Set(created.map((m) => m.id));
  let applied = 0;
  let rejected = 0;
  const rejectedCodes: Record<string, number> = {};
  for (const m of created) {
    const rows = logById.get(m.id) ?? [];
    const mine = eventsByMutation.get(m.id) ?? [];
    const local = outbox.get(m.id);
    const where = `mutation ${m.id} (${m.device}, ${m.userId}, ${m.cellKey})`;
    if (rows.length !== 1) {
      problems.push(`${where}: ${rows.length} mutation_log rows, expected 1 (device outbox: ${local ? `${local.status} ${local.code ?? ''}` : 'none'})`);
      continue;
    }
    const row = rows[0];
    if (row.status === 'applied') {
      applied++;
      if (mine.length !== 1) problems.push(`${where}: applied, with ${mine.length} mark_events rows, expected 1`);
      if (local) problems.push(`${where}: applied on the server, but the device still holds it as ${local.status}`);
    } else {
      rejected++;
      rejectedCodes[row.code ?? '?'] = (rejectedCodes[row.code ?? '?'] ?? 0) + 1;
      if (mine.length !== 0) problems.push(`${where}: rejected (${row.code}), yet ${mine.length} mark_events rows name it`);
      if (!row.code) problems.push(`${where}: rejected with no code`);
      if (!local || local.status !== 'rejected' || local.code !== row.code) {
        problems.push(`${where}: rejected on the server (${row.code}) but the device was not told: its outbox has ${local ? `${local.status} ${local.code ?? ''}` : 'nothing'}`);
      }
    }
  }
  for (const [id, local] of outbox) {
    if (!createdIds.has(id)) problems.push(`the outbox of ${local.device} holds ${id}, which the test never made`);
    else if (local.status === 'pending') problems.push(`${id} is still waiting on ${local.device} after the final quiet sync`);
  }
  for (const row of log) {
    if (!createdIds.has(row.mutation_id)) problems.push(`mutation_log has ${row.mutation_id} (${row.device_id} #${row.seq}, ${row.status} ${row.code ?? ''}), which no device made`);
  }
  for (const e of events) {
    if (!e.mutation_id || !createdIds.has(e.mutation_id)) problems.push(`mark_events has ${e.id} (${keyOf(e.pupil_id, e.date, e.session)}) from mutation ${e.mutation_id}, which no device made`);
  }

  // 2. Each cell's code is the merge rule over all its events.
  const eventsByCell = new Map<string, EventRow[]>();
  for (const e of events) {
    const key = keyOf(e.pupil_id, e.date, e.session);
    eventsByCell.set(key, [...(eventsByCell.get(key) ?? []), e]);
  }
  const serverCells = new Map(cells.map((c) => [keyOf(c.pupil_id, c.date, c.session), c.code]));
  for (const [key, cellEvents] of eventsByCell) {
    const expected = expectedCode(cellEvents);
    const actual = serverCells.get(key) ?? null;
    if (actual !== expected) problems.push(`cell ${key}: the server says ${actual}, the merge rule over its ${cellEvents.length} events says ${expected}`);
  }
  for (const key of serverCells.keys()) if (!eventsByCell.has(key)) problems.push(`cell ${key} has a code (${serverCells.get(key)}) but no event`);

  // 3. Every device shows what the server shows its person.
  for (const d of devices) {
    if (!d.serverView) continue;
    const local = new Map((await d.db.cells.toArray()).map((c) => [c.key, c.code]));
    for (const [key, code] of d.serverView) {
      if (local.get(key) !== code) problems.push(`${d.name} (${d.userId}): cell ${key} shows ${local.get(key) ?? 'nothing'}, a pull gives ${code}`);
      if (serverCells.get(key) !== code) problems.push(`${d.name} (${d.userId}): a pull gives ${key} = ${code}, register_cells says ${serverCells.get(key)}`);
    }
    for (const [key, code] of local) if (!d.serverView.has(key)) problems.push(`${d.name} (${d.userId}): cell ${key} shows ${code}, which a pull does not give`);
  }

  return {
    problems,
    applied,
    rejected,
    rejectedCodes,
    events: events.length,
    cells: eventsByCell.size,
    cellsWithSeveralEvents: [...eventsByCell.values()].filter((e) => e.length > 1).length,
  };
}
