/** The two sync endpoints of the wire contract: every write is a pushed mutation, device reads are pulls. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes, MAX_PUSH_BYTES, pullRequestSchema, pushEnvelopeSchema, pushRequestSchema } from '../../protocol/index.js';
import { clearDeviceKey, lockOrRegisterDevice, setDeviceKeyHash } from '../repositories/deviceRepository.js';
import { DEVICE_KEY_DAYS } from '../sync/deviceKeyLimits.js';
import { formatDeviceKey, hashToken, newSessionToken } from '../plugins/auth.js';
import { HttpError } from '../httpError.js';
import { processPush } from '../sync/push.js';
import { processPull } from '../sync/pull.js';
import type { AppDeps } from '../app.js';

export function syncRoutes(app: FastifyInstance, deps: AppDeps) {
  // Each mutation is read on its own (receivedMutation.ts): only the device and the seqs refuse a whole push.
  app.post('/api/sync/push', { preHandler: app.requireUserOrDeviceKey, bodyLimit: MAX_PUSH_BYTES }, async (request) => {
    const body = pushEnvelopeSchema.parse(request.body);
    return processPush(deps.db, deps.clock, request.user!, body, request.log, request.deviceKeyLimits);
  });

  app.post('/api/sync/pull', { preHandler: app.requireUser }, async (request) => {
    const body = pullRequestSchema.parse(request.body);
    return processPull(deps.db, deps.clock, request.user!, body);
  });

  // Issues a fresh key for one of the signed-in person's devices (a new key replaces the old one), valid for
  // DEVICE_KEY_DAYS. Only teachers and TAs get one: a key exists to send register marks after a sign-out.
  app.post('/api/sync/device-key', { preHandler: app.requireUser }, async (request) => {
    const { deviceId } = z.object({ deviceId: pushRequestSchema.shape.deviceId }).parse(request.body);
    const user = request.user!;
    if (user.role !== 'teacher' && user.role !== 'ta') {
      await clearDeviceKey(deps.db, { schoolId: user.schoolId, staffId: user.staffId, deviceId });
      throw new HttpError(403, ErrorCodes.deviceKeyNotIssued, 'Office and admin accounts get no device key: changes waiting on this computer are sent the next time you sign in here.');
    }
    const secret = newSessionToken();
    const now = deps.clock.now();
    const expiresAt = now + DEVICE_KEY_DAYS * 86_400_000;
    await deps.db.transaction(async (tx) => {
      const device = await lockOrRegisterDevice(tx, { schoolId: user.schoolId, deviceId, staffId: user.staffId, now });
      if (!device) throw new HttpError(403, ErrorCodes.deviceOfAnotherUser, 'This device is registered to another person. Sign out and sign in again.');
      await setDeviceKeyHash(tx, { schoolId: user.schoolId, deviceId, keyHash: hashToken(secret), issuedAt: now, expiresAt });
    });
    return { deviceId, deviceKey: formatDeviceKey(deviceId, secret), expiresAt: new Date(expiresAt).toISOString() };
  });
}
