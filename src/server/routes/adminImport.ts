/** Admin: the pupil import from the school's MIS (CSV) and the export in the same layout (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function adminImportRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
