/**
 * `pupil.here`: the office has a code for this pupil (an appointment, a trip) but the teacher sees them in
 * the room. It opens a conflict for the office to resolve; it never changes the office's code.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { isPresentCode } from '../../domain/codes.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import { checkRegisterAccess, conflictRow } from './markSet.js';

export const pupilHereArgsSchema = z.object({
  pupilId: z.string().min(1).max(64),
  date: isoDateSchema,
  session: z.enum(['AM', 'PM']),
});

export const pupilHere: MutationHandler = async (ctx, rawArgs) => {
  const parsed = pupilHereArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return rejected(ErrorCodes.invalidArgs, 'This flag does not say which pupil, date and session it is for.');
  const { pupilId, date, session } = parsed.data;
  const problem = await checkRegisterAccess(ctx, pupilId, date, session);
  if (problem) return problem;
  const cell = await ctx.cache.cell({ pupilId, date, session });
  const office = cell?.state.office;
  if (!office) {
    return rejected('no_office_code', 'The office has not set a code for this pupil in this session, so there is nothing to flag: mark the pupil present.');
  }
  if (isPresentCode(office.code)) {
    return rejected('already_present', `The office already has this pupil as present (${office.code}).`);
  }
  return applied({ conflicts: [conflictRow(ctx, { pupilId, date, session }, office.code, 'here', ctx.mutationId)] });
};
