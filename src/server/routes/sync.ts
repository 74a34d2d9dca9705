/** The two sync endpoints of the wire contract: every write is a pushed mutation, device reads are pulls. */
import type { FastifyInstance } from 'fastify';
import { pullRequestSchema, pushRequestSchema } from '../../protocol/index.js';
import { processPush } from '../sync/push.js';
import { processPull } from '../sync/pull.js';
import type { AppDeps } from '../app.js';

export function syncRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post('/api/sync/push', { preHandler: app.requireUser, bodyLimit: 2 * 1024 * 1024 }, async (request) => {
    const body = pushRequestSchema.parse(request.body);
    return processPush(deps.db, deps.clock, request.user!, body, request.log);
  });

  app.post('/api/sync/pull', { preHandler: app.requireUser }, async (request) => {
    const body = pullRequestSchema.parse(request.body);
    return processPull(deps.db, deps.clock, request.user!, body);
  });
}
