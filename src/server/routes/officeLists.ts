/** GET lists for office screens: staff, groups, and covers in a date range (office and admin only). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { addDays, isValidDate, localDateOf } from '../../domain/time.js';
import { listCovers, listGroups, listStaff } from '../repositories/schoolListsRepository.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

const rangeSchema = z.object({ from: z.string().optional(), to: z.string().optional() });

export function officeListRoutes(app: FastifyInstance, deps: AppDeps) {
  const officeOnly = { preHandler: app.requireRole(['office', 'admin']) };

  app.get('/api/office/staff', officeOnly, async (request) => ({ staff: await listStaff(deps.db, request.user!.schoolId) }));

  app.get('/api/office/groups', officeOnly, async (request) => ({ groups: await listGroups(deps.db, request.user!.schoolId) }));

  app.get('/api/office/covers', officeOnly, async (request) => {
    const user = request.user!;
    const query = rangeSchema.parse(request.query);
    const today = localDateOf(deps.clock.now(), user.timeZone);
    const from = query.from ?? today;
    for (const d of [from, query.to ?? from]) if (!isValidDate(d)) throw new HttpError(400, 'bad_request', `"${d}" is not a date: use YYYY-MM-DD.`);
    const to = query.to ?? addDays(from, 14);
    if (to < from) throw new HttpError(400, 'bad_request', 'The range ends before it starts.');
    return { from, to, covers: await listCovers(deps.db, user.schoolId, from, to) };
  });
}
