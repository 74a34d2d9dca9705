/**
 * Every error leaves the server as `{code, message}`. A caller's mistake (bad JSON, a body that fails its
 * schema, a missing session, a body too large or nested too deep, a parameter with a NUL) is a 4xx with a
 * message a person can act on; only our own faults are 5xx.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { ErrorCodes, isStorableText } from '../../protocol/index.js';
import { HttpError } from '../httpError.js';
import { isConflict } from '../db/database.js';

export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

export function installErrorHandling(app: FastifyInstance) {
  installParameterCheck(app);
  app.setErrorHandler((error: FastifyError | HttpError | ZodError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ ...error.details, code: error.code, message: error.message });
    }
    if (error instanceof ZodError) {
      return reply.status(400).send({ code: ErrorCodes.badRequest, message: `The request is not valid: ${describeZodError(error)}.` });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        code: ErrorCodes.payloadTooLarge,
        message: 'This request is too large for the server to read. The app sends changes in smaller batches: update it, and if this keeps happening, tell the office.',
      });
    }
    // JSON.parse copes with any depth, but walking a value nested thousands deep can overflow the stack:
    // that is the caller's input, not our fault.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return reply.status(400).send({ code: ErrorCodes.badRequest, message: 'The request is nested too deeply to read.' });
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fastifyError.statusCode === 400 && /JSON/i.test(fastifyError.message))) {
      return reply.status(400).send({ code: ErrorCodes.invalidJson, message: 'The request body is not valid JSON.' });
    }
    if (isConflict(error)) {
      // The transaction lost its race with others on every run the adapter gave it: the server is busy, not
      // broken, and nothing was kept, so the device sends the same changes again shortly.
      return reply.status(503).header('Retry-After', '1').send({ code: 'server_busy', message: 'The server is busy with other changes just now. Your changes are kept on the device and will be sent again shortly.' });
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ code: (fastifyError.code ?? ErrorCodes.badRequest).toLowerCase(), message: fastifyError.message });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({ code: 'internal_error', message: 'Something went wrong on the server. Your changes are kept on the device; try again shortly.' });
  });
}

/**
 * Every query parameter and path parameter must be text the database can store (no NUL, no half of a UTF-16
 * pair): otherwise the request is 400 before any route reads it, so no office read can hand one to a query.
 * Bodies are checked by their schemas (every string on the wire is a safeString), pushes mutation by mutation.
 */
export function installParameterCheck(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const source of [request.query, request.params]) {
      if (!source || typeof source !== 'object') continue;
      for (const [name, value] of Object.entries(source as Record<string, unknown>)) {
        const values = Array.isArray(value) ? value : [value];
        if (!isStorableText(name) || values.some((v) => typeof v === 'string' && !isStorableText(v))) {
          throw new HttpError(400, ErrorCodes.badRequest, `The parameter ${isStorableText(name) ? `"${name.slice(0, 40)}" ` : ''}contains a character that cannot be used (a NUL, or half of a UTF-16 pair).`);
        }
      }
    }
  });
}

/**
 * Unknown API paths get a JSON 404. When the built app is served, any other GET is one of the app's own
 * screens (its router lives in the page), so it gets the app's page.
 */
export function installNotFound(app: FastifyInstance, options: { servesApp: boolean }) {
  app.setNotFoundHandler((request, reply) => {
    if (options.servesApp && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({ code: ErrorCodes.notFound, message: `There is nothing at ${request.method} ${request.url.split('?')[0]}.` });
  });
}
