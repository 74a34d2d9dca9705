/** GET /api/health: 200 when the server and its database answer, 503 when the database does not. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/health', async (_request, reply) => {
    try {
      await deps.db.query('SELECT 1');
      return { ok: true, database: deps.db.engine, serverTime: new Date(deps.clock.now()).toISOString() };
    } catch {
      return reply.status(503).send({ code: 'database_unavailable', message: 'The server cannot reach its database.' });
    }
  });
}
