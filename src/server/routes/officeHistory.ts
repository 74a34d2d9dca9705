/** GET /api/office/history?pupilId&date&session: every entry ever made in one register cell, oldest first. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isoDateSchema } from '../../protocol/index.js';
import type { AppDeps } from '../app.js';
import { cellHistory } from '../repositories/officeRecordsRepository.js';

const querySchema = z.object({
  pupilId: z.string().min(1).max(64),
  date: isoDateSchema,
  session: z.enum(['AM', 'PM']),
});

export function officeHistoryRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/office/history', { preHandler: app.requireRole(['office', 'admin']) }, async (request) => {
    const { pupilId, date, session } = querySchema.parse(request.query);
    return { pupilId, date, session, entries: await cellHistory(deps.db, request.user!.schoolId, pupilId, date, session) };
  });
}
