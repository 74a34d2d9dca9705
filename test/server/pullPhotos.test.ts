import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change, PullResponse, PupilValue } from '../../src/protocol/index.js';
import type { PhotoValue } from '../../src/protocol/adminPhotos.js';
import { nextVersion } from '../../src/server/repositories/schoolRepository.js';
import { findSessionUser } from '../../src/server/repositories/staffRepository.js';
import { hashToken } from '../../src/server/plugins/auth.js';
import { processPull } from '../../src/server/sync/pull.js';
import { ENGINES, post, signIn, startTestServer, type TestServer } from '../support/serverHarness.js';
import { jpegBytes, pngBytes } from './photosFixtures.js';

describe.each(ENGINES)('pull: photos and dated memberships (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  let teacher1: string;
  let teacher2: string;
  let deviceNo = 0;
  const newDevice = () => `device-photo-${engine}-${++deviceNo}`;
  const pullAll = async (cookie: string, deviceId: string, cursor: string | null, groupId?: string) => {
    const changes: Change[] = [];
    let next = cursor;
    let page: PullResponse;
    let pages = 0;
    do {
      const res = await post(server.app, '/api/sync/pull', cookie, { deviceId, cursor: next, ...(groupId ? { groupId } : {}) });
      expect(res.statusCode).toBe(200);
      page = res.json();
      changes.push(...page.changes);
      next = page.cursor;
    } while (page.hasMore && ++pages < 100);
    return { changes, cursor: next };
  };
  const photos = (changes: Change[]) => changes.filter((c) => c.entity === 'photo');
  /** The photos a device holds after a full reset (a reset also carries earlier removals: nothing to drop). */
  const held = (changes: Change[]) => photos(changes).filter((c) => c.op === 'put');
  const upload = async (pupilId: string, body: Buffer, type = 'image/jpeg') => {
    const res = await server.app.inject({ method: 'PUT', url: `/api/admin/pupils/${pupilId}/photo`, payload: body, headers: { 'content-type': type, cookie: admin } });
    expect(res.statusCode).toBe(200);
  };
  const pupilOf = (group: string, n = 0) => server.demo.pupils.filter((p) => p.groupId === group)[n].id;

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
    teacher1 = await signIn(server.app, 'teacher1');
    teacher2 = await signIn(server.app, 'teacher2');
  });
  afterAll(() => server.close());

  it("sends a teacher's tablet the photos of its own classes only, as base64 of the same bytes", async () => {
    const g1 = pupilOf('g1');
    const g2 = pupilOf('g2');
    const photo = jpegBytes(240, 180, 3000);
    await upload(g1, photo);
    await upload(g2, pngBytes(), 'image/png');
    const { changes } = await pullAll(teacher1, newDevice(), null);
    expect(photos(changes).map((c) => c.key)).toEqual([g1]);
    const value = photos(changes)[0].value as PhotoValue;
    expect(value).toMatchObject({ pupilId: g1, contentType: 'image/jpeg', version: expect.any(Number) });
    expect(value.data).not.toMatch(/\s/);
    expect(Buffer.compare(Buffer.from(value.data, 'base64'), photo)).toBe(0);
    expect(photos((await pullAll(teacher2, newDevice(), null)).changes).map((c) => c.key)).toEqual([g2]);
  });

  it('sends a new photo, a replacement and a removal to a device that already pulled, and the removal to nobody else', async () => {
    const pupil = pupilOf('g1', 1);
    const device = newDevice();
    const other = newDevice();
    let mine = await pullAll(teacher1, device, null);
    let theirs = await pullAll(teacher2, other, null);
    await upload(pupil, jpegBytes(100, 100));
    mine = await pullAll(teacher1, device, mine.cursor);
    expect(photos(mine.changes).map((c) => [c.key, c.op])).toEqual([[pupil, 'put']]);
    await upload(pupil, pngBytes(), 'image/png');
    mine = await pullAll(teacher1, device, mine.cursor);
    expect((photos(mine.changes)[0].value as PhotoValue).contentType).toBe('image/png');

    const removed = await server.app.inject({ method: 'DELETE', url: `/api/admin/pupils/${pupil}/photo`, headers: { cookie: admin } });
    expect(removed.statusCode).toBe(200);
    mine = await pullAll(teacher1, device, mine.cursor);
    expect(photos(mine.changes)).toEqual([{ entity: 'photo', op: 'delete', key: pupil }]);
    theirs = await pullAll(teacher2, other, theirs.cursor);
    expect(photos(theirs.changes)).toEqual([]);
    // A fresh device never hears of it.
    expect(held((await pullAll(teacher1, newDevice(), null)).changes).map((c) => c.key)).not.toContain(pupil);
  });

  it("gives an office computer pulling one class that class's photos only, and the whole school's without groupId", async () => {
    const office = await signIn(server.app, 'office1');
    const one = await pullAll(office, newDevice(), null, 'g2');
    expect(held(one.changes).map((c) => c.key)).toEqual([pupilOf('g2')]);
    const all = await pullAll(office, newDevice(), null);
    expect(held(all.changes).map((c) => c.key).sort()).toEqual([pupilOf('g1'), pupilOf('g2')].sort());
  });

  it('keeps photos whole across pages: a small page size still delivers every photo once', async () => {
    for (let i = 2; i < 7; i++) await upload(pupilOf('g1', i), jpegBytes(50 + i, 50));
    const user = (await findSessionUser(server.db, hashToken(teacher1.split('=')[1]), server.clock.now()))!;
    const deviceId = newDevice();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 200; i++) {
      const page = await processPull(server.db, server.clock, user, { deviceId, cursor }, 20);
      seen.push(...held(page.changes).map((c) => c.key));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    const expected = [pupilOf('g1'), ...[2, 3, 4, 5, 6].map((i) => pupilOf('g1', i))].sort();
    expect(seen.sort()).toEqual(expected);
  });

  describe('dated memberships', () => {
    const setMemberships = async (pupilId: string, rows: Array<[group: string, from: string, until: string | null]>) => {
      await server.db.transaction(async (tx) => {
        const version = await nextVersion(tx, 'demo');
        await tx.query(`DELETE FROM group_memberships WHERE school_id = 'demo' AND pupil_id = $1`, [pupilId]);
        for (const [group, from, until] of rows) {
          await tx.query(
            `INSERT INTO group_memberships (school_id, pupil_id, group_id, start_date, end_date, version) VALUES ('demo', $1, $2, $3, $4, $5)`,
            [pupilId, group, from, until, version],
          );
        }
      });
    };
    const pupilValue = (changes: Change[], id: string) => changes.find((c) => c.entity === 'pupil' && c.key === id)?.value as PupilValue | undefined;

    it("sends each pupil's memberships of the user's groups with their dates (null: open)", async () => {
      const { changes } = await pullAll(teacher1, newDevice(), null);
      const value = pupilValue(changes, pupilOf('g1', 7))!;
      expect(value.memberships).toEqual([{ groupId: 'g1', from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), until: null }]);
    });

    it('sends a leaver with the last day, to a device that already pulled', async () => {
      const pupil = pupilOf('g1', 8);
      const device = newDevice();
      const before = await pullAll(teacher1, device, null);
      const from = pupilValue(before.changes, pupil)!.memberships![0].from;
      await setMemberships(pupil, [['g1', from, '2026-11-27']]);
      const after = await pullAll(teacher1, device, before.cursor);
      expect(pupilValue(after.changes, pupil)!.memberships).toEqual([{ groupId: 'g1', from, until: '2026-11-27' }]);
    });

    it("a pupil moved from g1 to g2 from a date: g1's teacher gets the g1 dates only, g2's the g2 dates only, office both", async () => {
      const pupil = pupilOf('g1', 9);
      await setMemberships(pupil, [
        ['g1', '2026-09-01', '2026-11-30'],
        ['g2', '2026-12-01', null],
      ]);
      const t1 = pupilValue((await pullAll(teacher1, newDevice(), null)).changes, pupil)!;
      expect(t1.memberships).toEqual([{ groupId: 'g1', from: '2026-09-01', until: '2026-11-30' }]);
      const t2 = pupilValue((await pullAll(teacher2, newDevice(), null)).changes, pupil)!;
      expect(t2.memberships).toEqual([{ groupId: 'g2', from: '2026-12-01', until: null }]);
      expect(t2.groupId).toBe('g2');
      const office = await signIn(server.app, 'office1');
      const all = pupilValue((await pullAll(office, newDevice(), null)).changes, pupil)!;
      expect(all.memberships).toEqual([
        { groupId: 'g1', from: '2026-09-01', until: '2026-11-30' },
        { groupId: 'g2', from: '2026-12-01', until: null },
      ]);
      expect(all.groupId).toBe('g2');
    });
  });
});
