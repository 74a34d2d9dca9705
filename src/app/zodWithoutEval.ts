/**
 * The server's Content-Security-Policy forbids eval, so zod must not try it. Without this, the first zod
 * object schema built in the browser (the protocol's, on the setup page and the admin screens) probes
 * `new Function("")`: the probe is caught, but Chromium still reports it as a CSP violation. Imported first
 * by main.tsx, before any schema exists; jitless parsing is just as correct, only without compiled fast paths.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
