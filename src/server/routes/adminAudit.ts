/** Admin: the audit of every admin change (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function adminAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
