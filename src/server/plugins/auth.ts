/**
 * Sessions: a random token in an HttpOnly, SameSite=Lax cookie; the server keeps only its SHA-256 hash.
 * `requireUser` and `requireRole` are preHandlers: without a live session the answer is 401, with the
 * wrong role 403. The server authenticates every request it answers with data.
 *
 * A trust admin (role 'trust', issue 12) belongs to no school's register: `requireUser` (and so `requireRole`)
 * refuses them with 403 on every route but those in TRUST_ADMIN_ROUTES (a device key is only ever a teacher's
 * or a TA's), so a school route added later refuses them without anyone remembering to. The trust's own
 * routes use `requireTrustAdmin`, which admits nobody else.
 */
import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import cookie from '@fastify/cookie';
import type { Role } from '../../protocol/index.js';
import { ErrorCodes, TRUST_ROLE } from '../../protocol/index.js';
import { findSessionUser, type SessionUser } from '../repositories/staffRepository.js';
import { findDeviceOwnerByKey } from '../repositories/deviceRepository.js';
import type { DeviceKeyLimits } from '../sync/deviceKeyLimits.js';
import { HttpError } from '../httpError.js';
import type { AppDeps } from '../app.js';

export const SESSION_COOKIE = 'register_session';
/** Long, because a tablet may be offline for days and must still be able to send its marks. */
export const SESSION_DAYS = 30;

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    /** Set when the request came with a device key instead of a session: what that key may still send. */
    deviceKeyLimits: DeviceKeyLimits | null;
  }
  interface FastifyInstance {
    requireUser: preHandlerAsyncHookHandler;
    /** A session, or an `x-device-key` for the device named in the body (pushes from shared tablets). */
    requireUserOrDeviceKey: preHandlerAsyncHookHandler;
    requireRole(roles: Role[]): preHandlerAsyncHookHandler;
    /** A session of a trust admin (role 'trust'); anyone else is 403. */
    requireTrustAdmin: preHandlerAsyncHookHandler;
    startSession(reply: FastifyReply, token: string): void;
    endSession(reply: FastifyReply): void;
  }
}

export const newSessionToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The routes behind `requireUser` a trust admin may use: who they are. Their own routes use requireTrustAdmin. */
export const TRUST_ADMIN_ROUTES: ReadonlySet<string> = new Set(['/api/auth/me']);

function notForTrustAdmin(): HttpError {
  return new HttpError(403, ErrorCodes.forbidden, "A trust admin's account does not open a school's register or records. Sign in with an account of the school.");
}

export function sessionToken(request: FastifyRequest): string | null {
  return request.cookies[SESSION_COOKIE] ?? null;
}

export const authPlugin = fp(async (app: FastifyInstance, deps: AppDeps) => {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('deviceKeyLimits', null);

  const requireSession = async (request: FastifyRequest): Promise<SessionUser> => {
    const token = sessionToken(request);
    const user = token ? await findSessionUser(deps.db, hashToken(token), deps.clock.now()) : null;
    if (!user) throw new HttpError(401, ErrorCodes.unauthenticated, 'You are not signed in, or your session has ended. Sign in again.');
    request.user = user;
    return user;
  };
  const requireUser: preHandlerAsyncHookHandler = async (request) => {
    const user = await requireSession(request);
    if (user.role === TRUST_ROLE && !TRUST_ADMIN_ROUTES.has(request.routeOptions.url ?? '')) throw notForTrustAdmin();
  };
  app.decorate('requireUser', requireUser);
  app.decorate('requireTrustAdmin', (async (request: FastifyRequest) => {
    const user = await requireSession(request);
    if (user.role !== TRUST_ROLE) throw new HttpError(403, ErrorCodes.forbidden, "This is for the trust's admin only.");
  }) as preHandlerAsyncHookHandler);
  app.decorate('requireUserOrDeviceKey', async function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers['x-device-key'];
    if (typeof header !== 'string') return requireUser.call(this, request, reply);
    const key = parseDeviceKey(header);
    const bodyDeviceId = (request.body as { deviceId?: unknown } | undefined)?.deviceId;
    const owner = key ? await findDeviceOwnerByKey(deps.db, key.deviceId, hashToken(key.secret), deps.clock.now()) : null;
    if (!key || !owner) throw new HttpError(401, ErrorCodes.unauthenticated, 'This device key is not valid any more. The person who made these changes needs to sign in again on this tablet.');
    if (bodyDeviceId !== key.deviceId) throw new HttpError(403, ErrorCodes.forbidden, 'A device key can only send the changes of its own device.');
    const { signedOutAt, keyExpiresAt, ...user } = owner;
    request.user = user;
    request.deviceKeyLimits = { signedOutAt, keyExpiresAt };
  } as preHandlerAsyncHookHandler);
  app.decorate('requireRole', (roles: Role[]) => {
    const handler: preHandlerAsyncHookHandler = async function (request, reply) {
      await requireUser.call(this, request, reply);
      if (!(roles as string[]).includes(request.user!.role)) {
        throw new HttpError(403, ErrorCodes.forbidden, 'Your account does not have access to this.');
      }
    };
    return handler;
  });
  app.decorate('startSession', (reply: FastifyReply, token: string) => {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      maxAge: SESSION_DAYS * 24 * 60 * 60,
    });
  });
  app.decorate('endSession', (reply: FastifyReply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  });
});

/** A device key is `<deviceId>.<secret>`; the server stores only the secret's hash. */
export function formatDeviceKey(deviceId: string, secret: string): string {
  return `${deviceId}.${secret}`;
}

export function parseDeviceKey(key: string): { deviceId: string; secret: string } | null {
  const dot = key.lastIndexOf('.');
  if (dot < 8 || dot === key.length - 1 || key.length > 200) return null;
  return { deviceId: key.slice(0, dot), secret: key.slice(dot + 1) };
}
