/**
 * `cover.add` and `cover.remove`: the office (or admin) puts a TA or another teacher on a class's register
 * for some dates and sessions, or takes them off again. Only covers can be removed this way; class teachers
 * are part of the school's set-up. The mutation log keeps each change's arguments as its audit trail.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { daysBetween, isValidDate } from '../../domain/time.js';
import { applied, rejected, type MutationContext, type MutationHandler } from './mutationTypes.js';
import { assignmentKind, groupExists, insertCover, removeCover, staffRoleOf } from '../repositories/coverRepository.js';

const OFFICE_ROLES = new Set(['office', 'admin']);
const MAX_COVER_DAYS = 366;

export const coverAddArgsSchema = z.object({
  id: z.string().min(8).max(64),
  staffId: z.string().min(1).max(64),
  groupId: z.string().min(1).max(64),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  sessions: z.array(z.enum(['AM', 'PM'])).min(1).max(2),
});
export const coverRemoveArgsSchema = z.object({ id: z.string().min(1).max(64) });

const officeOnly = (ctx: MutationContext) =>
  OFFICE_ROLES.has(ctx.user.role) ? null : rejected(ErrorCodes.roleNotAllowed, 'Only the office can arrange cover.');

export const coverAdd: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx);
  if (notAllowed) return notAllowed;
  const parsed = coverAddArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return rejected(ErrorCodes.invalidArgs, `This cover is not complete: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}.`);
  const a = parsed.data;
  if (!isValidDate(a.startDate) || !isValidDate(a.endDate)) return rejected(ErrorCodes.invalidArgs, 'The cover dates are not real dates.');
  if (a.endDate < a.startDate) return rejected(ErrorCodes.invalidArgs, 'The cover ends before it starts.');
  if (daysBetween(a.startDate, a.endDate) > MAX_COVER_DAYS) return rejected(ErrorCodes.invalidArgs, 'A cover can last a year at most.');
  const sessions = [...new Set(a.sessions)].sort();

  const staff = await staffRoleOf(ctx.tx, ctx.user.schoolId, a.staffId);
  if (!staff || !staff.active) return rejected('unknown_staff', 'That member of staff is not known at this school.');
  if (staff.role !== 'teacher' && staff.role !== 'ta') return rejected('unknown_staff', 'Only teachers and teaching assistants can cover a register.');
  if (!(await groupExists(ctx.tx, ctx.user.schoolId, a.groupId))) return rejected('unknown_group', 'That class is not known at this school.');
  if ((await assignmentKind(ctx.tx, ctx.user.schoolId, a.id)) !== null) return rejected('cover_exists', 'A cover with this id already exists.');

  ctx.cache.forgetAssignments();
  return applied({
    statements: [insertCover(ctx.user.schoolId, { ...a, sessions }, ctx.version, ctx.user.staffId, new Date(ctx.receivedAt))],
  });
};

export const coverRemove: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx);
  if (notAllowed) return notAllowed;
  const parsed = coverRemoveArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return rejected(ErrorCodes.invalidArgs, 'Say which cover to remove.');
  const kind = await assignmentKind(ctx.tx, ctx.user.schoolId, parsed.data.id);
  if (kind === null) return rejected('unknown_cover', 'That cover does not exist (it may have been removed already).');
  if (kind !== 'cover') return rejected('not_a_cover', "A class teacher's assignment cannot be removed as a cover.");
  ctx.cache.forgetAssignments();
  return applied({ statements: removeCover(ctx.user.schoolId, parsed.data.id, ctx.version) });
};
