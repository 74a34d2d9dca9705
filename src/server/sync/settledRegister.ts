/**
 * How far back a device's mark may reach (issue 9). A `mark.set` for a *settled* register (one past the
 * school's window for resolving N on the day the mark reaches the server: domain/registerWindow.ts) never
 * changes the register by itself, however honest its observation time looks: a tablet's clock can be set to
 * any day, and an old register has already fed the office's lists. Instead the mark is held for the office
 * as a conflict of kind `settled_register`, with who made it and when they say they saw the pupil; the
 * office decides on the Conflicts screen (conflict.resolve, with the code to set, if any).
 *
 * Guarantees: today's marks and marks within the window are never looked at here beyond one date sum; a held
 * mark writes no event and leaves the cell exactly as it was; a mark that says what the cell already says
 * holds nothing (there is nothing to decide); the conflict carries the office code in the cell, if any.
 */
import { DEFAULT_N_WINDOW_SCHOOL_DAYS, schoolDayCalendar } from '../../domain/schoolDays.js';
import { isRegisterSettled, settledCheckDates } from '../../domain/registerWindow.js';
import { localDateOf } from '../../domain/time.js';
import type { CellKey, CellRow } from '../repositories/registerRepository.js';
import { applied, type MutationContext, type MutationOutcome } from './mutationTypes.js';

export function nWindowOf(ctx: MutationContext): number {
  const n = ctx.school.nWindowSchoolDays;
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_N_WINDOW_SCHOOL_DAYS;
}

/** True when this register is settled on the day the mark arrived (the server's school-local date). */
export async function registerIsSettled(ctx: MutationContext, date: string): Promise<boolean> {
  const today = localDateOf(ctx.receivedAt, ctx.school.timeZone);
  const window = nWindowOf(ctx);
  const dates = settledCheckDates(date, today, window);
  if (dates.length === 0) return false;
  const days = await ctx.cache.calendarDays(dates);
  const calendar = schoolDayCalendar([...days.values()].filter((d): d is NonNullable<typeof d> => d !== null));
  return isRegisterSettled(date, today, window, calendar);
}

/** Applied, changing nothing in the register: the mark waits for the office as a conflict. */
export function holdForOffice(ctx: MutationContext, key: CellKey, existing: CellRow | null, mark: string, observedAt: number): MutationOutcome {
  if (existing?.code === mark) return applied();
  return applied({
    conflicts: [{
      schoolId: ctx.user.schoolId, id: ctx.newId(), ...key, officeCode: existing?.state.office?.code ?? null, teacherCode: mark,
      raisedBy: ctx.user.staffId, raisedAt: ctx.receivedAt, eventId: ctx.mutationId, kind: 'settled_register', observedAt,
    }],
  });
}
