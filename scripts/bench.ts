/**
 * npm run bench: measures the budgets of DESIGN.md §7 and prints Markdown tables for BENCHMARKS.md. Figures
 * are medians and 95th percentiles over repeated runs on this machine; they are reported, never asserted by a
 * test.
 *
 * - scripts/bench/server.ts: one register push of 35 marks, and a tablet's full pull (PGlite, HTTP inject).
 * - scripts/bench/client.ts: the tablet in Chromium at 4× CPU slowdown on the built app and the real server:
 *   tap → painted, tap → saved, cold start offline, JavaScript on the teacher's path.
 *
 * `npm run bench -- server` or `npm run bench -- client` runs one of them.
 */
import { runServerBench } from './bench/server.js';
import { runClientBench } from './bench/client.js';

async function main() {
  const only = process.argv[2];
  if (only && only !== 'server' && only !== 'client') throw new Error(`unknown benchmark "${only}": use server or client`);
  if (!only || only === 'server') await runServerBench();
  if (!only) console.log('');
  if (!only || only === 'client') await runClientBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
