/** The mutation types the server knows. A new type gets a new name rather than a changed signature. */
import { markSet } from './markSet.js';
import { pupilHere } from './pupilHere.js';
import { coverAdd, coverRemove } from './covers.js';
import { codeSet } from './codeSet.js';
import type { MutationHandler } from './mutationTypes.js';

export const mutationHandlers: Record<string, MutationHandler> = {
  'mark.set': markSet,
  'pupil.here': pupilHere,
  'cover.add': coverAdd,
  'cover.remove': coverRemove,
  'code.set': codeSet,
};
