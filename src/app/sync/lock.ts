/**
 * One sync at a time.
 * Guarantees: within one engine, calls to `run` never overlap (a promise chain); across tabs of one browser,
 * when the Web Locks API exists, the same named lock keeps two tabs from pushing the same outbox together.
 * (Pushing twice would be harmless, the server is idempotent, but it wastes a tablet's battery and network.)
 */
export interface LockLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export function createSerialLock(name: string, locks: LockLike | null | undefined) {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(fn: () => Promise<T>): Promise<T> {
    const guarded = locks ? () => locks.request(name, fn) : fn;
    const result = tail.then(guarded, guarded);
    tail = result.catch(() => undefined);
    return result;
  };
}

export function browserLocks(): LockLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}
