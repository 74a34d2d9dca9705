/**
 * What a device key may push. A key exists only so that a teacher's or TA's waiting register marks reach
 * the server after someone else has signed in on a shared tablet, so a mutation pushed with a key is applied
 * only when:
 * - it is a register mark: `mark.set`, or `pupil.here` (the teacher's "this pupil is in the room" flag, taken
 *   with the register and only ever a question for the office);
 * - it was observed (corrected observation time, observedTime.ts) before its owner signed out on that device,
 *   with a minute's grace for the tablet's estimate of the server's clock, and before the key expires.
 * Anything else is answered `rejected` with `device_key_not_allowed`: logged like any rejection, so it never
 * holds up the mutations after it. A suspect clock is read as the receive time, which is after the sign-out.
 */
import { ErrorCodes } from '../../protocol/index.js';
import { correctedObservation } from './observedTime.js';
import type { MutationOutcome } from './mutationTypes.js';

export interface DeviceKeyLimits {
  /** When the owner signed out on this device (ms since the epoch), if the app told the server. */
  signedOutAt: number | null;
  keyExpiresAt: number;
}

export const DEVICE_KEY_DAYS = 14;
export const SIGN_OUT_GRACE_MS = 60_000;
export const KEY_MUTATION_TYPES: ReadonlySet<string> = new Set(['mark.set', 'pupil.here']);

export function refusedForDeviceKey(
  m: { type: string; observedAt: string; clockOffsetMs: number },
  limits: DeviceKeyLimits,
  receivedAt: number,
): Extract<MutationOutcome, { status: 'rejected' }> | null {
  if (!KEY_MUTATION_TYPES.has(m.type)) {
    return refusal('Only register marks can be sent for someone who is not signed in, so this change was not applied. Its author can make it again after signing in.');
  }
  const { observedAt } = correctedObservation(Date.parse(m.observedAt), m.clockOffsetMs, receivedAt);
  if (limits.signedOutAt != null && observedAt > limits.signedOutAt + SIGN_OUT_GRACE_MS) {
    return refusal('This mark was made after its author signed out on this tablet, so it was not applied.');
  }
  if (observedAt >= limits.keyExpiresAt) return refusal('This mark was made after the device key expired, so it was not applied.');
  return null;
}

function refusal(message: string) {
  return { status: 'rejected' as const, code: ErrorCodes.deviceKeyNotAllowed, message };
}
