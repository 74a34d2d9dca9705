/**
 * First run (issue 10): the one-time setup address and POST /api/setup.
 *
 * - GET /setup serves the app's page (never cached, since the address carries a one-time token); the app shows
 *   its setup form there.
 * - POST /api/setup creates the school and its first admin in one transaction that also spends the token, then
 *   signs the admin in exactly as POST /api/auth/login does. A wrong, unknown or used token is 403
 *   `setup_token_invalid`; a password shorter than 10 characters is 400 `password_too_short` and leaves the
 *   token usable; a username used anywhere in the database is 409 `username_taken` (the token still works).
 * - A token a trust admin made with "Add a school" (POST /api/trust/schools) names the school it was made for:
 *   setup then gives that school its first admin (and the admin's name, URN and time zone) instead of creating
 *   one. A URN another school has is 409 `urn_taken` (the token still works).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ErrorCodes } from '../../protocol/index.js';
import { MIN_PASSWORD_LENGTH, setupRequestSchema, type SetupResponse } from '../../protocol/setup.js';
import { hashPassword } from '../auth/passwords.js';
import { hashSetupToken } from '../auth/setupToken.js';
import { completeTrustSchool, createSchoolWithAdmin, schoolWithUrn, spendSetupToken, usernameInUse } from '../repositories/setupRepository.js';
import { createAuthSession, recordSignIn } from '../repositories/staffRepository.js';
import { hashToken, newSessionToken, SESSION_DAYS } from '../plugins/auth.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

const UNIQUE_VIOLATION = '23505';

export function passwordTooShort(): HttpError {
  return new HttpError(400, ErrorCodes.passwordTooShort, `The password must be at least ${MIN_PASSWORD_LENGTH} characters long. A few ordinary words together make a good one.`);
}

export function urnTaken(urn: string, schoolName: string): HttpError {
  return new HttpError(409, ErrorCodes.urnTaken, `The URN ${urn} is already ${schoolName}'s. Check the URN on Get Information about Schools.`);
}

function usernameTaken(username: string): HttpError {
  return new HttpError(409, ErrorCodes.usernameTaken, `The username "${username}" is already in use. Choose another one.`);
}

export function setupRoutes(app: FastifyInstance, deps: AppDeps) {
  const indexHtml = deps.staticDir ? path.join(deps.staticDir, 'index.html') : null;
  app.get('/setup', async (_request, reply) => {
    // The address holds a one-time token: no copy of this answer may be kept anywhere.
    reply.header('cache-control', 'no-store');
    if (!indexHtml || !existsSync(indexHtml)) {
      // A server started without the built app (npm run build): say so rather than "nothing here".
      return reply.status(404).send({ code: ErrorCodes.notFound, message: 'The setup page is part of the app, which has not been built on this server. Run "npm run build" (or start with "npm start"), then open the setup address again: it still works.' });
    }
    return reply.type('text/html; charset=utf-8').send(await readFile(indexHtml));
  });

  app.post('/api/setup', async (request, reply) => {
    const body = setupRequestSchema.parse(request.body);
    if (body.admin.password.length < MIN_PASSWORD_LENGTH) throw passwordTooShort();
    const now = deps.clock.now();
    const passwordHash = await hashPassword(body.admin.password);
    let created: { schoolId: string; staffId: string } | null;
    try {
      created = await deps.db.transaction(async (tx) => {
        const tokenHash = hashSetupToken(body.token);
        const spent = await spendSetupToken(tx, tokenHash, now);
        if (!spent) return null;
        // After the token, so only its holder learns which usernames exist; throwing rolls the token back.
        if (await usernameInUse(tx, body.admin.username)) throw usernameTaken(body.admin.username);
        const holder = body.school.urn ? await schoolWithUrn(tx, body.school.urn, spent.schoolId) : null;
        if (holder) throw urnTaken(body.school.urn!, holder.name);
        const school = { name: body.school.name, urn: body.school.urn, timeZone: body.school.timeZone };
        const admin = { username: body.admin.username, displayName: body.admin.displayName, passwordHash };
        if (spent.schoolId) return completeTrustSchool(tx, spent.schoolId, { school, admin, now });
        return createSchoolWithAdmin(tx, { tokenHash, school, admin, now });
      });
    } catch (error) {
      // Two setups choosing the same username (or URN) at once: the unique index decides, the loser is told plainly.
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
        if (String((error as { message?: unknown }).message).includes('schools_urn')) throw urnTaken(body.school.urn ?? '', 'another school');
        throw usernameTaken(body.admin.username);
      }
      throw error;
    }
    if (!created) {
      throw new HttpError(403, ErrorCodes.setupTokenInvalid, 'This setup address is not valid: it may have been used already, or the server has printed a newer one since. Use the address the server printed most recently, in full.');
    }
    await recordSignIn(deps.db, { schoolId: created.schoolId, username: body.admin.username, staffId: created.staffId, succeeded: true, at: now, ip: request.ip });
    const token = newSessionToken();
    await createAuthSession(deps.db, { tokenHash: hashToken(token), schoolId: created.schoolId, staffId: created.staffId, createdAt: now, expiresAt: now + SESSION_DAYS * 86_400_000 });
    app.startSession(reply, token);
    const answer: SetupResponse = {
      schoolId: created.schoolId,
      user: {
        id: created.staffId,
        username: body.admin.username,
        displayName: body.admin.displayName,
        role: 'admin',
        schoolId: created.schoolId,
        schoolName: body.school.name,
        timeZone: body.school.timeZone,
      },
      serverTime: new Date(now).toISOString(),
    };
    return reply.status(201).send(answer);
  });
}
