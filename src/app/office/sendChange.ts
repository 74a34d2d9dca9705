/**
 * How every office screen makes a change: record it in the outbox (the one write path, DESIGN §4), push at
 * once, and tell the screen what became of it.
 *
 * Guarantees:
 * - The change is stored on this computer before anything is sent: a dropped connection loses nothing, and
 *   the change goes with the next push (the top bar counts it as waiting).
 * - The outcome is read from the outbox after the push, never guessed: `applied` when the server accepted it
 *   (the entry is gone), `refused` with the server's own message (the entry stays listed until dismissed),
 *   `waiting` when it could not be sent yet.
 */
import type { SyncEngine } from '../sync/engine';
import type { EnqueueType } from '../db/mutations';
import type { MutationArgs } from '../db/types';
import { dismissRejected } from '../db/outbox';

export type ChangeOutcome =
  | { state: 'applied' }
  | { state: 'refused'; code: string | undefined; message: string }
  | { state: 'waiting'; message: string };

export const WAITING_MESSAGE = 'Saved on this computer. It will be sent to the school server when the connection is back.';

export async function sendChange<T extends EnqueueType>(
  engine: SyncEngine,
  type: T,
  args: MutationArgs[T],
  opts: { cellKey?: string; dismissIfRefused?: boolean } = {},
): Promise<ChangeOutcome> {
  const [outcome] = await sendChanges(engine, type, [args], opts);
  return outcome;
}

/**
 * Several changes of one type (e.g. every overdue N to O): all recorded, then one push, then each outcome in
 * order. A screen that shows the refusals itself passes `dismissIfRefused`, so the top bar does not list
 * them a second time.
 */
export async function sendChanges<T extends EnqueueType>(
  engine: SyncEngine,
  type: T,
  argsList: Array<MutationArgs[T]>,
  opts: { cellKey?: string; dismissIfRefused?: boolean } = {},
): Promise<ChangeOutcome[]> {
  const entries = [];
  for (const args of argsList) entries.push(await engine.enqueue(type, args, { cellKey: opts.cellKey }));
  await engine.push().catch(() => undefined);
  const outcomes: ChangeOutcome[] = [];
  const dismiss: number[] = [];
  for (const entry of entries) {
    const after = await engine.db.outbox.where('id').equals(entry.id).first();
    if (!after) outcomes.push({ state: 'applied' });
    else if (after.status === 'rejected') {
      if (opts.dismissIfRefused && after.key !== undefined) dismiss.push(after.key);
      outcomes.push({ state: 'refused', code: after.code, message: after.message ?? 'The school server refused this change.' });
    } else outcomes.push({ state: 'waiting', message: WAITING_MESSAGE });
  }
  if (dismiss.length) await dismissRejected(engine.db, dismiss);
  return outcomes;
}

/** A short sentence for a notice after a change. */
export function describeOutcome(outcome: ChangeOutcome, applied: string): string {
  if (outcome.state === 'applied') return applied;
  if (outcome.state === 'refused') return `Not accepted: ${outcome.message}`;
  return outcome.message;
}
