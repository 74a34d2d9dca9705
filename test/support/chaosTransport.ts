/**
 * A network that misbehaves, between simulated devices and a real server over HTTP: a fetch() per page of
 * the app (a page dies when the device is "reloaded"), a cookie jar per device (a browser's survives a
 * reload), and faults drawn from a seeded PRNG:
 * - a request lost before it reaches the server;
 * - a response lost after the server acted on the request;
 * - a request delivered twice at once (both reach the server; the page gets one answer);
 * - a copy of a request delivered again later, after the page has moved on (a late, reordered duplicate;
 *   its answer goes nowhere);
 * - delays before sending and before answering, so requests from different devices cross.
 * Every failure reaches the app as the browser reports it: a TypeError from fetch (a refused or reset
 * connection to a killed server too). A dead page's requests never answer, as a reloaded page's never do.
 */
import type { FetchLike } from '../../src/app/sync/api.js';

/** mulberry32: small, fast and the same on every machine. */
export function createRng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!;
    },
    /** A seed for a PRNG of its own (so one device's faults do not shift another's choices). */
    fork: () => Math.floor(next() * 2 ** 32),
  };
}
export type Rng = ReturnType<typeof createRng>;

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  /** A copy delivered again later. */
  lateCopy: number;
  maxDelayMs: number;
}

export const CHAOTIC: FaultRates = { dropRequest: 0.08, dropResponse: 0.1, duplicate: 0.08, lateCopy: 0.08, maxDelayMs: 25 };
export const QUIET: FaultRates = { dropRequest: 0, dropResponse: 0, duplicate: 0, lateCopy: 0, maxDelayMs: 0 };

export interface NetworkStats {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
  lateCopies: number;
  connectionErrors: number;
  deadPageRequests: number;
}

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
  setCookie: string[];
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

export class ChaosNetwork {
  rates: FaultRates = CHAOTIC;
  readonly stats: NetworkStats = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicated: 0, lateCopies: 0, connectionErrors: 0, deadPageRequests: 0 };
  /** Push requests on the wire now (sent, not yet answered). */
  pushesInFlight = 0;
  private pushWaiters: Array<() => void> = [];
  private lateCopies = new Set<Promise<void>>();

  constructor(readonly baseUrl: string) {}

  /** A device: its cookie jar and its own fault PRNG. */
  device(seed: number): ChaosDevice {
    return new ChaosDevice(this, createRng(seed));
  }

  /** Resolves when a push request next goes on the wire (or after `timeoutMs`): for a kill mid-push. */
  nextPush(timeoutMs: number): Promise<boolean> {
    if (this.pushesInFlight > 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pushWaiters = this.pushWaiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.pushWaiters.push(done);
    });
  }

  /** Waits for every late copy still to be delivered. */
  async settle(): Promise<void> {
    while (this.lateCopies.size > 0) await Promise.all([...this.lateCopies]);
  }

  /** One request on the wire: real HTTP; any failure to get an answer is a TypeError, as in a browser. */
  async send(url: string, init: RequestInit | undefined, cookie: string | null): Promise<RawAnswer> {
    const isPush = url.endsWith('/api/sync/push');
    this.stats.requests++;
    if (isPush) {
      this.pushesInFlight++;
      for (const w of this.pushWaiters.splice(0)) w();
    }
    try {
      const headers = { ...(init?.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) };
      const response = await fetch(url, { method: init?.method ?? 'GET', headers, body: init?.body ?? undefined });
      const body = await response.text();
      return { status: response.status, contentType: response.headers.get('content-type') ?? 'application/json', body, setCookie: response.headers.getSetCookie() };
    } catch (error) {
      this.stats.connectionErrors++;
      throw new TypeError(`Failed to fetch (${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)})`);
    } finally {
      if (isPush) this.pushesInFlight--;
    }
  }

  deliverLater(delayMs: number, send: () => Promise<unknown>): void {
    this.stats.lateCopies++;
    const copy = sleep(delayMs)
      .then(send)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.lateCopies.delete(copy));
    this.lateCopies.add(copy);
  }
}

/** One device's side of the network: a browser's cookie jar, and the pages the app runs in. */
export class ChaosDevice {
  private cookie = '';
  constructor(
    private readonly network: ChaosNetwork,
    private readonly rng: Rng,
  ) {}

  /** A page of the app; `kill()` is a reload: its requests from then on never answer. */
  page(): { fetch: FetchLike; kill(): void } {
    let alive = true;
    const never = () => {
      this.network.stats.deadPageRequests++;
      return new Promise<Response>(() => undefined);
    };
    const fetchFn: FetchLike = async (input, init) => {
      if (!alive) return never();
      const net = this.network;
      const rates = net.rates;
      // Every draw is made, in the same order, whatever the outcome: the device's stream stays aligned.
      const r = { dropRequest: this.rng.next(), dropResponse: this.rng.next(), duplicate: this.rng.next(), late: this.rng.next(), pickSecond: this.rng.next() };
      const before = this.rng.int(0, rates.maxDelayMs);
      const after = this.rng.int(0, rates.maxDelayMs);
      const lateBy = this.rng.int(20, 1500);
      const url = String(input);
      const cookie = init?.credentials === 'omit' ? null : this.cookie || null;
      await sleep(before);
      if (!alive) return never();
      if (r.dropRequest < rates.dropRequest) {
        net.stats.droppedRequests++;
        throw new TypeError('Failed to fetch (the request was lost)');
      }
      if (r.late < rates.lateCopy) net.deliverLater(lateBy, () => net.send(url, init, cookie));
      let answer: RawAnswer;
      if (r.duplicate < rates.duplicate) {
        net.stats.duplicated++;
        const both = await Promise.allSettled([net.send(url, init, cookie), net.send(url, init, cookie)]);
        const chosen = both[r.pickSecond < 0.5 ? 0 : 1];
        if (chosen.status === 'rejected') throw chosen.reason;
        answer = chosen.value;
      } else answer = await net.send(url, init, cookie);
      if (!alive) return never();
      if (r.dropResponse < rates.dropResponse) {
        net.stats.droppedResponses++;
        throw new TypeError('Failed to fetch (the connection was reset before the answer arrived)');
      }
      this.takeCookie(answer.setCookie);
      await sleep(after);
      if (!alive) return never();
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: { 'content-type': answer.contentType } });
    };
    return {
      fetch: fetchFn,
      kill: () => {
        alive = false;
      },
    };
  }

  private takeCookie(setCookie: string[]): void {
    for (const line of setCookie) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (pair.slice(0, eq).trim() !== 'register_session') continue;
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
      this.cookie = value && !expired ? `register_session=${value}` : '';
    }
  }
}
