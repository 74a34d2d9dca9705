/**
 * Every answer the server gives, whatever produced it (a route, an error, the not-found handler, a static
 * file), carries the same security headers: a strict Content-Security-Policy, `nosniff` and no referrer.
 * Every API answer is `Cache-Control: no-store`: most of them carry pupils' data, and one rule for the whole
 * of /api/ cannot miss a new route. The static files' caching is decided where they are served (app.ts).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * What the built PWA needs and nothing more: its own scripts, styles, images, manifest and service worker,
 * and requests to its own server. No inline script or style (the built index.html has none; React's style
 * prop goes through the CSSOM, which CSP allows), no eval, no plugins, and no framing by any other page.
 * `data:` images are not allowed either: the app has none. `blob:` images are: pupils' photos, kept on the
 * tablet for offline registers, are shown from blob URLs the app makes from its own stored bytes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export const API_CACHE_CONTROL = 'no-store';

/** Whether a request is for the API (whose answers are never stored), not for the app's files or screens. */
export const isApiUrl = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

export const securityHeadersPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (isApiUrl(request.url)) reply.header('cache-control', API_CACHE_CONTROL);
    return payload;
  });
});
