/**
 * Helpers for the office suites (issue 4): pushing office mutations from one device with seq 1, 2, 3...,
 * teachers' marks on any day (observed that day), and GETs as a signed-in person.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { MutationResult } from '../../../src/protocol/index.js';
import { markMutation, post, signIn, TEST_NOW, type TestServer } from '../../support/serverHarness.js';

export interface Pusher {
  /** Pushes one mutation and returns its result. */
  (type: string, args: unknown): Promise<MutationResult>;
  /** Pushes several mutations in one push and returns their results. */
  many(mutations: Array<{ type: string; args: unknown }>): Promise<MutationResult[]>;
}

/** An office (or any) device that numbers its mutations 1, 2, 3... */
export function pusher(server: TestServer, cookie: string, deviceId: string): Pusher {
  let seq = 0;
  const many = async (mutations: Array<{ type: string; args: unknown }>) => {
    const res = await post(server.app, '/api/sync/push', cookie, {
      deviceId,
      mutations: mutations.map((m) => ({ seq: ++seq, id: randomUUID(), type: m.type, args: m.args, observedAt: new Date(server.clock.now()).toISOString(), clockOffsetMs: 0 })),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().results as MutationResult[];
  };
  const one = (async (type: string, args: unknown) => (await many([{ type, args }]))[0]) as Pusher;
  one.many = many;
  return one;
}

/** The class teacher of demo group gN is teacherN. */
export function teacherMarks(server: TestServer) {
  const cookies = new Map<string, string>();
  const seqs = new Map<string, number>();
  return async (groupId: string, marks: Array<{ pupilId: string; date?: string; session?: 'AM' | 'PM'; mark: string; observedAt?: number }>) => {
    const username = `teacher${groupId.slice(1)}`;
    if (!cookies.has(username)) cookies.set(username, await signIn(server.app, username));
    const now = server.clock.now();
    // A mark for another day reaches the server on that day, a minute after it was taken, as a tablet's
    // would: one arriving today for a register past the school's N window is held for the office (issue 9).
    const batches: Array<{ at: number; mutations: unknown[] }> = [];
    for (const m of marks) {
      const seq = (seqs.get(username) ?? 0) + 1;
      seqs.set(username, seq);
      const date = m.date ?? '2026-11-24';
      const session = m.session ?? 'AM';
      // Observed on the register's own day, after it opened (09:00 or 13:30 UTC; 10:00 or 14:30 in BST).
      const observedAt = m.observedAt ?? (date === '2026-11-24' ? TEST_NOW - 60_000 : Date.parse(`${date}T${session === 'AM' ? '09:00' : '13:30'}:00Z`));
      const at = date === '2026-11-24' ? now : observedAt + 60_000;
      if (batches.at(-1)?.at !== at) batches.push({ at, mutations: [] });
      batches.at(-1)!.mutations.push(markMutation(seq, { pupilId: m.pupilId, date, session, mark: m.mark }, observedAt));
    }
    const results: MutationResult[] = [];
    try {
      for (const batch of batches) {
        server.clock.set(batch.at);
        const res = await post(server.app, '/api/sync/push', cookies.get(username)!, { deviceId: `${username}-office-tests`, mutations: batch.mutations });
        expect(res.statusCode, res.body).toBe(200);
        results.push(...(res.json().results as MutationResult[]));
      }
    } finally {
      server.clock.set(now);
    }
    for (const r of results) expect(r.status, JSON.stringify(r)).toBe('applied');
    return results;
  };
}

export async function getJson(server: TestServer, cookie: string, url: string, status = 200) {
  const res = await server.app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
}

export async function cellCode(server: TestServer, pupilId: string, date: string, session: 'AM' | 'PM') {
  const { rows } = await server.db.query<{ code: string; source: string }>(
    `SELECT code, source FROM register_cells WHERE pupil_id = $1 AND date = $2 AND session = $3`, [pupilId, date, session]);
  return rows[0] ?? null;
}

export const groupPupils = (server: TestServer, groupId: string) => server.demo.pupils.filter((p) => p.groupId === groupId);
