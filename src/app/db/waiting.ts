/**
 * What is waiting to leave this tablet, per person: how many entries, whose name, and whether the tablet can
 * send them now (the signed-in person's always can; anyone else's only with their device key).
 * Read-only; used by the sync status, the sign-out warning and the update prompt. Marks "Mark all unmarked
 * present" still holds for its Undo count as the signed-in person's (useMarking.ts).
 */
import type { RegisterDb } from './schema';
import { allDevices } from './meta';
import { waitingGroups } from './outbox';

export interface WaitingPerson {
  userId: string;
  /** The person's name as recorded with their device identity; null when this tablet never learned it. */
  name: string | null;
  count: number;
  onlyMarks: boolean;
  /** False: these wait until their author signs in on this tablet. */
  canSend: boolean;
  /** Whether this person has a device key for their current device id (marks can go after they sign out). */
  hasKey: boolean;
}

/** `held`: cell keys of marks the signed-in person's register shows but has not written yet; they count. */
export async function waitingOnTablet(db: RegisterDb, signedInUserId: string | null, held: readonly string[] = []): Promise<WaitingPerson[]> {
  const heldMarks = signedInUserId && held.length > 0 ? { userId: signedInUserId, cellKeys: held } : undefined;
  const [groups, devices] = await Promise.all([waitingGroups(db, heldMarks), allDevices(db)]);
  const people = new Map<string, WaitingPerson>();
  for (const g of groups) {
    const identity = devices.get(g.userId);
    const keyed = Boolean(identity?.deviceKey) && identity?.deviceId === g.deviceId;
    const person = people.get(g.userId) ?? {
      userId: g.userId,
      name: identity?.displayName ?? null,
      count: 0,
      onlyMarks: true,
      canSend: true,
      hasKey: Boolean(identity?.deviceKey),
    };
    person.count += g.count;
    person.onlyMarks &&= g.onlyMarks;
    person.canSend &&= g.userId === signedInUserId || keyed;
    people.set(g.userId, person);
  }
  // The signed-in person first, then by name, so the sentence reads the same way each time.
  return [...people.values()].sort(
    (a, b) => Number(b.userId === signedInUserId) - Number(a.userId === signedInUserId) || (a.name ?? '').localeCompare(b.name ?? ''),
  );
}
