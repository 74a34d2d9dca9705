/** The mutation types the server knows. A new type gets a new name rather than a changed signature. */
import { markSet } from './markSet.js';
import { pupilHere } from './pupilHere.js';
import { coverAdd, coverRemove } from './covers.js';
import { codeSet } from './codeSet.js';
import { contactRecord } from './contactRecord.js';
import { conflictResolve } from './conflictResolve.js';
import { pupilSignin, pupilSignout } from './siteLog.js';
import { absencePlan } from './absencePlan.js';
import { codeBulk } from './codeBulk.js';
import type { MutationHandler } from './mutationTypes.js';

export const mutationHandlers: Record<string, MutationHandler> = {
  'mark.set': markSet,
  'pupil.here': pupilHere,
  'cover.add': coverAdd,
  'cover.remove': coverRemove,
  'code.set': codeSet,
  'contact.record': contactRecord,
  'conflict.resolve': conflictResolve,
  'pupil.signout': pupilSignout,
  'pupil.signin': pupilSignin,
  'absence.plan': absencePlan,
  'code.bulk': codeBulk,
};
