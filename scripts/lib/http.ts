/**
 * Talking to a real server process over HTTP, for the benchmarks and the tests that start one
 * (scripts/bench/load.ts, test/support/serverProcess.ts, test/scripts/workers.test.ts): a free port to start
 * it on, and one JSON request with node:http (cheaper than fetch for a process that shares the machine with
 * the server it measures), answering the status, the body and the session cookie it set.
 */
import http from 'node:http';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Answer {
  status: number;
  body: string;
  /** The `register_session=…` pair the answer set, if it set one. */
  cookie?: string;
  headers: http.IncomingHttpHeaders;
}

export interface RequestOptions {
  cookie?: string;
  json?: unknown;
  /** A keep-alive agent to share connections, or false for a connection of its own. */
  agent?: http.Agent | false;
  timeoutMs?: number;
}

export function requestJson(port: number, method: string, url: string, options: RequestOptions = {}): Promise<Answer> {
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1', port, method, path: url, agent: options.agent ?? false, timeout: timeoutMs,
        headers: {
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const session = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('register_session='));
          resolve({ status: res.statusCode ?? 0, body, cookie: session?.split(';')[0], headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(payload);
  });
}
