/**
 * Admin: the pupil import from the school's MIS (CSV) and the export in the same layout (issue 10).
 *
 * - POST /api/admin/import/pupils?mode=preview|commit, the file as the body (text/csv): a preview writes
 *   nothing; a commit applies the whole file in one transaction, or nothing (422) when any row has an error.
 * - GET /api/admin/export/pupils.csv: every pupil in the import's layout; importing it back changes nothing.
 *
 * The routes live in a scope of their own so the CSV body parser (raw text, up to 10 MB) is theirs alone.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import {
  importQuerySchema, PUPIL_EXPORT_PATH, PUPIL_IMPORT_MAX_BYTES, PUPIL_IMPORT_PATH, type PupilImportResult,
} from '../../protocol/adminImport.js';
import type { Queryable } from '../db/database.js';
import { adminChange } from '../admin/adminChange.js';
import { readCsv } from '../import/csv.js';
import { installCsvBody } from '../import/csvBody.js';
import { recogniseHeaders } from '../import/pupilColumns.js';
import { readPupilRows, type ReadRows } from '../import/pupilRows.js';
import { planPupilImport, type PupilImportPlan } from '../import/pupilImportPlan.js';
import { pupilExportCsv } from '../import/pupilExport.js';
import { applyPupilImport, listPupilsForExport, loadImportState } from '../repositories/pupilImportRepository.js';
import { getSchoolSettings } from '../repositories/schoolRepository.js';
import { HttpError } from '../httpError.js';
import { schoolToday } from './officeQuery.js';
import { analyseSoon } from '../db/statistics.js';
import type { AppDeps } from '../app.js';

class ImportRefused extends Error {
  constructor(readonly result: PupilImportResult) {
    super('import has errors');
  }
}

export function adminImportRoutes(app: FastifyInstance, deps: AppDeps) {
  void app.register(async (scope) => {
    installCsvBody(scope, { maxBytes: PUPIL_IMPORT_MAX_BYTES, what: 'the pupils', tooLarge: "export only the pupils' columns this import reads.", refuseNul: true });
    const adminOnly = { preHandler: scope.requireRole(['admin']) };
    // The role is checked before the body is read: nobody else's 10 MB is decoded.
    const adminBeforeBody = { onRequest: scope.requireRole(['admin']) as onRequestAsyncHookHandler };

    scope.post(PUPIL_IMPORT_PATH, adminBeforeBody, async (request, reply) => {
      const { mode } = importQuerySchema.parse(request.query);
      if (typeof request.body !== 'string' || request.body.trim() === '') {
        throw new HttpError(400, ErrorCodes.badRequest, 'The file is empty: choose the CSV file exported from the MIS.');
      }
      const table = readCsv(request.body);
      const headers = recogniseHeaders(table.headers);
      if (headers.missing.length) {
        const names = headers.missing.map((m) => `${m.column} (${m.accepted.map((a) => `"${a}"`).join(', ')})`);
        throw new HttpError(400, ErrorCodes.missingColumns,
          `The file has no column for ${names.join('; ')}. Check that the first row holds the column names and that the export includes these fields.`,
          { missing: headers.missing });
      }
      if (table.rows.length === 0) throw new HttpError(400, ErrorCodes.badRequest, 'The file has its column names but no pupils.');
      const read = readPupilRows(table, headers);
      const user = request.user!;
      const now = deps.clock.now();
      const { timeZone } = await getSchoolSettings(deps.db, user.schoolId);
      const today = schoolToday(now, timeZone);
      const plan = async (db: Queryable) => {
        const p = planPupilImport(read.rows, headers, await loadImportState(db, user.schoolId, today), () => randomUUID());
        return { plan: p, result: resultOf(mode, table.rows.length, read, p) };
      };

      if (mode === 'preview') return (await deps.db.transaction(plan, { repeatableRead: true })).result;
      try {
        const imported = await adminChange(deps.db, user, now, async (c) => {
          const { plan: p, result } = await plan(c.tx);
          if (result.errors.length) throw new ImportRefused(result);
          await applyPupilImport(c.tx, { schoolId: c.schoolId, staffId: c.staffId, now }, c.version, p);
          const groups = result.newGroups.length ? `, ${result.newGroups.length} ${result.newGroups.length === 1 ? 'class' : 'classes'} created (${result.newGroups.join(', ')})` : '';
          await c.audit({
            action: 'import', entity: 'import', key: null,
            summary: `Imported pupils from a CSV file of ${result.rows} rows: ${result.created} added, ${result.updated} updated, ${result.left} left, ${result.unchanged} unchanged${groups}`,
            before: null,
            after: { rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged, left: result.left, groupsCreated: result.newGroups, warnings: result.warnings.length },
          });
          return result;
        });
        analyseSoon(deps.db);
        return imported;
      } catch (error) {
        if (!(error instanceof ImportRefused)) throw error;
        const n = error.result.errors.length;
        return reply.code(422).send({
          code: ErrorCodes.importHasErrors,
          message: `Nothing was imported: ${n} ${n === 1 ? 'problem needs' : 'problems need'} fixing in the file first.`,
          ...error.result,
        });
      }
    });

    scope.get(PUPIL_EXPORT_PATH, adminOnly, async (request, reply) => {
      const pupils = await listPupilsForExport(deps.db, request.user!.schoolId);
      const today = schoolToday(deps.clock.now(), (await getSchoolSettings(deps.db, request.user!.schoolId)).timeZone);
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="pupils-${today}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(pupilExportCsv(pupils));
    });
  });
}

function resultOf(mode: 'preview' | 'commit', rows: number, read: ReadRows, plan: PupilImportPlan): PupilImportResult {
  return {
    mode,
    rows,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    left: plan.left,
    groupsCreated: plan.newGroups.length,
    newGroups: plan.newGroups.map((g) => g.name),
    errors: [...read.errors, ...plan.errors].sort((a, b) => a.row - b.row),
    warnings: [...read.warnings, ...plan.warnings].sort((a, b) => a.row - b.row),
    changes: plan.changes,
  };
}
