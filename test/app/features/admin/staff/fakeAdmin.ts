/** A scripted admin server for the Classes and Staff screens: records each request (CSV bodies as text). */
import type { Harness } from '../../../render';

export interface Asked {
  method: string;
  path: string;
  body: unknown;
}

export function scriptServer(h: Harness, reply: (req: Asked) => { status: number; body: unknown }): Asked[] {
  const asked: Asked[] = [];
  h.server.fetch = async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const raw = init?.body === undefined || init?.body === null ? undefined : String(init.body);
    const isJson = String((init?.headers as Record<string, string> | undefined)?.['content-type'] ?? '').includes('json');
    const req = { method: init?.method ?? 'GET', path, body: raw !== undefined && isJson ? JSON.parse(raw) : raw };
    asked.push(req);
    const r = reply(req);
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } });
  };
  return asked;
}
