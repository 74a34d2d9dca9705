/**
 * `code.set`: the office (or admin) sets a national code in one register cell: replacing `N` with the real
 * reason, recording a late arrival (`L`/`U` with minutes late), pre-entering a known absence, or correcting a
 * mistake. Replacing `N` or an empty cell needs no typed reason (the new code is the reason); replacing any
 * other code does, a teacher's present mark included (it amends what the teacher witnessed), and is refused
 * as `reason_required` without one. Codes the rules forbid are refused with a message saying why.
 * The office code becomes the cell's effective code (DESIGN.md §4 merge rule) and the event keeps the old
 * value, the reason, who, their role and device, and when.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { checkOfficeCode, officeReplacementNeedsReason, reasonRequiredMessage } from '../../domain/officeCodes.js';
import { applyOfficeEntry, effectiveCode, EMPTY_CELL, type OfficeEntry } from '../../domain/merge.js';
import { localDateOf } from '../../domain/time.js';
import { correctedObservation } from './observedTime.js';
import { applied, rejected, type MutationContext, type MutationHandler, type MutationOutcome } from './mutationTypes.js';

const OFFICE_ROLES = new Set(['office', 'admin']);
/** The office may pre-enter known absences this far ahead (a trip booked for next term, say). */
const MAX_DAYS_AHEAD = 366;

export const codeSetArgsSchema = z.object({
  pupilId: z.string().min(1).max(64),
  date: isoDateSchema,
  session: z.enum(['AM', 'PM']),
  code: z.string().min(1).max(4),
  reason: z.string().trim().max(500).optional(),
  minutesLate: z.number().int().min(0).max(600).optional(),
});
export type CodeSetArgs = z.infer<typeof codeSetArgsSchema>;

export const codeSet: MutationHandler = async (ctx, rawArgs) => {
  if (!OFFICE_ROLES.has(ctx.user.role)) {
    return rejected(ErrorCodes.roleNotAllowed, 'Only the office can set attendance codes. Teachers mark present or absent (N).');
  }
  const parsed = codeSetArgsSchema.safeParse(rawArgs);
  if (!parsed.success) {
    return rejected(ErrorCodes.invalidArgs, `This code is not in a form the server understands: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}.`);
  }
  return setOfficeCode(ctx, parsed.data);
};

/** Shared by code.set and the office's bulk and planned entries: checks one cell and returns its effects. */
export async function setOfficeCode(ctx: MutationContext, args: CodeSetArgs): Promise<MutationOutcome> {
  const { pupilId, date, session, code } = args;
  const pupil = await ctx.cache.pupilOnDate(pupilId, date);
  if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school.');
  if (!pupil.onRoll) return rejected(ErrorCodes.notOnRoll, `This pupil was not on roll on ${date}, so they have no register that day.`);
  const day = await ctx.cache.calendarDay(date);
  if (!day || !day.isSchoolDay) {
    return rejected(ErrorCodes.notSchoolDay, `${date} is not a school day${day?.label ? ` (${day.label})` : ''}, so there is no register to change.`);
  }
  const today = localDateOf(ctx.receivedAt, ctx.school.timeZone);
  if (date > today && Date.parse(date) - Date.parse(today) > MAX_DAYS_AHEAD * 86_400_000) {
    return rejected(ErrorCodes.futureDate, 'Known absences can be entered up to a year ahead.');
  }
  const check = checkOfficeCode({ code, dateOfBirth: pupil.dateOfBirth!, date, session });
  if (!check.ok) return rejected(check.reason, check.message);
  if (args.minutesLate != null && code !== 'L' && code !== 'U') {
    return rejected(ErrorCodes.invalidArgs, 'Minutes late only go with L or U.');
  }

  const key = { pupilId, date, session };
  const existing = await ctx.cache.cell(key);
  const oldCode = existing?.code ?? null;
  const reason = args.reason ? args.reason : null;
  if (!reason && officeReplacementNeedsReason(oldCode, code)) {
    return rejected(ErrorCodes.reasonRequired, reasonRequiredMessage(oldCode!, code));
  }
  // Office entries are ordered by server version; within one push, by seq (the id sorts that way).
  const eventId = `o${String(ctx.version).padStart(12, '0')}-${String(ctx.seq).padStart(8, '0')}-${ctx.newId()}`;
  const entry: OfficeEntry = { code, version: ctx.version, staffId: ctx.user.staffId, eventId };
  const before = existing?.state ?? EMPTY_CELL;
  const after = applyOfficeEntry(before, entry);
  const effective = effectiveCode(after)!;
  const { observedAt, timeQuality } = correctedObservation(ctx.observedAtDevice, ctx.clockOffsetMs, ctx.receivedAt);
  return applied({
    events: [{
      schoolId: ctx.user.schoolId, id: eventId, pupilId, date, session, source: 'office', code, oldCode,
      effectiveCode: effective.code, reason, minutesLate: args.minutesLate ?? null, staffId: ctx.user.staffId,
      role: ctx.user.role, deviceId: ctx.deviceId, seq: ctx.seq, mutationId: ctx.mutationId,
      observedAtDevice: ctx.observedAtDevice, clockOffsetMs: ctx.clockOffsetMs, observedAt, timeQuality,
      receivedAt: ctx.receivedAt, version: ctx.version,
    }],
    cells: [{
      key,
      row: { code: effective.code, source: effective.source, state: after },
      projected: {
        schoolId: ctx.user.schoolId, ...key, code: effective.code, source: effective.source, markedBy: ctx.user.staffId,
        markedAt: observedAt, receivedAt: ctx.receivedAt, state: after, version: ctx.version,
      },
    }],
  });
}
