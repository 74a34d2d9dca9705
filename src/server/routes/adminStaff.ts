/** Admin: classes (registration groups and their teachers), staff, and the staff import (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function adminStaffRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
