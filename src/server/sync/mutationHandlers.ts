/**
 * The mutation types the server knows, each with its handler and the schema of its arguments (what the
 * mutation log keeps of them). A new type gets a new name rather than a changed signature. Looked up in a
 * Map, so a type named like a built-in property of objects (`constructor`, `__proto__`) is simply unknown.
 */
import type { ZodType } from 'zod';
import { markArgsSchema } from '../../protocol/index.js';
import { markSet } from './markSet.js';
import { pupilHere, pupilHereArgsSchema } from './pupilHere.js';
import { coverAdd, coverAddArgsSchema, coverRemove, coverRemoveArgsSchema } from './covers.js';
import { codeSet, codeSetArgsSchema } from './codeSet.js';
import { contactRecord, contactRecordArgsSchema } from './contactRecord.js';
import { conflictResolve, conflictResolveArgsSchema } from './conflictResolve.js';
import { pupilSignin, pupilSignout, siteEntryArgsSchema } from './siteLog.js';
import { absencePlan, absencePlanArgsSchema } from './absencePlan.js';
import { codeBulk, codeBulkArgsSchema } from './codeBulk.js';
import { alertRecord, alertRecordArgsSchema } from './alertRecord.js';
import type { MutationHandler } from './mutationTypes.js';

export interface MutationKind {
  handle: MutationHandler;
  args: ZodType;
}

const kinds = new Map<string, MutationKind>([
  ['mark.set', { handle: markSet, args: markArgsSchema }],
  ['pupil.here', { handle: pupilHere, args: pupilHereArgsSchema }],
  ['cover.add', { handle: coverAdd, args: coverAddArgsSchema }],
  ['cover.remove', { handle: coverRemove, args: coverRemoveArgsSchema }],
  ['code.set', { handle: codeSet, args: codeSetArgsSchema }],
  ['contact.record', { handle: contactRecord, args: contactRecordArgsSchema }],
  ['conflict.resolve', { handle: conflictResolve, args: conflictResolveArgsSchema }],
  ['pupil.signout', { handle: pupilSignout, args: siteEntryArgsSchema }],
  ['pupil.signin', { handle: pupilSignin, args: siteEntryArgsSchema }],
  ['absence.plan', { handle: absencePlan, args: absencePlanArgsSchema }],
  ['code.bulk', { handle: codeBulk, args: codeBulkArgsSchema }],
  ['alert.record', { handle: alertRecord, args: alertRecordArgsSchema }],
]);

export function mutationKind(type: string): MutationKind | undefined {
  return kinds.get(type);
}

/** Every mutation type, for tests that go through them all. */
export const MUTATION_TYPES: readonly string[] = [...kinds.keys()];
