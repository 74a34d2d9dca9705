/** The mutation types the server knows. A new type gets a new name rather than a changed signature. */
import { markSet } from './markSet.js';
import type { MutationHandler } from './mutationTypes.js';

export const mutationHandlers: Record<string, MutationHandler> = {
  'mark.set': markSet,
};
