/**
 * The server's one source of time. Everything that needs "now" takes a Clock, so tests and demos can pin it.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that reads `start` at the moment it is made and runs on in real time from there (APP_NOW). */
export function clockStartingAt(start: number, realNow: () => number = Date.now): Clock {
  const offset = start - realNow();
  return { now: () => realNow() + offset };
}

/** A clock that only moves when told to: for tests. */
export function manualClock(start: number) {
  let current = start;
  return {
    now: () => current,
    set: (instant: number) => {
      current = instant;
    },
    advance: (ms: number) => {
      current += ms;
    },
  };
}
