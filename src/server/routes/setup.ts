/** First run: the one-time setup address and POST /api/setup (issue 10). */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.js';

export function setupRoutes(app: FastifyInstance, deps: AppDeps) {
  void app;
  void deps;
}
