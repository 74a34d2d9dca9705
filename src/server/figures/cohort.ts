/**
 * Who is in the attendance figures (issue 11): the pupils on roll in the range whose record and class match the
 * filters, with the school days they were on roll. Shared by the figures and their patterns, so both count the
 * same pupils.
 */
import type { Queryable } from '../db/database.js';
import type { PupilAttendance } from '../../protocol/officeFigures.js';
import {
  enrolmentsInRange, membershipsInRange, pupilsMatching, schoolDaysBetween, type MembershipRow, type PupilRecordRow,
} from '../repositories/attendanceFiguresRepository.js';
import type { FiguresRange, ParsedAttendanceQuery } from './attendanceQuery.js';

export interface Span {
  start: string;
  end: string;
}

/** A pupil in the figures, with their class, the school days they were on roll, and whether that is every one. */
export interface PupilOnRoll {
  pupilId: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  groupId: string | null;
  groupName: string | null;
  yearGroup: number | null;
  flags: NonNullable<PupilAttendance['flags']>;
  spans: Span[];
  sessionsOnRoll: number;
  /** On roll on every school day of the counted range, so all their cells on school days count (no date-by-date check). */
  wholeRange: boolean;
}

export interface Cohort {
  pupils: PupilOnRoll[];
  /** The school days from the range's first day to `countUntil`, in order. */
  schoolDays: string[];
}

export const onRollOn = (spans: readonly Span[], date: string) => spans.some((s) => s.start <= date && date <= s.end);

/** Reads the pupils, their enrolments and classes, and the school days, and chooses the cohort. */
export async function loadCohort(tx: Queryable, schoolId: string, range: FiguresRange, q: ParsedAttendanceQuery): Promise<Cohort> {
  const recordFilters = { send: q.send ?? null, fsm: q.fsm ?? null, eal: q.eal ?? null, lookedAfter: q.lookedAfter ?? null, gender: q.gender ?? null };
  // One after another: PGlite runs one statement at a time anyway, and a PostgreSQL transaction is one connection.
  const records = await pupilsMatching(tx, schoolId, recordFilters);
  const enrolments = await enrolmentsInRange(tx, schoolId, range.from, range.to);
  const memberships = await membershipsInRange(tx, schoolId, range.from, range.to);
  const schoolDays = range.from <= range.countUntil ? await schoolDaysBetween(tx, schoolId, range.from, range.countUntil) : [];
  const pupils = pupilsOnRoll(records, enrolments, memberships, schoolDays, range, { groupId: q.groupId ?? null, yearGroup: q.yearGroup ?? null });
  return { pupils, schoolDays };
}

/*
 * A pupil is in the figures when an enrolment overlaps the range; their class is the one they were last in
 * during the range (on its end, or on their last day on roll if they left before it), and the class and year
 * filters read that class. So a pupil who moved class counts once, whole, in the class they ended the range in,
 * as a census does, and a leaver shows with the class they left from. Year group is the pupil's own (a
 * mixed-age class) or else their class's. Pupils and enrolments are read apart and matched here: joined in SQL,
 * a planner without statistics matched each enrolment against every pupil (most of a second on PGlite).
 */
function pupilsOnRoll(
  records: readonly PupilRecordRow[], enrolments: ReadonlyArray<{ pupilId: string; startDate: string; endDate: string | null }>, memberships: readonly MembershipRow[], schoolDays: readonly string[],
  range: FiguresRange, filters: { groupId: string | null; yearGroup: number | null },
): PupilOnRoll[] {
  const membershipsOf = new Map<string, MembershipRow[]>();
  for (const m of memberships) membershipsOf.set(m.pupilId, [...(membershipsOf.get(m.pupilId) ?? []), m]);
  const recordOf = new Map(records.map((r) => [r.pupilId, r]));
  const byPupil = new Map<string, { row: PupilRecordRow; spans: Span[] }>();
  for (const e of enrolments) {
    const row = recordOf.get(e.pupilId);
    if (!row) continue; // filtered out by their record
    const span = { start: e.startDate, end: e.endDate ?? range.to };
    const found = byPupil.get(e.pupilId);
    if (found) found.spans.push(span);
    else byPupil.set(e.pupilId, { row, spans: [span] });
  }
  // On roll from the first school day to the last: cells on the other days are taken away as off-day cells.
  const firstDay = schoolDays[0] ?? range.from;
  const lastDay = schoolDays[schoolDays.length - 1] ?? range.countUntil;
  const chosen: PupilOnRoll[] = [];
  for (const { row, spans } of byPupil.values()) {
    const lastOnRoll = spans.reduce((last, s) => (s.end > last ? s.end : last), range.from);
    const asOf = lastOnRoll < range.to ? lastOnRoll : range.to;
    const group = (membershipsOf.get(row.pupilId) ?? [])
      .filter((m) => m.startDate <= asOf)
      .sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0] ?? null;
    const yearGroup = row.ownYearGroup ?? group?.yearGroup ?? null;
    if (filters.groupId !== null && group?.groupId !== filters.groupId) continue;
    if (filters.yearGroup !== null && yearGroup !== filters.yearGroup) continue;
    const wholeRange = spans.some((s) => s.start <= firstDay && s.end >= lastDay);
    const daysOnRoll = wholeRange ? schoolDays.length : schoolDays.filter((d) => onRollOn(spans, d)).length;
    chosen.push({
      pupilId: row.pupilId, firstName: row.firstName, lastName: row.lastName, preferredName: row.preferredName,
      groupId: group?.groupId ?? null, groupName: group?.groupName ?? null, yearGroup,
      flags: { send: row.senStatus, fsm: row.fsm, eal: row.eal, lookedAfter: row.lookedAfter }, spans, sessionsOnRoll: 2 * daysOnRoll, wholeRange,
    });
  }
  return chosen;
}
