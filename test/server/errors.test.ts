/**
 * The error handler on its own: a transaction that lost its race on every run is "busy, send again" (503 with
 * Retry-After), never a 500; any other fault of ours is still a 500 that says the changes are kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandling } from '../../src/server/plugins/errors.js';

describe('errors', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    installErrorHandling(app);
    const pgError = (code: string) => Object.assign(new Error('could not serialize access due to concurrent update'), { code });
    app.get('/serialization', async () => { throw pgError('40001'); });
    app.get('/deadlock', async () => { throw pgError('40P01'); });
    app.get('/bug', async () => { throw new TypeError('x is undefined'); });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(['/serialization', '/deadlock'])('answers a transaction that kept losing its race (%s) 503 server_busy with Retry-After', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.json()).toMatchObject({ code: 'server_busy', message: expect.stringContaining('kept on the device') });
  });

  it('still answers a fault of our own 500 internal_error', async () => {
    const res = await app.inject({ method: 'GET', url: '/bug' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('internal_error');
  });
});
