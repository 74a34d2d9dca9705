/**
 * Admin: the staff import, `POST /api/admin/import/staff?mode=preview|commit` with a `text/csv` body. A preview
 * writes nothing and issues no codes; a commit with any error writes nothing and answers 422 with the same
 * body; otherwise the whole file is applied in one admin transaction.
 */
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import { importModeSchema, type StaffImportResult } from '../../protocol/adminStaff.js';
import { adminChange } from '../admin/adminChange.js';
import { applyStaffImport, MissingColumnsError, planStaffImport, STAFF_COLUMNS, ACCEPTED_ROLES } from '../import/staffImport.js';
import { HttpError } from '../httpError.js';
import { installCsvBody } from '../import/csvBody.js';
import { analyseSoon } from '../db/statistics.js';
import type { AppDeps } from '../app.js';
import { schoolDays } from './adminStaff.js';

/** A staff list is a few hundred rows at most. */
const STAFF_IMPORT_MAX_BYTES = 1024 * 1024;

export function adminStaffImportRoutes(app: FastifyInstance, deps: AppDeps) {
  // In a scope of its own, so the CSV body parser is this route's alone.
  void app.register(async (scope) => {
    installCsvBody(scope, { maxBytes: STAFF_IMPORT_MAX_BYTES, what: 'the staff list', tooLarge: 'export only the staff columns this import reads.', refuseNul: false });
    // The role is checked before the body is read, as for the pupil import.
    const adminBeforeBody = { onRequest: scope.requireRole(['admin']) as onRequestAsyncHookHandler };

    scope.post('/api/admin/import/staff', adminBeforeBody, async (request, reply) => {
      const { mode } = importModeSchema.parse(request.query);
      if (typeof request.body !== 'string' || request.body.trim() === '') {
        throw new HttpError(400, ErrorCodes.badRequest, 'The file is empty: choose the CSV file of staff exported from the MIS.');
      }
      const text = request.body;
      const user = request.user!;
      const now = deps.clock.now();
      const days = schoolDays(user, now);
      const plan = (db: Parameters<typeof planStaffImport>[0]) =>
        planStaffImport(db, { schoolId: user.schoolId, actorId: user.staffId, today: days.today, text }).catch((e: unknown) => {
          if (e instanceof MissingColumnsError) {
            throw new HttpError(400, ErrorCodes.missingColumns, `${e.message} Accepted names: ${acceptedNames()}.`, {
              // The same shape as the pupil import's: each missing column with the names accepted for it.
              missing: e.missing.map((field) => ({ column: STAFF_COLUMNS[field][0]!, accepted: STAFF_COLUMNS[field] })),
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
        const imported = await adminChange(deps.db, user, now, async (c) => {
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
        analyseSoon(deps.db);
        return imported;
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
