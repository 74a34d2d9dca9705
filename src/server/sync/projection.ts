/**
 * Rebuilds register cells from the event log with the domain's merge rule. The server keeps the projection
 * up to date as events arrive; this is the proof (and the repair tool) that the log alone decides it.
 */
import { applyOfficeEntry, applyTeacherEntry, EMPTY_CELL, effectiveCode, type CellState } from '../../domain/merge.js';
import type { TeacherMark } from '../../domain/codes.js';
import type { MarkEvent } from '../repositories/registerRepository.js';

export function projectCells(events: MarkEvent[]): Map<string, { state: CellState; code: string | null }> {
  const states = new Map<string, CellState>();
  for (const e of events) {
    const key = `${e.pupilId}|${e.date}|${e.session}`;
    const state = states.get(key) ?? EMPTY_CELL;
    states.set(
      key,
      e.source === 'teacher'
        ? applyTeacherEntry(state, { code: e.code as TeacherMark, observedAt: e.observedAt, deviceId: e.deviceId ?? '', seq: e.seq ?? 0, staffId: e.staffId })
        : applyOfficeEntry(state, { code: e.code, version: e.version, staffId: e.staffId, eventId: e.id }),
    );
  }
  return new Map([...states].map(([key, state]) => [key, { state, code: effectiveCode(state)?.code ?? null }]));
}
