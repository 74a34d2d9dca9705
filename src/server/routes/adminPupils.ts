/** Admin: pupils' records, moves and leavers, and their photos (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function adminPupilRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
