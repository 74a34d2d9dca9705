/**
 * GET /api/office/registers?date=YYYY-MM-DD: every register of a day, live, for the office, with when each
 * closes and the teachers' present marks taken after it closed (the office decides on L or U).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isValidDate, localDateOf, localTimeOf } from '../../domain/time.js';
import { isAbsenceCode, isPresentCode } from '../../domain/codes.js';
import { registerClosesAt } from '../../domain/registerWindow.js';
import { getCalendarDay, getSchoolSettings } from '../repositories/schoolRepository.js';
import { assignmentsOn, cellsOn, groupsWithPupilsOn } from '../repositories/officeRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

const querySchema = z.object({ date: z.string().optional() });
const SESSIONS = ['AM', 'PM'] as const;

export function officeRegisterRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/office/registers', { preHandler: app.requireRole(['office', 'admin']) }, async (request) => {
    const user = request.user!;
    const { date: asked } = querySchema.parse(request.query);
    const school = await getSchoolSettings(deps.db, user.schoolId);
    const date = asked ?? localDateOf(deps.clock.now(), school.timeZone);
    if (!isValidDate(date)) throw new HttpError(400, 'bad_request', `"${date}" is not a date: use YYYY-MM-DD.`);
    const [day, roster, cells, assignments] = await Promise.all([
      getCalendarDay(deps.db, user.schoolId, date),
      groupsWithPupilsOn(deps.db, user.schoolId, date),
      cellsOn(deps.db, user.schoolId, date),
      assignmentsOn(deps.db, user.schoolId, date),
    ]);
    const cellByKey = new Map(cells.map((c) => [`${c.pupilId}|${c.session}`, c]));
    const registers = roster.groups.flatMap((group) => {
      const pupils = roster.pupils.filter((p) => p.groupId === group.id);
      return SESSIONS.map((session) => {
        const closesAt = registerClosesAt(date, session, school.timeZone, school.sessions);
        const staffFor = (kind: 'teacher' | 'cover') =>
          assignments.filter((a) => a.groupId === group.id && a.kind === kind && a.sessions.includes(session)).map((a) => a.displayName);
        const rows = pupils.map((p) => {
          const cell = cellByKey.get(`${p.pupilId}|${session}`);
          // The teacher's present mark, still the register's code, seen after the register closed: recorded
          // as the teacher's (they are the witness), for the office to decide on L or U.
          const afterClose = cell?.source === 'teacher' && isPresentCode(cell.code) && cell.markedAt != null && new Date(cell.markedAt).getTime() > closesAt;
          return {
            pupilId: p.pupilId,
            name: `${p.preferredName ?? p.firstName} ${p.lastName}`,
            code: cell?.code ?? null,
            source: cell?.source ?? null,
            markedBy: cell?.markedBy ?? null,
            markedAt: cell?.markedAt ? new Date(cell.markedAt).toISOString() : null,
            receivedAt: cell?.receivedAt ? new Date(cell.receivedAt).toISOString() : null,
            afterClose,
          };
        });
        const marked = rows.filter((r) => r.code != null).length;
        return {
          groupId: group.id,
          groupName: group.name,
          session,
          opensAt: school.sessions[session].opensAt,
          closesAt: localTimeOf(closesAt, school.timeZone),
          takenBy: staffFor('teacher'),
          coveredBy: staffFor('cover'),
          total: rows.length,
          marked,
          present: rows.filter((r) => r.code != null && isPresentCode(r.code)).length,
          absent: rows.filter((r) => r.code != null && isAbsenceCode(r.code)).length,
          markedAfterClose: rows.filter((r) => r.afterClose).map((r) => ({ pupilId: r.pupilId, name: r.name, markedBy: r.markedBy, markedAt: r.markedAt! })),
          pupils: rows,
        };
      });
    });
    return { date, isSchoolDay: day?.isSchoolDay ?? false, dayLabel: day?.label ?? null, registers };
  });
}
