/**
 * Admin: the staff import, `POST /api/admin/import/staff?mode=preview|commit` with a `text/csv` body. A preview
 * writes nothing and issues no codes; a commit with any error writes nothing and answers 422 with the same
 * body; otherwise the whole file is applied in one admin transaction.
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import { importModeSchema, type StaffImportResult } from '../../protocol/adminStaff.js';
import { adminChange } from '../admin/adminChange.js';
import { applyStaffImport, MissingColumnsError, planStaffImport, STAFF_COLUMNS, ACCEPTED_ROLES } from '../import/staffImport.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';
import { schoolDays } from './adminStaff.js';

/** What MIS exports and browsers call a CSV file (Windows often says application/vnd.ms-excel). */
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel'];

export function adminStaffImportRoutes(app: FastifyInstance, deps: AppDeps) {
  // In a scope of its own, so the CSV parsers do not clash with any another import registers.
  void app.register(async (scope) => {
    for (const type of CSV_TYPES) {
      if (!scope.hasContentTypeParser(type)) scope.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    }
    const adminOnly = { preHandler: scope.requireRole(['admin']) };

    scope.post('/api/admin/import/staff', adminOnly, async (request, reply) => {
      const { mode } = importModeSchema.parse(request.query);
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!CSV_TYPES.includes(type) || typeof request.body !== 'string') {
        throw new HttpError(415, ErrorCodes.unsupportedMediaType, 'Send the staff list as a CSV file (Content-Type: text/csv).');
      }
      const text = request.body;
      const user = request.user!;
      const now = deps.clock.now();
      const days = schoolDays(user, now);
      const plan = (db: Parameters<typeof planStaffImport>[0]) =>
        planStaffImport(db, { schoolId: user.schoolId, actorId: user.staffId, today: days.today, text }).catch((e: unknown) => {
          if (e instanceof MissingColumnsError) {
            throw new HttpError(400, ErrorCodes.missingColumns, `${e.message} Accepted names: ${acceptedNames()}.`, {
              missing: e.missing,
              accepted: STAFF_COLUMNS,
            });
          }
          throw e;
        });

      if (mode === 'preview') {
        const { result } = await plan(deps.db);
        return { mode, ...result, accounts: [] } satisfies StaffImportResult;
      }
      class HasErrors extends Error {
        constructor(readonly body: StaffImportResult) {
          super('import has errors');
        }
      }
      try {
        return await adminChange(deps.db, user, now, async (c) => {
          const planned = await plan(c.tx);
          if (planned.result.errors.length) throw new HasErrors({ mode, ...planned.result, accounts: [] });
          const accounts = await applyStaffImport(c, planned, days);
          const { changes, ...counts } = planned.result;
          await c.audit({
            action: 'import', entity: 'import', key: 'staff',
            summary: `Imported staff: ${counts.created} added, ${counts.updated} updated, ${counts.unchanged} unchanged`,
            after: { rows: counts.rows, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, changes },
          });
          return { mode, ...planned.result, accounts } satisfies StaffImportResult;
        });
      } catch (e) {
        // Throwing rolled the transaction back (the version it took included): nothing of the file is kept.
        if (e instanceof HasErrors) return reply.status(422).send({ code: ErrorCodes.importHasErrors, message: 'The file has errors, so nothing was imported. Correct them and try again.', ...e.body });
        throw e;
      }
    });
  });
}

function acceptedNames(): string {
  return `${Object.values(STAFF_COLUMNS).map((names) => names.join(' / ')).join('; ')}. Roles: ${ACCEPTED_ROLES}`;
}
