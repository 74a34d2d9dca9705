/** Sign-in, sign-out and "who am I". A wrong username or password is 401 with the same message for both. */
import type { FastifyInstance } from 'fastify';
import { ErrorCodes, loginRequestSchema, type LoginResponse } from '../../protocol/index.js';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.js';
import { createAuthSession, deleteAuthSession, findStaffByUsername, recordSignIn, schoolSummary } from '../repositories/staffRepository.js';
import { hashToken, newSessionToken, SESSION_DAYS, sessionToken } from '../plugins/auth.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

export function authRoutes(app: FastifyInstance, deps: AppDeps) {
  app.post('/api/auth/login', async (request, reply): Promise<LoginResponse> => {
    const { username, password } = loginRequestSchema.parse(request.body);
    const staff = await findStaffByUsername(deps.db, username);
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await decoyPasswordHash()));
    const now = deps.clock.now();
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

  app.post('/api/auth/logout', async (request, reply) => {
    const token = sessionToken(request);
    if (token) await deleteAuthSession(deps.db, hashToken(token));
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
