/** GET /api/office/history?pupilId&date&session: every entry ever made in one register cell, oldest first. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../app.js';

const querySchema = z.object({
  pupilId: z.string().min(1).max(64),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD'),
  session: z.enum(['AM', 'PM']),
});

export function officeHistoryRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/office/history', { preHandler: app.requireRole(['office', 'admin']) }, async (request) => {
    const { pupilId, date, session } = querySchema.parse(request.query);
    const { rows } = await deps.db.query<Record<string, unknown>>(
      `SELECT e.id, e.source, e.code, e.old_code AS "oldCode", e.effective_code AS "effectiveCode", e.reason,
              e.minutes_late AS "minutesLate", st.display_name AS "by", e.role, e.device_id AS "deviceId",
              e.observed_at AS "observedAt", e.received_at AS "receivedAt", e.time_quality AS "timeQuality"
         FROM mark_events e LEFT JOIN staff st ON st.school_id = e.school_id AND st.id = e.staff_id
        WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.date = $3 AND e.session = $4
        ORDER BY e.version, e.id`,
      [request.user!.schoolId, pupilId, date, session],
    );
    return {
      pupilId, date, session,
      entries: rows.map((r) => ({ ...r, observedAt: new Date(r.observedAt as string).toISOString(), receivedAt: new Date(r.receivedAt as string).toISOString() })),
    };
  });
}
