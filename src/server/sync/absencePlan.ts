/**
 * `absence.plan`: the office enters a known absence ahead (an appointment, a trip, a part-time timetable) for
 * some pupils over a range of dates. For every school day in the range (the calendar decides), on the
 * weekdays and sessions asked, where the pupil is on roll, the code is set through setOfficeCode with the
 * note as the reason. Only codes that can be known in advance are accepted (plannedCodeProblem: no present
 * marks, lates, `N`, `Y4` or `Z`). A cell that already has an office code is left alone and counted as
 * skipped; a teacher's present mark is replaced only with a note (it amends what the teacher saw: without
 * one the plan is refused, reason_required, naming the cell). The
 * counts are kept in a planned_absences record. A teacher's later `N` does not overwrite these codes: under
 * the merge rule an office code stays the effective code until the office changes it.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { addDays, daysBetween, isoWeekday, isValidDate } from '../../domain/time.js';
import { plannedCodeProblem } from '../../domain/officeCodes.js';
import { insertPlannedAbsenceStatement, pupilNames, recordExists, rollOnDates } from '../repositories/officeRecordsRepository.js';
import { cellKeyString } from '../repositories/registerRepository.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import {
  checkCodeExists, combineEffects, displayName, invalidArgs, MAX_CHANGED_CELLS, MAX_EXAMINED_CELLS, officeOnly,
  setCodeOnCells, tooManyCells, type CodeTarget,
} from './officeMutations.js';

const MAX_PLAN_DAYS = 366;

export const absencePlanArgsSchema = z.object({
  id: z.string().min(8).max(64),
  pupilIds: z.array(z.string().min(1).max(64)).min(1).max(500),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  sessions: z.array(z.enum(['AM', 'PM'])).min(1).max(2),
  /** ISO weekdays (1 = Monday .. 5 = Friday) for a part-time timetable; every weekday when left out. */
  weekdays: z.array(z.number().int().min(1).max(5)).min(1).max(5).optional(),
  code: z.string().min(1).max(4),
  note: z.string().trim().max(500).optional(),
});

export const absencePlan: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx, 'plan absences');
  if (notAllowed) return notAllowed;
  const parsed = absencePlanArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return invalidArgs(parsed.error, 'This planned absence');
  const a = parsed.data;
  if (!isValidDate(a.startDate) || !isValidDate(a.endDate)) return rejected(ErrorCodes.invalidArgs, 'The dates are not real dates.');
  if (a.endDate < a.startDate) return rejected(ErrorCodes.invalidArgs, 'The planned absence ends before it starts.');
  if (daysBetween(a.startDate, a.endDate) >= MAX_PLAN_DAYS) return rejected(ErrorCodes.invalidArgs, 'A planned absence can cover a year at most.');
  const badCode = checkCodeExists(a.code);
  if (badCode) return badCode;
  const notPlannable = plannedCodeProblem(a.code);
  if (notPlannable) return rejected(ErrorCodes.codeNotPlannable, notPlannable);
  if (ctx.cache.idClaimed('plan', a.id) || (await recordExists(ctx.tx, 'planned_absences', ctx.user.schoolId, a.id))) {
    return rejected('plan_exists', 'A planned absence with this id has already been recorded.');
  }
  const pupilIds = [...new Set(a.pupilIds)];
  const known = await pupilNames(ctx.tx, ctx.user.schoolId, pupilIds);
  const unknown = pupilIds.filter((id) => !known.has(id));
  if (unknown.length > 0) return rejected(ErrorCodes.unknownPupil, `These pupils are not known at this school: ${unknown.slice(0, 10).join(', ')}.`);
  const sessions = (['AM', 'PM'] as const).filter((s) => a.sessions.includes(s));
  const weekdays = new Set(a.weekdays ?? [1, 2, 3, 4, 5]);

  const span = Array.from({ length: daysBetween(a.startDate, a.endDate) + 1 }, (_, i) => addDays(a.startDate, i));
  const days = await ctx.cache.calendarDays(span);
  const dates = span.filter((d) => days.get(d)?.isSchoolDay && weekdays.has(isoWeekday(d)));
  if (dates.length === 0) return rejected('no_school_days', `There are no school days on those weekdays between ${a.startDate} and ${a.endDate}.`);
  const examined = pupilIds.length * dates.length * sessions.length;
  if (examined > MAX_EXAMINED_CELLS) return tooManyCells(examined, true);

  const roll = await rollOnDates(ctx.tx, ctx.user.schoolId, dates, { pupilIds });
  if (roll.length === 0) return rejected(ErrorCodes.notOnRoll, `None of these pupils is on roll on the school days between ${a.startDate} and ${a.endDate}.`);
  ctx.cache.primePupils(roll);
  const candidates: CodeTarget[] = roll.flatMap((r) => sessions.map((session) => ({ pupilId: r.pupilId, date: r.date, session, pupilName: displayName(r) })));
  const cells = await ctx.cache.cellsFor(candidates);
  const targets = candidates.filter((t) => !cells.get(cellKeyString(t))?.state.office);
  const skipped = candidates.length - targets.length;
  if (targets.length > MAX_CHANGED_CELLS) return tooManyCells(targets.length);

  const outcome = await setCodeOnCells(ctx, targets, a.code, a.note || null);
  if (outcome.status === 'rejected') return outcome;
  ctx.cache.claimId('plan', a.id);
  return applied(combineEffects([
    outcome.effects,
    {
      statements: [insertPlannedAbsenceStatement({
        schoolId: ctx.user.schoolId, id: a.id, args: a, code: a.code, startDate: a.startDate, endDate: a.endDate,
        createdBy: ctx.user.staffId, createdAt: ctx.receivedAt, cellsSet: targets.length, cellsSkipped: skipped, version: ctx.version,
      })],
    },
  ]));
};
