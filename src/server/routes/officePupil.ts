/**
 * A pupil's register and the register as a spreadsheet (issue 4), office and admin only:
 * - GET /api/office/pupil/:pupilId?from&to: details, contacts, every cell in the range with its statistical
 *   class, and attendance for the current term and the year so far;
 * - GET /api/office/export.csv?from&to&groupId: one row per register cell, safe to open in a spreadsheet;
 *   a range without a single school day is refused (no_school_days) rather than answered with an empty file;
 * - GET /api/office/export-summary?from&to&groupId: whether that range has school days, so the export screen
 *   can say so before anyone downloads anything.
 */
import type { FastifyInstance } from 'fastify';
import { findCode } from '../../domain/codes.js';
import { summariseAttendance } from '../../domain/statistics.js';
import { academicYearStart, daysBetween, isoWeekday } from '../../domain/time.js';
import { getSchoolSettings } from '../repositories/schoolRepository.js';
import {
  calendarBetween, exportCells, familyContacts, listTerms, pupilCells, pupilDetails, pupilEnrolments, pupilGroupOn, type PupilCellRow,
} from '../repositories/officeReportsRepository.js';
import { groupName } from '../repositories/officeRecordsRepository.js';
import { HttpError } from '../httpError.js';
import { ErrorCodes } from '../../protocol/index.js';
import type { AppDeps } from '../app.js';
import { badRequest, OFFICE_ROLES, pupilName, queryDate, schoolToday } from './officeQuery.js';

/** A pupil's page may cover up to about ten years; an export, one year. */
const MAX_PUPIL_RANGE_DAYS = 3660;
const MAX_EXPORT_RANGE_DAYS = 366;

const codeClass = (code: string) => findCode(code)?.class ?? 'unrecognised';

