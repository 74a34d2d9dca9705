/**
 * Sign-in, sign-out and "who am I". A wrong username or password is 401 with the same message for both.
 * Repeated wrong passwords are throttled (auth/signInThrottle.ts): 429 with Retry-After, recorded in the
 * sign-in audit as throttled, the password not checked. The limits hold across server processes (WORKERS=n): an
 * attempt is decided and recorded as pending in one short transaction, its password checked outside it, and
 * its outcome recorded after. Sign-out may name the device signing out, so that
 * device's key can no longer send anything observed after that moment (sync/deviceKeyLimits.ts).
 *
 * Staff without a password yet (created by an admin or the staff import) cannot sign in with one: their
 * attempt is answered exactly as a wrong password is (so nobody learns which accounts have no password), with
 * words that point new staff to "First sign-in". POST /api/auth/first-sign-in sets the password with the
 * one-time code from the office and signs the person in; a wrong, used or expired code counts in the same
 * throttle as a wrong password, so codes cannot be guessed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ErrorCodes, loginRequestSchema, pushRequestSchema, type LoginResponse } from '../../protocol/index.js';
import { firstSignInRequestSchema, MIN_PASSWORD_LENGTH } from '../../protocol/setup.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../auth/passwords.js';
import { useFirstSignInCode } from '../auth/firstSignInCodes.js';
import { setStaffPassword } from '../repositories/setupRepository.js';
import { beginSignIn, finishSignIn, oneAtATimeQueue, waitMessage, type PendingSignIn } from '../auth/signInThrottle.js';
import { createAuthSession, deleteAuthSession, findSessionUser, findStaffByUsername, schoolSummary, type StaffMember } from '../repositories/staffRepository.js';
import { recordSignOutOnDevice } from '../repositories/deviceRepository.js';
import { hashToken, newSessionToken, SESSION_DAYS, sessionToken } from '../plugins/auth.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

/** Older apps send no body; a body that is not this is ignored, since signing out must always work. */
const logoutRequestSchema = z.object({ deviceId: pushRequestSchema.shape.deviceId });

export function authRoutes(app: FastifyInstance, deps: AppDeps) {
  // Shared by password and code sign-in, so one username's attempts of either kind are decided one at a time
  // in this process (why it is kept beside the database's lock: signInThrottle.ts, oneAtATimeQueue).
  const oneAtATime = oneAtATimeQueue();

  /**
   * The attempt, recorded as pending, when it may go ahead; null, with 429 sent, when this username or address
   * must wait (recorded as throttled). Not the reply: a FastifyReply is a thenable, so awaiting one would wait
   * for the answer and lose it.
   */
  async function begin(request: FastifyRequest, reply: FastifyReply, username: string, staff: StaffMember | null, now: number): Promise<PendingSignIn | null> {
    const start = await beginSignIn(deps.db, { username, ip: request.ip, now, schoolId: staff?.schoolId ?? null, staffId: staff?.id ?? null });
    if (!start.throttled) return start.attempt;
    reply
      .status(429)
      .header('retry-after', String(Math.ceil(start.verdict.retryAfterMs / 1000)))
      .send({ code: ErrorCodes.tooManySignIns, message: waitMessage(start.verdict) });
    return null;
  }

  /** Starts a session for `staff` and answers as login does. */
  async function signedIn(reply: FastifyReply, staff: StaffMember, now: number): Promise<LoginResponse> {
    const token = newSessionToken();
    await createAuthSession(deps.db, { tokenHash: hashToken(token), schoolId: staff.schoolId, staffId: staff.id, createdAt: now, expiresAt: now + SESSION_DAYS * 86_400_000 });
    app.startSession(reply, token);
    const school = await schoolSummary(deps.db, staff.schoolId);
    return {
      user: { id: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role, schoolId: staff.schoolId, schoolName: school.name, timeZone: school.timeZone },
      serverTime: new Date(now).toISOString(),
    };
  }

  app.post('/api/auth/login', async (request, reply) => {
    const { username, password } = loginRequestSchema.parse(request.body);
    return oneAtATime(username.toLowerCase(), async (): Promise<LoginResponse | typeof reply> => {
      const now = deps.clock.now();
      const staff = await findStaffByUsername(deps.db, username);
      const attempt = await begin(request, reply, username, staff, now);
      if (!attempt) return reply;
      // No password yet (staff_id known, password_hash NULL): checked against the decoy like an unknown username,
      // so the answer and its timing are those of a wrong password.
      const storedHash: string | null = staff?.passwordHash ?? null;
      const ok = (await verifyPassword(password, storedHash ?? (await decoyPasswordHash()))) && storedHash != null;
      await finishSignIn(deps.db, attempt, ok && !!staff?.active);
      if (!staff || !ok || !staff.active) {
        throw new HttpError(401, ErrorCodes.badCredentials, 'That username and password do not match. Check them and try again. New staff without a password yet: use "First sign-in" with the code from the office.');
      }
      return signedIn(reply, staff, now);
    });
  });

  app.post('/api/auth/first-sign-in', async (request, reply) => {
    const { username, code, newPassword } = firstSignInRequestSchema.parse(request.body);
    // Before the code is looked at: a short password spends nothing and counts as no attempt.
    if (newPassword.length < MIN_PASSWORD_LENGTH) {
      throw new HttpError(400, ErrorCodes.passwordTooShort, `The new password must be at least ${MIN_PASSWORD_LENGTH} characters long. A few ordinary words together make a good one.`);
    }
    return oneAtATime(username.toLowerCase(), async (): Promise<LoginResponse | typeof reply> => {
      const now = deps.clock.now();
      const staff = await findStaffByUsername(deps.db, username);
      const attempt = await begin(request, reply, username, staff, now);
      if (!attempt) return reply;
      // Hashed whatever happens next, so a wrong username or code takes as long as a right one.
      const passwordHash = await hashPassword(newPassword);
      const ok =
        !!staff?.active &&
        (await deps.db.transaction(async (tx) => {
          // The code is spent only together with the new password: both or neither.
          if (!(await useFirstSignInCode(tx, { schoolId: staff.schoolId, staffId: staff.id, code, now }))) return false;
          await setStaffPassword(tx, { schoolId: staff.schoolId, staffId: staff.id, passwordHash });
          return true;
        }));
      await finishSignIn(deps.db, attempt, ok);
      if (!staff || !ok) {
        throw new HttpError(401, ErrorCodes.firstSignInCodeInvalid, 'That username and code do not match, or the code has been used or is more than 14 days old. Check them, or ask the office for a new code.');
      }
      return signedIn(reply, staff, now);
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
