import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// One config, five projects: each tier runs in the environment it needs.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['test/domain/**/*.test.ts'], environment: 'node' } },
      // 'build': the build and start-up scripts, and the layering read from src/'s imports.
      { test: { name: 'build', include: ['test/scripts/**/*.test.ts', 'test/architecture/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'app',
          include: ['test/app/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/app/setup.ts'],
          // The admin's forms are typed into key by key; on a busy 2-core machine a long form takes more than
          // the default 5 s. A safety net against hangs, not a speed check (speed is `npm run bench`).
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/e2e/support/setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
