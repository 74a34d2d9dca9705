/** Test support for the app tier: a fresh fake IndexedDB per test, sample data, and a scriptable fake fetch. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createDb, type RegisterDb } from '../../src/app/db/schema';
import type { FetchLike } from '../../src/app/sync/api';
import type { Change, PullResponse, PushRequest, PushResponse, SignedInUser } from '../../src/protocol';

let counter = 0;
export function freshDb(): RegisterDb {
  return createDb(`test-${++counter}`, { indexedDB: new IDBFactory(), IDBKeyRange });
}

export const teacher: SignedInUser = {
  id: 'u-teacher',
  username: 'jones',
  displayName: 'Ms Jones',
  role: 'teacher',
  schoolId: 's1',
  schoolName: 'Hillside Primary',
  timeZone: 'Europe/London',
};

/** 09:05 in London on Tuesday 24 November 2026 (GMT, so also 09:05Z). */
export const DEMO_NOW = Date.parse('2026-11-24T09:05:00Z');

export const school = {
  id: 's1',
  name: 'Hillside Primary',
  timeZone: 'Europe/London',
  sessions: { AM: { opensAt: '08:45', openMinutes: 30 }, PM: { opensAt: '13:15', openMinutes: 30 } },
};

export function pupil(id: string, firstName: string, lastName: string, preferredName: string | null = null, groupId = 'g1') {
  return { id, groupId, firstName, lastName, preferredName, dateOfBirth: '2018-03-01' };
}

/** Changes as the server would send them for a teacher of group g1 on 24 November 2026. */
export function snapshotChanges(extra: Change[] = []): Change[] {
  return [
    { entity: 'school', op: 'put', key: 's1', value: school },
    { entity: 'group', op: 'put', key: 'g1', value: { id: 'g1', name: 'Class 3B', yearGroup: 3 } },
    { entity: 'pupil', op: 'put', key: 'p1', value: pupil('p1', 'Amy', 'Smith') },
    { entity: 'pupil', op: 'put', key: 'p2', value: pupil('p2', 'Benjamin', 'Adams', 'Ben') },
    { entity: 'pupil', op: 'put', key: 'p3', value: pupil('p3', 'Chloe', 'Brown') },
    {
      entity: 'assignment',
      op: 'put',
      key: 'a1',
      value: { id: 'a1', groupId: 'g1', staffId: teacher.id, kind: 'teacher', startDate: '2026-09-01', endDate: null, sessions: ['AM', 'PM'] },
    },
    { entity: 'day', op: 'put', key: '2026-11-24', value: { date: '2026-11-24', isSchoolDay: true, label: null } },
    ...extra,
  ];
}

export function cellChange(pupilId: string, code: string, source: 'teacher' | 'office' = 'teacher', session: 'AM' | 'PM' = 'AM'): Change {
  return {
    entity: 'cell',
    op: 'put',
    key: `${pupilId}|2026-11-24|${session}`,
    value: { pupilId, date: '2026-11-24', session, code, source, markedBy: source === 'office' ? 'Mrs Office' : 'Ms Jones', markedAt: '2026-11-24T08:50:00.000Z' },
  };
}

export function page(changes: Change[], opts: Partial<PullResponse> = {}): PullResponse {
  return { cursor: 'c1', hasMore: false, changes, serverTime: new Date(DEMO_NOW).toISOString(), ...opts };
}

type Reply = { status: number; body?: unknown } | 'network-error';

/**
 * A fake server reached through an injected fetch. Tests script the answers; every request is recorded.
 * Push defaults to applying every mutation; pull defaults to an empty page.
 */
export class FakeServer {
  pushes: PushRequest[] = [];
  pulls: Array<{ deviceId: string; cursor: string | null }> = [];
  onPush: (req: PushRequest) => Reply = (req) => ({ status: 200, body: this.applyAll(req) });
  onPull: (req: { deviceId: string; cursor: string | null }) => Reply = () => ({ status: 200, body: page([]) });
  onOther: (path: string, init?: RequestInit) => Reply = () => ({ status: 404, body: { code: 'not_found', message: 'Not found' } });

  applyAll(req: PushRequest): PushResponse {
    return {
      results: req.mutations.map((m) => ({ seq: m.seq, status: 'applied' as const })),
      lastSeq: Math.max(0, ...req.mutations.map((m) => m.seq)),
      serverTime: new Date(DEMO_NOW).toISOString(),
    };
  }

  fetch: FetchLike = async (url, init) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '');
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    let reply: Reply;
    if (path === '/api/sync/push') {
      this.pushes.push(body);
      reply = this.onPush(body);
    } else if (path === '/api/sync/pull') {
      this.pulls.push(body);
      reply = this.onPull(body);
    } else reply = this.onOther(path, init);
    if (reply === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}
