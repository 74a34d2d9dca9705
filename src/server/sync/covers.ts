/**
 * `cover.add` and `cover.remove`: the office (or admin) puts a TA or another teacher on a class's register
 * for some dates and sessions, or takes them off again. Only covers can be removed this way; class teachers
 * are part of the school's set-up. The mutation log keeps each change's arguments as its audit trail.
 */
import { z } from 'zod';
import { ErrorCodes } from '../../protocol/index.js';
import { daysBetween, isValidDate } from '../../domain/time.js';
import { applied, rejected, type MutationContext, type MutationHandler } from './mutationTypes.js';

const OFFICE_ROLES = new Set(['office', 'admin']);
const MAX_COVER_DAYS = 366;

const addSchema = z.object({
  id: z.string().min(8).max(64),
  staffId: z.string().min(1).max(64),
  groupId: z.string().min(1).max(64),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  endDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sessions: z.array(z.enum(['AM', 'PM'])).min(1).max(2),
});

const officeOnly = (ctx: MutationContext) =>
  OFFICE_ROLES.has(ctx.user.role) ? null : rejected(ErrorCodes.roleNotAllowed, 'Only the office can arrange cover.');

export const coverAdd: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx);
  if (notAllowed) return notAllowed;
  const parsed = addSchema.safeParse(rawArgs);
  if (!parsed.success) return rejected(ErrorCodes.invalidArgs, `This cover is not complete: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`);
  const a = parsed.data;
  if (!isValidDate(a.startDate) || !isValidDate(a.endDate)) return rejected(ErrorCodes.invalidArgs, 'The cover dates are not real dates.');
  if (a.endDate < a.startDate) return rejected(ErrorCodes.invalidArgs, 'The cover ends before it starts.');
  if (daysBetween(a.startDate, a.endDate) > MAX_COVER_DAYS) return rejected(ErrorCodes.invalidArgs, 'A cover can last a year at most.');
  const sessions = [...new Set(a.sessions)].sort();

  const { rows: staff } = await ctx.tx.query<{ role: string; active: boolean }>(
    `SELECT role, active FROM staff WHERE school_id = $1 AND id = $2`, [ctx.user.schoolId, a.staffId]);
  if (!staff[0] || !staff[0].active) return rejected('unknown_staff', 'That member of staff is not known at this school.');
  if (staff[0].role !== 'teacher' && staff[0].role !== 'ta') return rejected('unknown_staff', 'Only teachers and teaching assistants can cover a register.');
  const { rows: groups } = await ctx.tx.query(`SELECT 1 FROM registration_groups WHERE school_id = $1 AND id = $2`, [ctx.user.schoolId, a.groupId]);
  if (!groups[0]) return rejected('unknown_group', 'That class is not known at this school.');
  const { rows: existing } = await ctx.tx.query(`SELECT 1 FROM staff_assignments WHERE school_id = $1 AND id = $2`, [ctx.user.schoolId, a.id]);
  if (existing[0]) return rejected('cover_exists', 'A cover with this id already exists.');

  ctx.cache.forgetAssignments();
  return applied({
    statements: [{
      sql: `INSERT INTO staff_assignments (school_id, id, staff_id, group_id, kind, start_date, end_date, sessions, version, created_by, created_at)
            VALUES ($1, $2, $3, $4, 'cover', $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      params: [ctx.user.schoolId, a.id, a.staffId, a.groupId, a.startDate, a.endDate, sessions, ctx.version, ctx.user.staffId, new Date(ctx.receivedAt)],
    }],
  });
};

export const coverRemove: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx);
  if (notAllowed) return notAllowed;
  const parsed = z.object({ id: z.string().min(1).max(64) }).safeParse(rawArgs);
  if (!parsed.success) return rejected(ErrorCodes.invalidArgs, 'Say which cover to remove.');
  const { rows } = await ctx.tx.query<{ kind: string }>(`SELECT kind FROM staff_assignments WHERE school_id = $1 AND id = $2`, [ctx.user.schoolId, parsed.data.id]);
  if (!rows[0]) return rejected('unknown_cover', 'That cover does not exist (it may have been removed already).');
  if (rows[0].kind !== 'cover') return rejected('not_a_cover', "A class teacher's assignment cannot be removed as a cover.");
  ctx.cache.forgetAssignments();
  return applied({
    statements: [
      { sql: `DELETE FROM staff_assignments WHERE school_id = $1 AND id = $2`, params: [ctx.user.schoolId, parsed.data.id] },
      {
        sql: `INSERT INTO tombstones (school_id, entity, key, version) VALUES ($1, 'assignment', $2, $3)
              ON CONFLICT (school_id, entity, key) DO UPDATE SET version = EXCLUDED.version`,
        params: [ctx.user.schoolId, parsed.data.id, ctx.version],
      },
    ],
  });
};
