/**
 * Pupils' photos (issue 10; src/protocol/adminPhotos.ts).
 *
 * - PUT /api/admin/pupils/:id/photo, body the image's bytes, admin only: the bytes must be a JPEG, PNG or WebP
 *   by their own magic bytes (415 otherwise, whatever the Content-Type says) and at most PHOTO_MAX_BYTES (413).
 * - DELETE /api/admin/pupils/:id/photo, admin only: removes it and leaves a tombstone for tablets.
 * - GET /api/admin/photos, admin only: every pupil (id, name, UPN, group today) and whether they have a photo.
 * - GET /api/pupils/:id/photo: the image, to office and admin, and to a teacher or TA only for a pupil in
 *   the groups their tablet may hold (the pull's scope): anyone else gets 404, as if there were no photo.
 *
 * The routes live in a scope of their own so that their body parser (any content type read as raw bytes)
 * applies to them alone.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import {
  PHOTO_CONTENT_TYPES,
  PHOTO_MAX_BYTES,
  photoPupilParamsSchema,
  readImageInfo,
  type AdminPhotosResponse,
  type PhotoSaved,
} from '../../protocol/adminPhotos.js';
import { addDays, localDateOf } from '../../domain/time.js';
import { adminChange } from '../admin/adminChange.js';
import { HttpError } from '../httpError.js';
import { findPhoto, findPhotoMeta, findPupilName, listPhotoPupils, removePhoto, savePhoto } from '../repositories/photoRepository.js';
import { scopeGroupIds, scopePupilIds } from '../repositories/pullRepository.js';
import { CALENDAR_AHEAD_DAYS, HISTORY_DAYS } from '../sync/pull.js';
import type { SessionUser } from '../repositories/staffRepository.js';
import type { AppDeps } from '../app.js';

/** Bodies up to this are read, so a photo a little too big gets the message below rather than a generic one. */
const READ_LIMIT = 4 * PHOTO_MAX_BYTES;
const kB = (n: number) => `${Math.ceil(n / 1024)} kB`;
const TOO_LARGE = (size: number | null) =>
  `This photo is ${size === null ? 'too large' : kB(size)}: photos can be at most ${kB(PHOTO_MAX_BYTES)}. Upload it from the Photos screen, which shrinks photos before sending them.`;
const NOT_AN_IMAGE = 'This file is not a photo the register can show. Use a JPEG, PNG or WebP image.';

export function adminPhotoRoutes(app: FastifyInstance, deps: AppDeps) {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: READ_LIMIT }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ code: ErrorCodes.payloadTooLarge, message: TOO_LARGE(null) });
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_TYPE') {
        return reply.status(415).send({ code: ErrorCodes.unsupportedMediaType, message: NOT_AN_IMAGE });
      }
      throw error; // everything else is answered by the app's own handler
    });
    const adminOnly = { preHandler: scope.requireRole(['admin']) };

    scope.get('/api/admin/photos', adminOnly, async (request): Promise<AdminPhotosResponse> => {
      const user = request.user!;
      return { pupils: await listPhotoPupils(deps.db, user.schoolId, localDateOf(deps.clock.now(), user.timeZone)) };
    });

    scope.put('/api/admin/pupils/:id/photo', adminOnly, async (request): Promise<PhotoSaved> => {
      const { id } = photoPupilParamsSchema.parse(request.params);
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new HttpError(415, ErrorCodes.unsupportedMediaType, NOT_AN_IMAGE);
      if (body.length > PHOTO_MAX_BYTES) throw new HttpError(413, ErrorCodes.payloadTooLarge, TOO_LARGE(body.length), { maxBytes: PHOTO_MAX_BYTES });
      const info = readImageInfo(body);
      const declared = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!info || !(PHOTO_CONTENT_TYPES as readonly string[]).includes(declared)) throw new HttpError(415, ErrorCodes.unsupportedMediaType, NOT_AN_IMAGE);
      const user = request.user!;
      return adminChange(deps.db, user, deps.clock.now(), async (c) => {
        const name = await findPupilName(c.tx, user.schoolId, id);
        if (name === null) throw new HttpError(404, ErrorCodes.notFound, 'There is no such pupil in this school.');
        const before = await findPhotoMeta(c.tx, user.schoolId, id);
        await savePhoto(c.tx, { schoolId: user.schoolId, pupilId: id, ...info, bytes: body, uploadedBy: user.staffId, uploadedAt: c.now, version: c.version });
        // The audit holds what the photo is, never its bytes.
        const after = { contentType: info.contentType, byteSize: body.length, width: info.width, height: info.height };
        await c.audit({
          action: before ? 'replace' : 'create',
          entity: 'photo',
          key: id,
          summary: `${before ? 'Replaced' : 'Added'} the photo of ${name} (${kB(body.length)})`,
          before,
          after,
        });
        return { pupilId: id, ...after, version: c.version };
      });
    });

    scope.delete('/api/admin/pupils/:id/photo', adminOnly, async (request) => {
      const { id } = photoPupilParamsSchema.parse(request.params);
      const user = request.user!;
      return adminChange(deps.db, user, deps.clock.now(), async (c) => {
        const name = await findPupilName(c.tx, user.schoolId, id);
        if (name === null) throw new HttpError(404, ErrorCodes.notFound, 'There is no such pupil in this school.');
        const before = await findPhotoMeta(c.tx, user.schoolId, id);
        if (!before || !(await removePhoto(c.tx, user.schoolId, id, c.version))) {
          throw new HttpError(404, ErrorCodes.notFound, `${name} has no photo to remove.`);
        }
        await c.audit({ action: 'delete', entity: 'photo', key: id, summary: `Removed the photo of ${name}`, before, after: null });
        return { pupilId: id, removed: true, version: c.version };
      });
    });

    scope.get('/api/pupils/:id/photo', { preHandler: scope.requireUser }, async (request, reply) => {
      const { id } = photoPupilParamsSchema.parse(request.params);
      const user = request.user!;
      const photo = (await maySeePupil(user, id)) ? await findPhoto(deps.db, user.schoolId, id) : null;
      if (!photo) throw new HttpError(404, ErrorCodes.notFound, 'There is no photo of this pupil that you can see.');
      return reply.header('content-type', photo.contentType).header('cache-control', 'no-store').send(photo.bytes);
    });
  });

  /** Office and admin see the school; a teacher or TA the pupils their tablet may hold (as the pull decides). */
  async function maySeePupil(user: SessionUser, pupilId: string): Promise<boolean> {
    if (user.role === 'office' || user.role === 'admin') return true;
    const today = localDateOf(deps.clock.now(), user.timeZone);
    const window = { today, from: addDays(today, -HISTORY_DAYS), to: addDays(today, CALENDAR_AHEAD_DAYS) };
    const groupIds = await scopeGroupIds(deps.db, user, window);
    return (await scopePupilIds(deps.db, user.schoolId, groupIds, window)).includes(pupilId);
  }
}
