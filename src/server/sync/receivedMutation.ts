/**
 * Reads one mutation of a push as the device sent it, before anything is loaded, applied or written.
 *
 * Guarantees:
 * - A mutation is handed on only when every string in it (its id, type and arguments, and any extra fields
 *   and their names) is text the database can store, it is nested no deeper than MAX_ARGS_DEPTH, and its
 *   fields have the form of mutationSchema. Otherwise it is refused on its own, with a code and a message, and
 *   the mutations behind it still apply: one bad value never fails the push's transaction.
 * - Every mutation has an id to be logged under that cannot clash with another's in mutation_log (unique per
 *   school), so logging a refusal never fails the push either.
 * - The mutation log keeps what the handler's schema knows of the arguments, never whatever else was sent:
 *   arguments it cannot read are kept only when small, otherwise as a short note.
 */
import type { ZodType } from 'zod';
import { ErrorCodes, isStorableText, mutationSchema, UNSTORABLE_MESSAGE, type Mutation } from '../../protocol/index.js';

/** Arguments are records, lists of ids or dates at most: anything nested deeper than this is refused. */
export const MAX_ARGS_DEPTH = 16;
/** Arguments the handler's schema cannot read are kept in the mutation log up to this size (JSON). */
export const MAX_LOGGED_UNREAD_ARGS = 2000;

export interface ReceivedMutation {
  seq: number;
  /** The mutation, when it can be handed to its handler. */
  mutation: Mutation | null;
  /** Why it cannot be, when it cannot. */
  refusal: { code: string; message: string } | null;
  /** The type it is logged under: its own when that is readable. */
  logType: string;
  /** Its arguments as sent, for argsToLog. */
  rawArgs: unknown;
}

export function receiveMutation(raw: { seq: number } & Record<string, unknown>): ReceivedMutation {
  const logType = typeof raw.type === 'string' && raw.type.length <= 64 && isStorableText(raw.type) ? raw.type : 'unreadable';
  // Built field by field, not spread: this runs for every mark of every push.
  const received = (mutation: Mutation | null, refusal: ReceivedMutation['refusal']): ReceivedMutation =>
    ({ seq: raw.seq, mutation, refusal, logType, rawArgs: raw.args });
  const problem = findUnstorable(raw);
  if (problem) {
    const where = problem.path.length ? ` (at ${problem.path.join('.')})` : '';
    const inArgs = problem.path[0] === 'args';
    const message = problem.kind === 'depth'
      ? `This change is nested more than ${MAX_ARGS_DEPTH} levels deep${where}, which no change of this app is; it was not applied.`
      : `This change ${UNSTORABLE_MESSAGE}${where}; it was not applied. Enter it again.`;
    return received(null, { code: inArgs ? ErrorCodes.invalidArgs : ErrorCodes.invalidMutation, message });
  }
  const parsed = mutationSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'change'}: ${i.message}`).join('; ');
    return received(null, { code: ErrorCodes.invalidMutation, message: `This change is not in a form the server understands (${fields}); it was not applied.` });
  }
  return received(parsed.data, null);
}

/**
 * The id a mutation is logged under when its own cannot be used (unreadable, or already taken by another
 * mutation). It is longer than any id a device may send (64 characters), so it never equals a real one, and
 * (device, seq) is logged once, so it is unique.
 */
export function substituteMutationId(deviceId: string, seq: number): string {
  return `not-applied:${deviceId}:${seq}`.padEnd(65, '.');
}

/** What the mutation log keeps of a mutation's arguments (see the module's guarantees). */
export function argsToLog(received: ReceivedMutation, argsSchema: ZodType | undefined): unknown {
  const args = received.rawArgs;
  // A mutation handed on was walked whole already; a refused one may have been refused for its args.
  if (!received.mutation && findUnstorable(args)) return { omitted: 'arguments the server could not store' };
  const known = argsSchema?.safeParse(args);
  if (known?.success) return known.data;
  const size = JSON.stringify(args ?? null).length;
  return size <= MAX_LOGGED_UNREAD_ARGS ? (args ?? null) : { omitted: `${size} characters of arguments the server could not read` };
}

/**
 * The first string (or field name) that cannot be stored, or the first place nested deeper than
 * MAX_ARGS_DEPTH. Walks without recursion, so no input can overflow the stack. The path names only field
 * names that are themselves storable, shortened, so it can go into a message.
 */
export function findUnstorable(value: unknown): { path: string[]; kind: 'text' | 'depth' } | null {
  // Each entry is a value and where it sits (a linked list of field names, made into a path only for a
  // message), so a push of hundreds of marks is walked without copying arrays.
  const stack: Place[] = [{ value, key: null, parent: null, depth: 0 }];
  while (stack.length > 0) {
    const place = stack.pop()!;
    const current = place.value;
    if (typeof current === 'string') {
      if (!isStorableText(current)) return { path: pathOf(place), kind: 'text' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    // The top level is the mutation itself; its args are one level down.
    if (place.depth > MAX_ARGS_DEPTH) return { path: pathOf(place).slice(0, 3), kind: 'depth' };
    for (const key of Object.keys(current)) {
      if (!isStorableText(key)) return { path: [...pathOf(place), '(a field name)'], kind: 'text' };
      stack.push({ value: (current as Record<string, unknown>)[key], key, parent: place, depth: place.depth + 1 });
    }
  }
  return null;
}

interface Place {
  value: unknown;
  key: string | null;
  parent: Place | null;
  depth: number;
}

function pathOf(place: Place): string[] {
  const path: string[] = [];
  for (let p: Place | null = place; p && p.key !== null; p = p.parent) path.unshift(shortened(p.key));
  return path;
}

function shortened(key: string): string {
  const chars = Array.from(key);
  return chars.length <= 40 ? key : `${chars.slice(0, 40).join('')}…`;
}
