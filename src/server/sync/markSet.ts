/**
 * `mark.set`: a teacher or TA marks one pupil present (`/`, `\` in the PM) or absent (`N`).
 * Checks, in order: role, arguments, the mark itself, the pupil, the group assignment, the calendar, and
 * when the mark was observed. Then it returns the event to append and the cell's new state under the merge
 * rule. A present mark over an office absence code also opens a conflict for the office. A mark for a
 * register already settled (past the school's N window when it arrives) is held for the office instead
 * (settledRegister.ts).
 */
import { markArgsSchema, ErrorCodes } from '../../protocol/index.js';
import { normaliseTeacherMark } from '../../domain/codes.js';
import { applyTeacherEntry, effectiveCode, EMPTY_CELL, teacherEntryOpensConflict, type TeacherEntry } from '../../domain/merge.js';
import { checkTeacherMarkTiming } from '../../domain/registerWindow.js';
import { localDateOf, localTimeOf } from '../../domain/time.js';
import { assignmentCovers } from '../repositories/rosterRepository.js';
import type { ConflictRow } from '../repositories/registerRepository.js';
import { correctedObservation } from './observedTime.js';
import { holdForOffice, registerIsSettled } from './settledRegister.js';
import { applied, rejected, type Effects, type MutationContext, type MutationHandler, type MutationOutcome } from './mutationTypes.js';

const REGISTER_ROLES = new Set(['teacher', 'ta', 'office', 'admin']);

export const markSet: MutationHandler = async (ctx, rawArgs) => {
  const { user, school } = ctx;
  if (!REGISTER_ROLES.has(user.role)) {
    return rejected(ErrorCodes.roleNotAllowed, 'Your account cannot take registers.');
  }
  const parsed = markArgsSchema.safeParse(rawArgs);
  if (!parsed.success) {
    return rejected(ErrorCodes.invalidArgs, `This mark is not in a form the server understands: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'args'}: ${i.message}`).join('; ')}.`);
  }
  const { pupilId, date, session } = parsed.data;
  const mark = normaliseTeacherMark(parsed.data.mark, session);
  if (!mark) {
    return rejected(ErrorCodes.markNotAllowed, 'A register can only be marked present or absent (N); the office records every other code.');
  }
  const problem = await checkRegisterAccess(ctx, pupilId, date, session);
  if (problem) return problem;

  const { observedAt, timeQuality } = correctedObservation(ctx.observedAtDevice, ctx.clockOffsetMs, ctx.receivedAt);
  const timing = checkTeacherMarkTiming({ date, session, observedAt, now: ctx.receivedAt, timeZone: school.timeZone, sessions: school.sessions });
  if (timing === 'observed_on_another_date') {
    return rejected(ErrorCodes.wrongDate, `This mark was made on ${localDateOf(observedAt, school.timeZone)}, not on ${date}. A register can only be marked on its own day; ask the office to correct it.`);
  }
  if (timing === 'before_register_opens') {
    return rejected(ErrorCodes.beforeRegisterOpens, `This mark was made at ${localTimeOf(observedAt, school.timeZone)}, too early for the ${session} register, which opens at ${school.sessions[session].opensAt}.`);
  }
  if (timing === 'in_future') {
    return rejected(ErrorCodes.futureDate, "This mark is dated in the future. Check the tablet's clock and try again.");
  }

  const key = { pupilId, date, session };
  const existing = await ctx.cache.cell(key);
  if (await registerIsSettled(ctx, date)) return holdForOffice(ctx, key, existing, mark, observedAt);
  const before = existing?.state ?? EMPTY_CELL;
  const entry: TeacherEntry = { code: mark, observedAt, deviceId: ctx.deviceId, seq: ctx.seq, staffId: user.staffId };
  const after = applyTeacherEntry(before, entry);
  const effective = effectiveCode(after);
  const eventId = ctx.newId();
  const effects: Effects = {
    events: [{
      schoolId: user.schoolId, id: eventId, pupilId, date, session, source: 'teacher', code: mark,
      oldCode: existing?.code ?? null, effectiveCode: effective?.code ?? null, reason: null, minutesLate: null,
      staffId: user.staffId, role: user.role, deviceId: ctx.deviceId, seq: ctx.seq, mutationId: ctx.mutationId,
      observedAtDevice: ctx.observedAtDevice, clockOffsetMs: ctx.clockOffsetMs, observedAt, timeQuality,
      receivedAt: ctx.receivedAt, version: ctx.version,
    }],
  };
  if (teacherEntryOpensConflict(before, entry) && before.office) {
    effects.conflicts = [conflictRow(ctx, key, before.office.code, mark, eventId)];
  }
  if (after !== before && effective) {
    const winner = effective.source === 'office' ? after.office! : after.teacher!;
    effects.cells = [{
      key,
      row: { code: effective.code, source: effective.source, state: after },
      projected: {
        schoolId: user.schoolId, ...key, code: effective.code, source: effective.source, markedBy: winner.staffId,
        markedAt: effective.source === 'teacher' ? after.teacher!.observedAt : null,
        receivedAt: ctx.receivedAt, state: after, version: ctx.version,
      },
    }];
  }
  return applied(effects);
};

/**
 * The checks every register mutation shares: the pupil exists and is on roll that day, a teacher or TA is
 * assigned to the pupil's group for that date and session, and the date is a school day not in the future.
 */
export async function checkRegisterAccess(ctx: MutationContext, pupilId: string, date: string, session: 'AM' | 'PM'): Promise<MutationOutcome | null> {
  const { user, school } = ctx;
  const pupil = await ctx.cache.pupilOnDate(pupilId, date);
  if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school. Ask the office to check the class list.');
  if (!pupil.onRoll || !pupil.groupId) return rejected(ErrorCodes.notOnRoll, `This pupil was not on roll on ${date}.`);
  if (user.role === 'teacher' || user.role === 'ta') {
    if (!assignmentCovers(await ctx.cache.staffAssignments(), pupil.groupId, date, session)) {
      return rejected(ErrorCodes.notYourGroup, `You are not down to take this class's ${session} register on ${date}. Ask the office to set up the cover.`);
    }
  }
  const day = await ctx.cache.calendarDay(date);
  if (!day || !day.isSchoolDay) {
    return rejected(ErrorCodes.notSchoolDay, `${date} is not a school day${day?.label ? ` (${day.label})` : ''}, so there is no register to mark.`);
  }
  const today = localDateOf(ctx.receivedAt, school.timeZone);
  if (date > today) return rejected(ErrorCodes.futureDate, `The register for ${date} cannot be taken yet: it is ${today} at the school.`);
  return null;
}

export function conflictRow(ctx: MutationContext, key: { pupilId: string; date: string; session: 'AM' | 'PM' }, officeCode: string, teacherCode: string, eventId: string): ConflictRow {
  return {
    schoolId: ctx.user.schoolId, id: ctx.newId(), ...key, officeCode, teacherCode,
    raisedBy: ctx.user.staffId, raisedAt: ctx.receivedAt, eventId,
  };
}
