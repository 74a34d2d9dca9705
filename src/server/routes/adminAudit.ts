/**
 * Admin only: the audit of every admin change (issue 10), newest first, a page at a time.
 * GET /api/admin/audit?entity=&key=&before=&limit= → {entries, nextBefore} (src/protocol/adminAudit.ts).
 * The log is only read here: rows are written by adminChange (and device revocation), never changed.
 */
import type { FastifyInstance } from 'fastify';
import { adminAuditQuerySchema, AUDIT_DEFAULT_LIMIT, formatAuditCursor, type AdminAuditResponse } from '../../protocol/adminAudit.js';
import { listAdminAudit } from '../repositories/adminAuditRepository.js';
import type { AppDeps } from '../app.js';

export function adminAuditRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get('/api/admin/audit', { preHandler: app.requireRole(['admin']) }, async (request): Promise<AdminAuditResponse> => {
    const query = adminAuditQuerySchema.parse(request.query ?? {});
    const limit = query.limit ?? AUDIT_DEFAULT_LIMIT;
    // One more than asked for says whether an older page exists without a second query.
    const rows = await listAdminAudit(deps.db, request.user!.schoolId, { entity: query.entity, key: query.key, before: query.before, limit: limit + 1 });
    const entries = rows.slice(0, limit);
    const last = entries[entries.length - 1];
    return { entries, nextBefore: rows.length > limit && last ? formatAuditCursor(last) : null };
  });
}