/**
 * A spreadsheet cell that cannot run: text starting with = + - @, a tab or a carriage return is read as a
 * formula by spreadsheet programs, so it gets a leading apostrophe. Then quoted as RFC 4180 says: a field
 * with a comma, a double quote, CR or LF is wrapped in double quotes, with each double quote doubled.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function officePupilRoutes(app: FastifyInstance, deps: AppDeps) {
  const officeOnly = { preHandler: app.requireRole([...OFFICE_ROLES]) };

  app.get('/api/office/pupil/:pupilId', officeOnly, async (request) => {
    const user = request.user!;
    const { pupilId } = request.params as { pupilId: string };
    const q = request.query as Record<string, unknown>;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const today = schoolToday(deps.clock.now(), school.timeZone);
    const yearStart = academicYearStart(today);
    const from = queryDate(q.from, yearStart, 'from');
    const to = queryDate(q.to, today, 'to');
    if (to < from) throw badRequest('The range ends before it starts.');
    if (daysBetween(from, to) > MAX_PUPIL_RANGE_DAYS) throw badRequest('The range is too long: ten years at most.', 'range_too_long');

    const pupil = (await pupilDetails(deps.db, user.schoolId, [pupilId])).get(pupilId);
    if (!pupil) throw new HttpError(404, 'unknown_pupil', 'This pupil is not known at this school.');
    const statsFrom = from < yearStart ? from : yearStart;
    const [group, contacts, enrolments, cells, yearCells, calendar, terms, rangeDays] = await Promise.all([
      pupilGroupOn(deps.db, user.schoolId, pupilId, today),
      familyContacts(deps.db, user.schoolId, [pupilId]),
      pupilEnrolments(deps.db, user.schoolId, pupilId),
      pupilCells(deps.db, user.schoolId, pupilId, from, to),
      pupilCells(deps.db, user.schoolId, pupilId, yearStart, today),
      calendarBetween(deps.db, user.schoolId, statsFrom, today),
      listTerms(deps.db, user.schoolId),
      calendarBetween(deps.db, user.schoolId, from, to),
    ]);

    // Only sessions on school days when the pupil was on roll count, up to today.
    const onRoll = (date: string) => enrolments.some((e) => e.startDate <= date && (e.endDate === null || e.endDate >= date));
    const schoolDays = new Set(calendar.filter((d) => d.isSchoolDay).map((d) => d.date));
    const summary = (label: { name?: string }, start: string, end: string, rows: PupilCellRow[]) => {
      const counted = rows.filter((c) => c.date >= start && c.date <= end && schoolDays.has(c.date) && onRoll(c.date));
      let sessionsOnRoll = 0;
      for (const d of schoolDays) if (d >= start && d <= end && onRoll(d)) sessionsOnRoll += 2;
      return { ...label, from: start, to: end, ...summariseAttendance(counted.map((c) => c.code)), unmarked: sessionsOnRoll - counted.length };
    };
    const term = terms.find((t) => t.startDate <= today && today <= t.endDate) ?? terms.filter((t) => t.startDate <= today).at(-1) ?? null;
    const termEnd = term ? (term.endDate < today ? term.endDate : today) : null;
    return {
      pupil: {
        id: pupil.id, name: pupilName(pupil), firstName: pupil.firstName, lastName: pupil.lastName, preferredName: pupil.preferredName,
        dateOfBirth: pupil.dateOfBirth, gender: pupil.gender, group, flags: pupil.flags, contacts: contacts.get(pupilId) ?? [], enrolments,
      },
      from,
      to,
      cells: cells.map((c) => ({ date: c.date, session: c.session, code: c.code, class: codeClass(c.code), source: c.source, markedBy: c.markedBy })),
      // Weekdays in the range when the school was closed (holidays, INSET days), so a grid can say so.
      closedDays: rangeDays.filter((d) => !d.isSchoolDay && isoWeekday(d.date) <= 5).map((d) => ({ date: d.date, label: d.label })),
      summaries: {
        term: term && termEnd ? summary({ name: term.name }, term.startDate, termEnd, yearCells) : null,
        yearToDate: summary({}, yearStart, today, yearCells),
      },
    };
  });

  /** The export's range and class from the query string (defaults: the academic year to today, the whole school). */
  async function exportRange(schoolId: string, q: Record<string, unknown>) {
    const school = await getSchoolSettings(deps.db, schoolId);
    const today = schoolToday(deps.clock.now(), school.timeZone);
    const from = queryDate(q.from, academicYearStart(today), 'from');
    const to = queryDate(q.to, today, 'to');
    if (to < from) throw badRequest('The range ends before it starts.');
    if (daysBetween(from, to) >= MAX_EXPORT_RANGE_DAYS) throw badRequest('An export covers a year at most.', 'range_too_long');
    const groupId = typeof q.groupId === 'string' && q.groupId !== '' ? q.groupId : null;
    if (groupId && !(await groupName(deps.db, schoolId, groupId))) throw badRequest('That class is not known at this school.', 'unknown_group');
    return { from, to, groupId };
  }

  /** How many school days the range holds, and the calendar's names for the days that are not (in order). */
  async function schoolDaysIn(schoolId: string, from: string, to: string) {
    const days = await calendarBetween(deps.db, schoolId, from, to);
    const closedLabels = [...new Set(days.filter((d) => !d.isSchoolDay && d.label).map((d) => d.label!))];
    return { schoolDays: days.filter((d) => d.isSchoolDay).length, closedLabels };
  }

  app.get('/api/office/export-summary', officeOnly, async (request) => {
    const user = request.user!;
    const { from, to, groupId } = await exportRange(user.schoolId, request.query as Record<string, unknown>);
    return { from, to, groupId, ...(await schoolDaysIn(user.schoolId, from, to)) };
  });

  app.get('/api/office/export.csv', officeOnly, async (request, reply) => {
    const user = request.user!;
    const { from, to, groupId } = await exportRange(user.schoolId, request.query as Record<string, unknown>);
    const { schoolDays, closedLabels } = await schoolDaysIn(user.schoolId, from, to);
    if (schoolDays === 0) {
      const why = closedLabels.length ? ` (${closedLabels.join(', ')})` : '';
      throw badRequest(`There are no school days from ${from} to ${to}${why}, so there is no register to export. Choose dates that include a school day.`, ErrorCodes.noSchoolDays);
    }

    const rows = await exportCells(deps.db, user.schoolId, from, to, groupId);
    const lines = ['pupil,group,date,session,code,class'];
    for (const r of rows) {
      lines.push([`${r.lastName}, ${r.firstName}`, r.groupName ?? '', r.date, r.session, r.code, codeClass(r.code)].map(csvField).join(','));
    }
    const filename = `register-${from}-to-${to}${groupId ? `-${groupId.replace(/[^A-Za-z0-9_-]/g, '')}` : ''}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('Cache-Control', 'no-store')
      .send(lines.join('\r\n') + '\r\n');
  });
}
