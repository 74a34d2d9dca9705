/**
 * Turns a device's observation time into the time the server orders by. The device's clock is corrected
 * by its own estimate of the offset to the server; a corrected time later than the server's receive time
 * (plus a little tolerance) cannot be true, so it is flagged 'suspect' and the receive time is used
 * instead. Clocks are flagged, never a reason to reject (DESIGN.md §4.7).
 */
export const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;

export function correctedObservation(observedAtDevice: number, clockOffsetMs: number, receivedAt: number) {
  const corrected = observedAtDevice + clockOffsetMs;
  if (!Number.isFinite(corrected) || corrected > receivedAt + FUTURE_TOLERANCE_MS) {
    return { observedAt: receivedAt, timeQuality: 'suspect' as const };
  }
  return { observedAt: corrected, timeQuality: 'good' as const };
}
