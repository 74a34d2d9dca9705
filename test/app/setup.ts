import 'fake-indexeddb/auto';
import { serialize, deserialize } from 'node:v8';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// fake-indexeddb needs structuredClone; some jsdom setups hide Node's.
if (typeof globalThis.structuredClone !== 'function') {
  globalThis.structuredClone = ((value: unknown) => deserialize(serialize(value))) as typeof structuredClone;
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});
