/**
 * npm run bench: measures the budgets of DESIGN.md §7 and prints Markdown tables for BENCHMARKS.md. Figures
 * are medians and 95th percentiles over repeated runs on this machine; they are reported, never asserted by a
 * test.
 *
 * - scripts/bench/server.ts: one register push of 35 marks, and a tablet's full pull (PGlite, HTTP inject).
 * - scripts/bench/client.ts: the tablet in Chromium at 4× CPU slowdown on the built app and the real server:
 *   tap → painted, tap → saved, cold start offline, JavaScript on the teacher's path.
 *
 * - scripts/bench/import.ts: the pupil import of 2,000 pupils from a CSV file beside a bare insert (PGlite, and
 *   PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set).
 *
 * `npm run bench -- server`, `npm run bench -- client` or `npm run bench -- import` runs one of them.
 */
import { runServerBench } from './bench/server.js';
import { runClientBench } from './bench/client.js';
import { runImportBench } from './bench/import.js';

async function main() {
  const only = process.argv[2];
  if (only && only !== 'server' && only !== 'client' && only !== 'import') throw new Error(`unknown benchmark "${only}": use server, client or import`);
  if (only === 'import') {
    await runImportBench();
    return;
  }
  if (!only || only === 'server') await runServerBench();
  if (!only) console.log('');
  if (!only || only === 'client') await runClientBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
