/**
 * `alert.record` (issue 11): the office records what it did about a statutory alert (the local authority
 * told, a letter sent, a meeting booked, or no action and why). The alert is named by its kind, pupil and key
 * as GET /api/office/alerts gave them; the row goes to alert_records, which is never changed, with who and
 * the server's time. The key is not checked against today's alerts: the office may have seen the alert on a
 * device that was offline, and a record for an occurrence that has since changed simply matches nothing.
 */
import { ErrorCodes } from '../../protocol/index.js';
import { alertRecordArgsSchema } from '../../protocol/officeFigures.js';
import { localDateOf } from '../../domain/time.js';
import { insertAlertRecordStatement } from '../repositories/alertsRepository.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import { invalidArgs, officeOnly } from './officeMutations.js';

export { alertRecordArgsSchema };

export const alertRecord: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx, 'record what was done about an alert');
  if (notAllowed) return notAllowed;
  const parsed = alertRecordArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return invalidArgs(parsed.error, 'This record of an alert');
  const a = parsed.data;
  // Every key starts with its kind (penaltyNotice:2026-01-05): a key of another kind is a mistake.
  if (!a.key.startsWith(`${a.kind}:`)) {
    return rejected(ErrorCodes.invalidArgs, `This record of an alert is not in a form the server understands: key: a ${a.kind} alert's key starts with "${a.kind}:".`);
  }
  const pupil = await ctx.cache.pupilOnDate(a.pupilId, localDateOf(ctx.receivedAt, ctx.school.timeZone));
  if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school.');
  const note = a.note?.trim() ? a.note.trim() : null;
  return applied({
    statements: [insertAlertRecordStatement({
      schoolId: ctx.user.schoolId, id: ctx.mutationId, kind: a.kind, pupilId: a.pupilId, key: a.key, action: a.action, note,
      staffId: ctx.user.staffId, role: ctx.user.role, deviceId: ctx.deviceId, recordedAt: ctx.receivedAt, version: ctx.version,
    })],
  });
};
