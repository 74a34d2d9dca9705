/**
 * A fetch() that reaches the in-process server through Fastify's inject(), with a cookie jar per client and a
 * network the test controls: up, down, or misbehaving (responses lost after the server acted, requests
 * delivered twice, requests held back and delivered later).
 */
import type { FastifyInstance } from 'fastify';

export type NetworkMode = 'up' | 'down' | 'lose-responses' | 'duplicate';

export interface TestNetwork {
  mode: NetworkMode;
  /** When set, requests are parked until release() (to deliver them out of order). */
  holding: boolean;
  release(): Promise<void>;
  requests: number;
}

export function createNetwork(): TestNetwork {
  const parked: Array<() => Promise<void>> = [];
  return {
    mode: 'up',
    holding: false,
    requests: 0,
    async release() {
      // Deliver parked requests newest first: the worst order for a sync protocol.
      this.holding = false;
      while (parked.length) await parked.pop()!();
    },
    // parked is reached through the closure in injectFetch
    ...({ parked } as object),
  } as TestNetwork;
}

export function injectFetch(app: FastifyInstance, network: TestNetwork) {
  let cookie = '';
  const send = async (url: string, init?: RequestInit) => {
    network.requests++;
    const res = await app.inject({
      method: (init?.method ?? 'GET') as 'GET' | 'POST',
      url: url.replace(/^https?:\/\/[^/]+/, ''),
      headers: { ...(init?.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
      payload: (init?.body as string | undefined) ?? undefined,
    });
    const setCookie = res.cookies.find((c) => c.name === 'register_session');
    if (setCookie) cookie = setCookie.value ? `register_session=${setCookie.value}` : '';
    return new Response(res.statusCode === 204 ? null : res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } });
  };
  return async (url: string, init?: RequestInit): Promise<Response> => {
    if (network.mode === 'down') throw new TypeError('Failed to fetch (offline)');
    if (network.holding) {
      const parked = (network as unknown as { parked: Array<() => Promise<void>> }).parked;
      return new Promise<Response>((resolve, reject) => parked.push(() => send(url, init).then(resolve, reject)));
    }
    if (network.mode === 'duplicate') {
      await send(url, init);
      return send(url, init);
    }
    const response = await send(url, init);
    if (network.mode === 'lose-responses') throw new TypeError('Failed to fetch (connection reset after the server answered)');
    return response;
  };
}
