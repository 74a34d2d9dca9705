/**
 * `conflict.resolve`: the office closes a conflict (a teacher saw a pupil in the room while the office had
 * them elsewhere) with a note of what it decided. With `code`, it also sets that code on the cell through
 * setOfficeCode, the resolution being the amendment's reason. A conflict is resolved once.
 */
import { z } from 'zod';
import { resolveConflictStatement } from '../repositories/officeRecordsRepository.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import { checkCodeExists, combineEffects, invalidArgs, officeOnly, setCodeOnCells } from './officeMutations.js';

export const conflictResolveArgsSchema = z.object({
  conflictId: z.string().min(1).max(64),
  resolution: z.string().trim().min(1).max(500),
  code: z.string().min(1).max(4).optional(),
});

export const conflictResolve: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx, 'resolve conflicts');
  if (notAllowed) return notAllowed;
  const parsed = conflictResolveArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return invalidArgs(parsed.error, 'This resolution');
  const { conflictId, resolution, code } = parsed.data;
  const conflict = await ctx.cache.conflict(conflictId);
  if (!conflict) return rejected('unknown_conflict', 'There is no such conflict at this school.');
  if (conflict.resolvedAt !== null) return rejected('already_resolved', 'This conflict has already been resolved.');

  let codeEffects = {};
  if (code) {
    const badCode = checkCodeExists(code);
    if (badCode) return badCode;
    const key = { pupilId: conflict.pupilId, date: conflict.date, session: conflict.session };
    const cell = await ctx.cache.cell(key);
    // Keeping the office's code (the resolution says why) changes nothing in the register.
    if (!(cell?.source === 'office' && cell.code === code)) {
      const outcome = await setCodeOnCells(ctx, [{ ...key, pupilName: '' }], code, resolution);
      if (outcome.status === 'rejected') return outcome;
      codeEffects = outcome.effects;
    }
  }
  ctx.cache.rememberConflict({ ...conflict, resolvedAt: ctx.receivedAt });
  return applied(combineEffects([
    codeEffects,
    { statements: [resolveConflictStatement({ schoolId: ctx.user.schoolId, id: conflictId, staffId: ctx.user.staffId, at: ctx.receivedAt, resolution, code: code ?? null })] },
  ]));
};
