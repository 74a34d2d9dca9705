/** Set up for every end-to-end test file: a test after which the browser saw a CSP violation fails. */
import { afterEach } from 'vitest';
import { takeCspViolations } from './cspWatch.js';

afterEach(() => {
  const violations = takeCspViolations();
  if (violations.length) throw new Error(`The browser blocked something under the server's Content-Security-Policy:\n${violations.join('\n')}`);
});
