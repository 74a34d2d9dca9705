/**
 * `mark.set`: a teacher or TA marks one pupil present (`/`, `\` in the PM) or absent (`N`).
 * Checks, in order: role, arguments, the mark itself, the pupil, the group assignment, the calendar, and
 * when the mark was observed. Then it appends the event and updates the projected cell with the merge
 * rule, in the caller's transaction. A present mark over an office absence code opens a conflict.
 */
import { markArgsSchema, ErrorCodes } from '../../protocol/index.js';
import { normaliseTeacherMark } from '../../domain/codes.js';
import { applyTeacherEntry, effectiveCode, EMPTY_CELL, teacherEntryOpensConflict, type TeacherEntry } from '../../domain/merge.js';
import { checkTeacherMarkTiming } from '../../domain/registerWindow.js';
import { localDateOf, localTimeOf } from '../../domain/time.js';
import { getCalendarDay } from '../repositories/schoolRepository.js';
import { mayRegister, pupilOnDate } from '../repositories/rosterRepository.js';
import { insertConflict, insertMarkEvent, lockCell, upsertCell } from '../repositories/registerRepository.js';
import { correctedObservation } from './observedTime.js';
import { memoised, rejected, type MutationHandler } from './mutationTypes.js';

const REGISTER_ROLES = new Set(['teacher', 'ta', 'office', 'admin']);

export const markSet: MutationHandler = async (ctx, rawArgs) => {
  const { user, school, tx } = ctx;
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

  const pupil = await memoised(ctx, `pupil:${pupilId}:${date}`, () => pupilOnDate(tx, user.schoolId, pupilId, date));
  if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school. Ask the office to check the class list.');
  if (!pupil.onRoll || !pupil.groupId) return rejected(ErrorCodes.notOnRoll, `This pupil was not on roll on ${date}.`);

  if (user.role === 'teacher' || user.role === 'ta') {
    const groupId = pupil.groupId;
    const allowed = await memoised(ctx, `may:${groupId}:${date}:${session}`, () =>
      mayRegister(tx, { schoolId: user.schoolId, staffId: user.staffId, groupId, date, session }),
    );
    if (!allowed) {
      return rejected(ErrorCodes.notYourGroup, `You are not down to take this class's ${session} register on ${date}. Ask the office to set up the cover.`);
    }
  }

  const day = await memoised(ctx, `day:${date}`, () => getCalendarDay(tx, user.schoolId, date));
  if (!day || !day.isSchoolDay) {
    return rejected(ErrorCodes.notSchoolDay, `${date} is not a school day${day?.label ? ` (${day.label})` : ''}, so there is no register to mark.`);
  }
  const today = localDateOf(ctx.receivedAt, school.timeZone);
  if (date > today) return rejected(ErrorCodes.futureDate, `The register for ${date} cannot be taken yet: it is ${today} at the school.`);

  const { observedAt, timeQuality } = correctedObservation(ctx.observedAtDevice, ctx.clockOffsetMs, ctx.receivedAt);
  const timing = checkTeacherMarkTiming({ date, session, observedAt, now: ctx.receivedAt, timeZone: school.timeZone, sessions: school.sessions });
  if (timing === 'observed_on_another_date') {
    return rejected(ErrorCodes.wrongDate, `This mark was made on ${localDateOf(observedAt, school.timeZone)}, not on ${date}. A register can only be marked on its own day; ask the office to correct it.`);
  }
  if (timing === 'before_register_opens') {
    const opensAt = school.sessions[session].opensAt;
    return rejected(ErrorCodes.beforeRegisterOpens, `This mark was made at ${localTimeOf(observedAt, school.timeZone)}, too early for the ${session} register, which opens at ${opensAt}.`);
  }
  if (timing === 'in_future') {
    return rejected(ErrorCodes.futureDate, 'This mark is dated in the future. Check the tablet\'s clock and try again.');
  }

  const cellKey = { schoolId: user.schoolId, pupilId, date, session };
  const existing = await lockCell(tx, cellKey);
  const before = existing?.state ?? EMPTY_CELL;
  const entry: TeacherEntry = { code: mark, observedAt, deviceId: ctx.deviceId, seq: ctx.seq, staffId: user.staffId };
  const after = applyTeacherEntry(before, entry);
  const effective = effectiveCode(after);
  const eventId = ctx.newId();
  await insertMarkEvent(tx, {
    schoolId: user.schoolId, id: eventId, pupilId, date, session, source: 'teacher', code: mark,
    oldCode: existing?.code ?? null, effectiveCode: effective?.code ?? null, reason: null, minutesLate: null,
    staffId: user.staffId, role: user.role, deviceId: ctx.deviceId, seq: ctx.seq, mutationId: ctx.mutationId,
    observedAtDevice: ctx.observedAtDevice, clockOffsetMs: ctx.clockOffsetMs, observedAt, timeQuality,
    receivedAt: ctx.receivedAt, version: ctx.version,
  });
  if (teacherEntryOpensConflict(before, entry) && before.office) {
    await insertConflict(tx, {
      schoolId: user.schoolId, id: ctx.newId(), pupilId, date, session, officeCode: before.office.code,
      teacherCode: mark, raisedBy: user.staffId, raisedAt: ctx.receivedAt, eventId,
    });
  }
  if (after !== before && effective) {
    const winner = effective.source === 'office' ? after.office! : after.teacher!;
    await upsertCell(tx, {
      ...cellKey, code: effective.code, source: effective.source, markedBy: winner.staffId,
      markedAt: effective.source === 'teacher' ? after.teacher!.observedAt : null,
      receivedAt: ctx.receivedAt, state: after, version: ctx.version,
    });
  }
  return { status: 'applied' };
};
