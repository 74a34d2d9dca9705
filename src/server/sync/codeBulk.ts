/**
 * `code.bulk`: the office sets one code for every pupil on roll (in one group, or the whole school) on some
 * dates and sessions: `#` for a partial closure, `Y1`..`Y7` when transport or the weather kept everyone
 * away, and so on. Every cell goes through setOfficeCode, so the same rules apply as to code.set, and each
 * event carries the reason. Cells that already have the code are left alone. GET /api/office/bulk-preview
 * says beforehand how many cells would change.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { isValidDate } from '../../domain/time.js';
import type { Session } from '../../domain/codes.js';
import { countPupilsOnRollBetween, groupName, rollOnDates } from '../repositories/officeRecordsRepository.js';
import { cellKeyString } from '../repositories/registerRepository.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import {
  checkCodeExists, displayName, invalidArgs, MAX_CHANGED_CELLS, MAX_EXAMINED_CELLS, officeOnly, setCodeOnCells,
  tooManyCells, type CodeTarget,
} from './officeMutations.js';

export const MAX_BULK_DATES = 366;

export const codeBulkArgsSchema = z.object({
  id: z.string().min(8).max(64),
  code: z.string().min(1).max(4),
  dates: z.array(isoDateSchema).min(1).max(MAX_BULK_DATES),
  sessions: z.array(z.enum(['AM', 'PM'])).min(1).max(2),
  groupId: z.string().min(1).max(64).optional(),
  reason: z.string().trim().min(1, 'say why').max(500),
});

export const codeBulk: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx, 'set codes in bulk');
  if (notAllowed) return notAllowed;
  const parsed = codeBulkArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return invalidArgs(parsed.error, 'This bulk change');
  const a = parsed.data;
  const dates = [...new Set(a.dates)].sort();
  const bad = dates.find((d) => !isValidDate(d));
  if (bad) return rejected(ErrorCodes.invalidArgs, `${bad} is not a real date.`);
  const sessions: Session[] = (['AM', 'PM'] as const).filter((s) => a.sessions.includes(s));
  const badCode = checkCodeExists(a.code);
  if (badCode) return badCode;
  if (a.groupId && !(await groupName(ctx.tx, ctx.user.schoolId, a.groupId))) return rejected('unknown_group', 'That class is not known at this school.');
  const days = await ctx.cache.calendarDays(dates);
  const closed = dates.filter((d) => !days.get(d)?.isSchoolDay);
  if (closed.length > 0) return rejected(ErrorCodes.notSchoolDay, `These dates are not school days, so they have no registers: ${closed.slice(0, 10).join(', ')}.`);

  const scope = a.groupId ? { groupId: a.groupId } : {};
  const pupils = await countPupilsOnRollBetween(ctx.tx, ctx.user.schoolId, dates[0], dates.at(-1)!, scope);
  if (pupils * dates.length * sessions.length > MAX_EXAMINED_CELLS) return tooManyCells(pupils * dates.length * sessions.length, true);
  const roll = await rollOnDates(ctx.tx, ctx.user.schoolId, dates, scope);
  ctx.cache.primePupils(roll);
  const candidates: CodeTarget[] = roll.flatMap((r) => sessions.map((session) => ({ pupilId: r.pupilId, date: r.date, session, pupilName: displayName(r) })));
  const cells = await ctx.cache.cellsFor(candidates);
  const targets = candidates.filter((t) => cells.get(cellKeyString(t))?.code !== a.code);
  if (targets.length > MAX_CHANGED_CELLS) return tooManyCells(targets.length);
  if (targets.length === 0) return applied({});
  return setCodeOnCells(ctx, targets, a.code, a.reason);
};
