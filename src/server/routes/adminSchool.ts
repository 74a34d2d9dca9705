/** Admin: the school's settings and its calendar (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function adminSchoolRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
