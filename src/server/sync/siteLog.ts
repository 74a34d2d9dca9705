/**
 * `pupil.signout` and `pupil.signin`: a pupil leaves the site during the day (an appointment, sent home ill)
 * or comes back. Each is appended to site_log, which is never changed; the fire roll call reads the latest
 * entry of each pupil. Neither changes the register: the office sets the code (`M`, `L`...) as usual.
 */
import { z } from 'zod';
import { ErrorCodes, instantSchema } from '../../protocol/index.js';
import { localDateOf } from '../../domain/time.js';
import { insertSiteEntryStatement, recordExists } from '../repositories/officeRecordsRepository.js';
import { FUTURE_TOLERANCE_MS } from './observedTime.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import { invalidArgs, officeOnly } from './officeMutations.js';

export const siteEntryArgsSchema = z.object({
  id: z.string().min(8).max(64),
  pupilId: z.string().min(1).max(64),
  /** When the pupil left or came back; the server's receive time when left out. */
  at: instantSchema.optional(),
  reason: z.string().trim().max(300).optional(),
});

function siteEntry(kind: 'signout' | 'signin'): MutationHandler {
  const words = kind === 'signout' ? 'sign pupils out' : 'sign pupils in';
  return async (ctx, rawArgs) => {
    const notAllowed = officeOnly(ctx, words);
    if (notAllowed) return notAllowed;
    const parsed = siteEntryArgsSchema.safeParse(rawArgs);
    if (!parsed.success) return invalidArgs(parsed.error, kind === 'signout' ? 'This sign-out' : 'This sign-in');
    const a = parsed.data;
    const at = a.at ? Date.parse(a.at) : ctx.receivedAt;
    if (at > ctx.receivedAt + FUTURE_TOLERANCE_MS) {
      return rejected(ErrorCodes.futureDate, 'This time is in the future. Check the time and try again.');
    }
    const date = localDateOf(at, ctx.school.timeZone);
    const pupil = await ctx.cache.pupilOnDate(a.pupilId, date);
    if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school.');
    if (!pupil.onRoll) return rejected(ErrorCodes.notOnRoll, `This pupil was not on roll on ${date}.`);
    if (ctx.cache.idClaimed('site', a.id) || (await recordExists(ctx.tx, 'site_log', ctx.user.schoolId, a.id))) {
      return rejected('site_entry_exists', 'An entry with this id is already in the signing-out book.');
    }
    ctx.cache.claimId('site', a.id);
    return applied({
      statements: [insertSiteEntryStatement({
        schoolId: ctx.user.schoolId, id: a.id, pupilId: a.pupilId, kind, at, date, reason: a.reason || null,
        staffId: ctx.user.staffId, role: ctx.user.role, deviceId: ctx.deviceId, mutationId: ctx.mutationId,
        receivedAt: ctx.receivedAt, version: ctx.version,
      })],
    });
  };
}

export const pupilSignout = siteEntry('signout');
export const pupilSignin = siteEntry('signin');
