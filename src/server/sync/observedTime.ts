/**
 * Turns a device's observation time into the time the server orders by. The device's clock is corrected
 * by its own estimate of the offset to the server; a corrected time that cannot be true is flagged 'suspect'
 * and the receive time is used instead. That is a time later than the server's receive time (plus a little
 * tolerance), or one more than a year before it (a finite but absurd offset such as -1e308 would otherwise
 * reach the date arithmetic and the database as an instant no calendar has). Clocks are flagged, never a
 * reason to reject (DESIGN.md §4.7).
 */
export const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;
export const PAST_TOLERANCE_MS = 366 * 86_400_000;

export function correctedObservation(observedAtDevice: number, clockOffsetMs: number, receivedAt: number) {
  const corrected = observedAtDevice + clockOffsetMs;
  if (!Number.isFinite(corrected) || corrected > receivedAt + FUTURE_TOLERANCE_MS || corrected < receivedAt - PAST_TOLERANCE_MS) {
    return { observedAt: receivedAt, timeQuality: 'suspect' as const };
  }
  return { observedAt: corrected, timeQuality: 'good' as const };
}
