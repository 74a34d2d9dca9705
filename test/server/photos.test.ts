import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { AdminPhotosResponse } from '../../src/protocol/adminPhotos.js';
import { ENGINES, signIn, startTestServer, type TestServer } from '../support/serverHarness.js';
import { jpegBytes, pngBytes, webpBytes } from './photosFixtures.js';

describe.each(ENGINES)('pupils’ photos: admin upload and who may see them (%s)', (engine) => {
  let server: TestServer;
  let admin: string;
  let g1Pupil: string;
  let g2Pupil: string;

  const put = (cookie: string | null, pupilId: string, body: Buffer, contentType = 'image/jpeg'): Promise<LightMyRequestResponse> =>
    server.app.inject({ method: 'PUT', url: `/api/admin/pupils/${pupilId}/photo`, payload: body, headers: { 'content-type': contentType, ...(cookie ? { cookie } : {}) } });
  const del = (cookie: string | null, pupilId: string) =>
    server.app.inject({ method: 'DELETE', url: `/api/admin/pupils/${pupilId}/photo`, headers: cookie ? { cookie } : {} });
  const get = (cookie: string | null, url: string) => server.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

  beforeAll(async () => {
    server = await startTestServer(engine);
    admin = await signIn(server.app, 'admin1');
    g1Pupil = server.demo.pupils.find((p) => p.groupId === 'g1')!.id;
    g2Pupil = server.demo.pupils.find((p) => p.groupId === 'g2')!.id;
  });
  afterAll(() => server.close());

  it('stores a JPEG and gives back the same bytes, with no-store, on this engine', async () => {
    const photo = jpegBytes(240, 180, 5000);
    const res = await put(admin, g1Pupil, photo);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ pupilId: g1Pupil, contentType: 'image/jpeg', byteSize: 5000, width: 240, height: 180 });
    const back = await get(admin, `/api/pupils/${g1Pupil}/photo`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/jpeg');
    expect(back.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(back.rawPayload, photo)).toBe(0);
  });

  it('replaces a photo (PNG, then WebP), each change a new sync version, audited without the bytes', async () => {
    const first = (await put(admin, g2Pupil, pngBytes(), 'image/png')).json();
    const second = await put(admin, g2Pupil, webpBytes(240, 160), 'image/webp');
    expect(second.statusCode).toBe(200);
    expect(second.json().version).toBeGreaterThan(first.version);
    expect(second.json()).toMatchObject({ contentType: 'image/webp', width: 240, height: 160 });
    const back = await get(admin, `/api/pupils/${g2Pupil}/photo`);
    expect(back.headers['content-type']).toBe('image/webp');
    expect(Buffer.compare(back.rawPayload, webpBytes(240, 160))).toBe(0);
    const { rows } = await server.db.query<{ action: string; summary: string; before: unknown; after: unknown }>(
      `SELECT action, summary, before, after FROM admin_audit WHERE entity = 'photo' AND entity_key = $1 ORDER BY at, action`,
      [g2Pupil],
    );
    expect(rows.map((r) => r.action).sort()).toEqual(['create', 'replace']);
    const replace = rows.find((r) => r.action === 'replace')!;
    expect(replace.summary).toMatch(/^Replaced the photo of .+ \(1 kB\)$/);
    expect(replace.before).toMatchObject({ contentType: 'image/png', byteSize: 64 });
    expect(replace.after).toEqual({ contentType: 'image/webp', byteSize: 48, width: 240, height: 160 });
    expect(JSON.stringify(rows)).not.toMatch(/data|bytes/);
  });

  it('lists every pupil with id, name, UPN, group and whether they have a photo', async () => {
    const res = await get(admin, '/api/admin/photos');
    expect(res.statusCode).toBe(200);
    const { pupils } = res.json<AdminPhotosResponse>();
    expect(pupils).toHaveLength(server.demo.pupils.length);
    const one = pupils.find((p) => p.pupilId === g1Pupil)!;
    expect(one).toMatchObject({ hasPhoto: true, byteSize: 5000 });
    expect(one.name).toMatch(/\S+ \S+/);
    expect(Object.keys(one).sort()).toEqual(['byteSize', 'groupName', 'hasPhoto', 'name', 'pupilId', 'uploadedAt', 'upn']);
    expect(one.uploadedAt).toBe('2026-11-24T09:05:00.000Z');
    expect(pupils.filter((p) => p.hasPhoto).map((p) => p.pupilId).sort()).toEqual([g1Pupil, g2Pupil].sort());
  });

  it('removes a photo (then 404), and says so when there is none to remove', async () => {
    const pupil = server.demo.pupils.find((p) => p.groupId === 'g3')!.id;
    expect((await put(admin, pupil, jpegBytes())).statusCode).toBe(200);
    const res = await del(admin, pupil);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ pupilId: pupil, removed: true });
    expect((await get(admin, `/api/pupils/${pupil}/photo`)).statusCode).toBe(404);
    const { rows } = await server.db.query(`SELECT version FROM tombstones WHERE entity = 'photo' AND key = $1`, [pupil]);
    expect(rows).toEqual([{ version: res.json().version }]);
    const again = await del(admin, pupil);
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toMatch(/has no photo to remove/);
    // A new photo supersedes the tombstone.
    expect((await put(admin, pupil, jpegBytes())).statusCode).toBe(200);
    expect((await server.db.query(`SELECT 1 FROM tombstones WHERE entity = 'photo' AND key = $1`, [pupil])).rows).toEqual([]);
  });

  it.each([
    ['text called a JPEG', Buffer.from('hello, this is not a photo'), 'image/jpeg'],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml'],
    ['a JPEG sent as text', jpegBytes(), 'text/plain'],
    ['a JPEG sent as JSON', jpegBytes(), 'application/json'],
    ['a JPEG with no frame header', Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0, 0, 0, 0, 0, 0, 0]), 'image/jpeg'],
    ['a PNG signature alone', pngBytes().subarray(0, 12), 'image/png'],
    ['an empty body', Buffer.alloc(0), 'image/jpeg'],
  ])('refuses %s with 415 unsupported_media_type', async (_name, body, type) => {
    const res = await put(admin, g1Pupil, body, type);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/JPEG, PNG or WebP/) });
  });

  it.each([
    ['just over 64 kB', 64 * 1024 + 1],
    ['far over the limit', 2 * 1024 * 1024],
  ])('refuses a photo %s with 413, saying the screen shrinks photos', async (_name, size) => {
    const res = await put(admin, g1Pupil, jpegBytes(3000, 2000, size));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/at most 64 kB.*Photos screen, which shrinks photos/) });
  });

  it('answers 404 for a pupil the school does not have, and 400 for a hostile id', async () => {
    expect((await put(admin, 'no-such-pupil', jpegBytes())).statusCode).toBe(404);
    expect((await del(admin, 'no-such-pupil')).statusCode).toBe(404);
    expect((await put(admin, 'x'.repeat(65), jpegBytes())).statusCode).toBe(400);
    expect((await get(admin, `/api/pupils/${encodeURIComponent('a\u0000b')}/photo`)).statusCode).toBe(400);
  });

  describe('roles', () => {
    it('refuses every admin route without a session (401)', async () => {
      expect((await put(null, g1Pupil, jpegBytes())).statusCode).toBe(401);
      expect((await del(null, g1Pupil)).statusCode).toBe(401);
      expect((await get(null, '/api/admin/photos')).statusCode).toBe(401);
      expect((await get(null, `/api/pupils/${g1Pupil}/photo`)).statusCode).toBe(401);
    });

    it.each(['teacher1', 'ta1', 'office1'])('refuses the admin routes to %s (403) and changes nothing', async (username) => {
      const cookie = await signIn(server.app, username);
      const upload = await put(cookie, g1Pupil, pngBytes(), 'image/png');
      expect(upload.statusCode).toBe(403);
      expect((await del(cookie, g1Pupil)).statusCode).toBe(403);
      expect((await get(cookie, '/api/admin/photos')).statusCode).toBe(403);
      expect((await get(admin, `/api/pupils/${g1Pupil}/photo`)).headers['content-type']).toBe('image/jpeg');
    });

    it('gives the photo to office, to the class teacher and to a TA covering the class, and to nobody else', async () => {
      const office = await signIn(server.app, 'office1');
      const teacher1 = await signIn(server.app, 'teacher1');
      const teacher2 = await signIn(server.app, 'teacher2');
      const ta = await signIn(server.app, 'ta1');
      expect((await get(office, `/api/pupils/${g1Pupil}/photo`)).statusCode).toBe(200);
      expect((await get(teacher1, `/api/pupils/${g1Pupil}/photo`)).statusCode).toBe(200);
      expect((await get(teacher2, `/api/pupils/${g2Pupil}/photo`)).statusCode).toBe(200);
      expect((await get(ta, `/api/pupils/${g2Pupil}/photo`)).statusCode).toBe(200);
      // Outside their groups: as if there were no photo, so the answer says nothing about the pupil.
      const refused = await get(teacher2, `/api/pupils/${g1Pupil}/photo`);
      expect(refused.statusCode).toBe(404);
      expect(refused.rawPayload.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
      expect((await get(ta, `/api/pupils/${g1Pupil}/photo`)).statusCode).toBe(404);
    });
  });
});
