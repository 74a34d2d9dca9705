/**
 * The office's follow-up lists (issue 4), office and admin only:
 * - GET /api/office/unresolved-n: every N with its deadline, overdue ones first;
 * - GET /api/office/conflicts?status: conflicts to resolve (or resolved);
 * - GET /api/office/late-proposal?pupilId&date&session&arrivedAt: L or U, and the minutes late;
 * - GET /api/office/planned-absences?from&to: planned absences with the cells they set and skipped;
 * - GET /api/office/bulk-preview?code&dates&sessions&groupId: what code.bulk would change.
 * Every change itself is a pushed mutation.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkOfficeCode } from '../../domain/officeCodes.js';
import { isCurrentCode, type Session } from '../../domain/codes.js';
import { describeLateProposal, proposeLateCode } from '../../domain/lates.js';
import { DEFAULT_N_WINDOW_SCHOOL_DAYS, isNOverdue, schoolDayCalendar, unresolvedNDeadline } from '../../domain/schoolDays.js';
import { academicYearStart, isValidDate, parseDate } from '../../domain/time.js';
import { getCalendarDay, getCalendarDays, getSchoolSettings } from '../repositories/schoolRepository.js';
import { calendarBetween, cellCodesOn, nCells, pupilCells } from '../repositories/officeReportsRepository.js';
import { countPupilsOnRollBetween, groupName, listConflicts, listPlannedAbsences, rollOnDates, type ConflictStatus } from '../repositories/officeRecordsRepository.js';
import { pupilsOnDates } from '../repositories/rosterRepository.js';
import { MAX_CHANGED_CELLS, MAX_EXAMINED_CELLS } from '../sync/officeMutations.js';
import { MAX_BULK_DATES } from '../sync/codeBulk.js';
import type { AppDeps } from '../app.js';
import { badRequest, OFFICE_ROLES, pupilName, queryDate, queryList, schoolToday } from './officeQuery.js';

const SESSION_ORDER: Record<Session, number> = { AM: 0, PM: 1 };

const lateQuerySchema = z.object({
  pupilId: z.string().min(1).max(64),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD'),
  session: z.enum(['AM', 'PM']),
  arrivedAt: z.string().datetime({ offset: true, message: 'an instant written ISO 8601, e.g. 2026-11-24T09:12:00Z' }),
});

export function officeFollowUpRoutes(app: FastifyInstance, deps: AppDeps) {
  const officeOnly = { preHandler: app.requireRole([...OFFICE_ROLES]) };

  app.get('/api/office/unresolved-n', officeOnly, async (request) => {
    const user = request.user!;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const today = schoolToday(deps.clock.now(), school.timeZone);
    const windowSchoolDays = Number.isInteger(school.nWindowSchoolDays) && school.nWindowSchoolDays >= 0 ? school.nWindowSchoolDays : DEFAULT_N_WINDOW_SCHOOL_DAYS;
    const cells = await nCells(deps.db, user.schoolId, null);
    if (cells.length === 0) return { today, windowSchoolDays, total: 0, overdue: 0, items: [] };
    const calendar = schoolDayCalendar(await calendarBetween(deps.db, user.schoolId, cells[0].date, null));
    const items = cells.map((c) => {
      let deadline: string | null;
      try {
        deadline = unresolvedNDeadline(c.date, windowSchoolDays, calendar);
      } catch (error) {
        // The calendar is not entered far enough ahead to find the deadline.
        if (!(error instanceof RangeError)) throw error;
        deadline = null;
      }
      return {
        pupilId: c.pupilId, name: pupilName(c), firstName: c.firstName, lastName: c.lastName, groupId: c.groupId, groupName: c.groupName,
        date: c.date, session: c.session, source: c.source, markedBy: c.markedBy,
        markedAt: c.markedAt ? new Date(c.markedAt).toISOString() : null,
        deadline, overdue: isNOverdue(c.date, today, windowSchoolDays, calendar),
      };
    });
    // Overdue first, then oldest first; nCells already orders by date, session, group and name.
    items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || SESSION_ORDER[a.session] - SESSION_ORDER[b.session]);
    return { today, windowSchoolDays, total: items.length, overdue: items.filter((i) => i.overdue).length, items };
  });

  app.get('/api/office/conflicts', officeOnly, async (request) => {
    const { status } = z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') }).parse(request.query);
    const rows = await listConflicts(deps.db, request.user!.schoolId, status as ConflictStatus);
    return {
      status,
      conflicts: rows.map((r) => ({
        id: r.id, pupilId: r.pupilId, name: pupilName(r), groupId: r.groupId, groupName: r.groupName, date: r.date, session: r.session,
        officeCode: r.officeCode, teacherCode: r.teacherCode, currentCode: r.currentCode, raisedBy: r.raisedBy,
        raisedAt: new Date(r.raisedAt).toISOString(), resolved: r.resolvedAt !== null, resolvedBy: r.resolvedBy,
        resolvedAt: r.resolvedAt ? new Date(r.resolvedAt).toISOString() : null, resolution: r.resolution, resolutionCode: r.resolutionCode,
        kind: r.kind, observedAt: r.observedAt ? new Date(r.observedAt).toISOString() : null,
      })),
    };
  });

  app.get('/api/office/late-proposal', officeOnly, async (request) => {
    const user = request.user!;
    const q = lateQuerySchema.parse(request.query);
    if (!isValidDate(q.date)) throw badRequest(`${q.date} is not a real date.`);
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const [[pupil], day] = await Promise.all([pupilsOnDates(deps.db, user.schoolId, [{ pupilId: q.pupilId, date: q.date }]), getCalendarDay(deps.db, user.schoolId, q.date)]);
    if (!pupil?.exists) throw badRequest('This pupil is not known at this school.', 'unknown_pupil');
    if (!pupil.onRoll) throw badRequest(`This pupil was not on roll on ${q.date}.`, 'not_on_roll');
    if (!day?.isSchoolDay) throw badRequest(`${q.date} is not a school day, so there is no register.`, 'not_a_school_day');
    const arrivedAt = Date.parse(q.arrivedAt);
    let proposal;
    try {
      proposal = proposeLateCode({ arrivedAt, date: q.date, session: q.session, timeZone: school.timeZone, sessions: school.sessions });
    } catch (error) {
      if (error instanceof RangeError) throw badRequest(error.message, 'arrival_on_another_date');
      throw error;
    }
    const [cell] = (await pupilCells(deps.db, user.schoolId, q.pupilId, q.date, q.date)).filter((c) => c.session === q.session);
    return {
      pupilId: q.pupilId, date: q.date, session: q.session, arrivedAt: new Date(arrivedAt).toISOString(),
      ...proposal, description: describeLateProposal(proposal), currentCode: cell?.code ?? null,
    };
  });

  app.get('/api/office/planned-absences', officeOnly, async (request) => {
    const user = request.user!;
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const q = request.query as Record<string, unknown>;
    const yearStart = academicYearStart(schoolToday(deps.clock.now(), school.timeZone));
    const from = queryDate(q.from, yearStart, 'from');
    const to = queryDate(q.to, `${parseDate(yearStart).year + 1}-08-31`, 'to');
    if (to < from) throw badRequest('The range ends before it starts.');
    return { from, to, plannedAbsences: await listPlannedAbsences(deps.db, user.schoolId, from, to) };
  });

  app.get('/api/office/bulk-preview', officeOnly, async (request) => {
    const user = request.user!;
    const q = request.query as Record<string, unknown>;
    const code = typeof q.code === 'string' ? q.code : '';
    if (!isCurrentCode(code)) {
      const check = checkOfficeCode({ code, dateOfBirth: '2000-01-01', date: '2000-01-01', session: 'AM' });
      throw badRequest(check.ok ? `"${code}" is not a code.` : check.message, check.ok ? 'unknown_code' : check.reason);
    }
    const dates = [...new Set(queryList(q.dates))].sort();
    if (dates.length === 0) throw badRequest('Name the dates: dates=YYYY-MM-DD,YYYY-MM-DD.');
    if (dates.length > MAX_BULK_DATES) throw badRequest(`At most ${MAX_BULK_DATES} dates at a time.`);
    for (const d of dates) queryDate(d, d, 'dates');
    const sessionList = queryList(q.sessions);
    if (sessionList.some((s) => s !== 'AM' && s !== 'PM')) throw badRequest('sessions is AM, PM or AM,PM.');
    const sessions: Session[] = sessionList.length === 0 ? ['AM', 'PM'] : (['AM', 'PM'] as const).filter((s) => sessionList.includes(s));
    const groupId = typeof q.groupId === 'string' && q.groupId !== '' ? q.groupId : null;
    const name = groupId ? await groupName(deps.db, user.schoolId, groupId) : null;
    if (groupId && !name) throw badRequest('That class is not known at this school.', 'unknown_group');

    const days = await getCalendarDays(deps.db, user.schoolId, dates);
    const notSchoolDays = dates.filter((d) => !days.get(d)?.isSchoolDay);
    const schoolDates = dates.filter((d) => days.get(d)?.isSchoolDay);
    const scope = groupId ? { groupId } : {};
    const base = { code, dates, sessions, groupId, groupName: name, notSchoolDays, maxCells: MAX_CHANGED_CELLS };
    const pupilsInScope = schoolDates.length === 0 ? 0 : await countPupilsOnRollBetween(deps.db, user.schoolId, schoolDates[0], schoolDates.at(-1)!, scope);
    if (pupilsInScope * schoolDates.length * sessions.length > MAX_EXAMINED_CELLS) {
      return { ...base, cells: null, wouldChange: null, alreadyHaveCode: null, replacesOfficeCodes: null, refused: null, firstRefusal: null, tooMany: true, canApply: false };
    }
    const [roll, cells] = await Promise.all([
      rollOnDates(deps.db, user.schoolId, schoolDates, scope),
      cellCodesOn(deps.db, user.schoolId, schoolDates, sessions),
    ]);
    const current = new Map(cells.map((c) => [`${c.pupilId}|${c.date}|${c.session}`, c]));
    let total = 0;
    let already = 0;
    let replacesOfficeCodes = 0;
    let refused = 0;
    let firstRefusal: string | null = null;
    for (const r of roll) {
      for (const session of sessions) {
        total += 1;
        const cell = current.get(`${r.pupilId}|${r.date}|${session}`);
        if (cell?.code === code) {
          already += 1;
          continue;
        }
        if (cell?.officeCode != null) replacesOfficeCodes += 1;
        const check = checkOfficeCode({ code, dateOfBirth: r.dateOfBirth!, date: r.date, session });
        if (!check.ok) {
          refused += 1;
          firstRefusal ??= `${pupilName(r)}, ${r.date} ${session}: ${check.message}`;
        }
      }
    }
    const wouldChange = total - already;
    const tooMany = wouldChange > MAX_CHANGED_CELLS;
    return {
      ...base, cells: total, wouldChange, alreadyHaveCode: already, replacesOfficeCodes, refused, firstRefusal, tooMany,
      canApply: !tooMany && notSchoolDays.length === 0 && refused === 0,
    };
  });
}
