/**
 * Sign-in, sign-out and "who am I". A wrong username or password is 401 with the same message for both.
 * Repeated wrong passwords are throttled (auth/signInThrottle.ts): 429 with Retry-After, recorded in the
 * sign-in audit as throttled, the password not checked. Sign-out may name the device signing out, so that
 * device's key can no longer send anything observed after that moment (sync/deviceKeyLimits.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCodes, loginRequestSchema, pushRequestSchema, type LoginResponse } from '../../protocol/index.js';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.js';
import { oneAtATimeQueue, signInVerdict, waitMessage } from '../auth/signInThrottle.js';
import { createAuthSession, deleteAuthSession, findSessionUser, findStaffByUsername, recordSignIn, schoolSummary } from '../repositories/staffRepository.js';
import { recordSignOutOnDevice } from '../repositories/deviceRepository.js';
import { hashToken, newSessionToken, SESSION_DAYS, sessionToken } from '../plugins/auth.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

/** Older apps send no body; a body that is not this is ignored, since signing out must always work. */
const logoutRequestSchema = z.object({ deviceId: pushRequestSchema.shape.deviceId });

export function authRoutes(app: FastifyInstance, deps: AppDeps) {
  const oneAtATime = oneAtATimeQueue();

  app.post('/api/auth/login', async (request, reply) => {
    const { username, password } = loginRequestSchema.parse(request.body);
    return oneAtATime(username.toLowerCase(), async (): Promise<LoginResponse | typeof reply> => {
      const now = deps.clock.now();
      const verdict = await signInVerdict(deps.db, { username, ip: request.ip, now });
      if (verdict.throttled) {
        // Attributed to the account when there is one, so the school's own audit shows the guesses at it.
        const target = await findStaffByUsername(deps.db, username);
        await recordSignIn(deps.db, { schoolId: target?.schoolId ?? null, username, staffId: target?.id ?? null, succeeded: false, throttled: true, at: now, ip: request.ip });
        return reply
          .status(429)
          .header('retry-after', String(Math.ceil(verdict.retryAfterMs / 1000)))
          .send({ code: ErrorCodes.tooManySignIns, message: waitMessage(verdict) });
      }
      const staff = await findStaffByUsername(deps.db, username);
      const ok = await verifyPassword(password, staff?.passwordHash ?? (await decoyPasswordHash()));
      await recordSignIn(deps.db, { schoolId: staff?.schoolId ?? null, username, staffId: staff?.id ?? null, succeeded: ok && !!staff?.active, at: now, ip: request.ip });
      if (!staff || !ok || !staff.active) {
        throw new HttpError(401, ErrorCodes.badCredentials, 'That username and password do not match. Check them and try again.');
      }
      const token = newSessionToken();
      await createAuthSession(deps.db, { tokenHash: hashToken(token), schoolId: staff.schoolId, staffId: staff.id, createdAt: now, expiresAt: now + SESSION_DAYS * 86_400_000 });
      app.startSession(reply, token);
      const school = await schoolSummary(deps.db, staff.schoolId);
      return {
        user: { id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, schoolId: staff.schoolId, schoolName: school.name, timeZone: school.timeZone },
        serverTime: new Date(now).toISOString(),
      };
    });
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) {
      const named = logoutRequestSchema.safeParse(request.body);
      const now = deps.clock.now();
      const user = named.success ? await findSessionUser(deps.db, hashToken(token), now) : null;
      if (user && named.success) await recordSignOutOnDevice(deps.db, { schoolId: user.schoolId, staffId: user.staffId, deviceId: named.data.deviceId, now });
      await deleteAuthSession(deps.db, hashToken(token));
    }
    app.endSession(reply);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { preHandler: app.requireUser }, async (request): Promise<LoginResponse> => {
    const u = request.user!;
    return {
      user: { id: u.staffId, username: u.username, displayName: u.displayName, role: u.role, schoolId: u.schoolId, schoolName: u.schoolName, timeZone: u.timeZone },
      serverTime: new Date(deps.clock.now()).toISOString(),
    };
  });
}
