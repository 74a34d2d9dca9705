/**
 * `contact.record`: the office records an attempt to reach a pupil's family about an absence (or a message
 * from home), for the first-day response. The entry is appended to contact_log, which is never changed.
 * With `code`, the office also sets the real code it learned (illness: `I`) on the pupil's `N` cells that
 * date, or on the sessions it names, through setOfficeCode, with the contact as the reason. The entry keeps
 * the sessions it is about: those named, or those whose N the code replaced.
 */
import { z } from 'zod';
import { ErrorCodes, isoDateSchema } from '../../protocol/index.js';
import { isValidDate } from '../../domain/time.js';
import type { Session } from '../../domain/codes.js';
import { insertContactStatement, recordExists } from '../repositories/officeRecordsRepository.js';
import { cellKeyString } from '../repositories/registerRepository.js';
import { applied, rejected, type MutationHandler } from './mutationTypes.js';
import { checkCodeExists, combineEffects, invalidArgs, officeOnly, setCodeOnCells } from './officeMutations.js';

export const CONTACT_METHODS = ['phone', 'text', 'email', 'in person', 'home visit', 'message from home'] as const;

export const contactRecordArgsSchema = z.object({
  id: z.string().min(8).max(64),
  pupilId: z.string().min(1).max(64),
  date: isoDateSchema,
  method: z.enum(CONTACT_METHODS),
  outcome: z.string().trim().max(300),
  code: z.string().min(1).max(4).optional(),
  sessions: z.array(z.enum(['AM', 'PM'])).min(1).max(2).optional(),
});

export const contactRecord: MutationHandler = async (ctx, rawArgs) => {
  const notAllowed = officeOnly(ctx, 'record contact with families');
  if (notAllowed) return notAllowed;
  const parsed = contactRecordArgsSchema.safeParse(rawArgs);
  if (!parsed.success) return invalidArgs(parsed.error, 'This contact');
  const a = parsed.data;
  if (!isValidDate(a.date)) return rejected(ErrorCodes.invalidArgs, `${a.date} is not a real date.`);
  if (ctx.cache.idClaimed('contact', a.id) || (await recordExists(ctx.tx, 'contact_log', ctx.user.schoolId, a.id))) {
    return rejected('contact_exists', 'A contact with this id has already been recorded.');
  }
  const pupil = await ctx.cache.pupilOnDate(a.pupilId, a.date);
  if (!pupil.exists) return rejected(ErrorCodes.unknownPupil, 'This pupil is not known at this school.');
  const sessions = a.sessions ? (['AM', 'PM'] as const).filter((s) => a.sessions!.includes(s)) : null;

  let codeEffects = {};
  let codedSessions: Session[] | null = sessions;
  if (a.code) {
    const badCode = checkCodeExists(a.code);
    if (badCode) return badCode;
    const keys = (['AM', 'PM'] as const).map((session) => ({ pupilId: a.pupilId, date: a.date, session }));
    const cells = await ctx.cache.cellsFor(keys);
    const targets: Session[] = sessions ?? keys.filter((k) => cells.get(cellKeyString(k))?.code === 'N').map((k) => k.session);
    codedSessions = targets;
    if (targets.length === 0) {
      return rejected('no_n_to_replace', `This pupil has no N on ${a.date}, so there is nothing to replace with ${a.code}. Say which sessions the code is for.`);
    }
    const reason = a.outcome ? `Contact (${a.method}): ${a.outcome}` : `Contact (${a.method})`;
    // A session that already has this very code from the office is left as it is.
    const toSet = targets.filter((session) => {
      const cell = cells.get(cellKeyString({ pupilId: a.pupilId, date: a.date, session }));
      return !(cell?.source === 'office' && cell.code === a.code);
    });
    const outcome = await setCodeOnCells(ctx, toSet.map((session) => ({ pupilId: a.pupilId, date: a.date, session, pupilName: '' })), a.code, reason);
    if (outcome.status === 'rejected') return outcome;
    codeEffects = outcome.effects;
  }

  ctx.cache.claimId('contact', a.id);
  return applied(combineEffects([
    codeEffects,
    {
      statements: [insertContactStatement({
        schoolId: ctx.user.schoolId, id: a.id, pupilId: a.pupilId, date: a.date, method: a.method, outcome: a.outcome,
        code: a.code ?? null, sessions: codedSessions, staffId: ctx.user.staffId, role: ctx.user.role, deviceId: ctx.deviceId,
        mutationId: ctx.mutationId, recordedAt: ctx.receivedAt, version: ctx.version,
      })],
    },
  ]));
};
