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
 * - scripts/bench/figures.ts: the office's attendance figures and alerts over a generated secondary school's
 *   whole year of registers (1,500 pupils, about 570,000 cells) beside a bare count of the same cells (PGlite,
 *   and PostgreSQL when DATABASE_URL or TEST_DATABASE_URL is set).
 *
 * - scripts/bench/load.ts: a trust's morning (20 schools × 1,000 pupils, a tablet a class, office screens
 *   polling) through the real server over HTTP: marks a second, push latency (and at half that rate), errors,
 *   lost and duplicated marks, beside a bare INSERT of as many rows (PGlite, and PostgreSQL with WORKERS=2
 *   when DATABASE_URL or TEST_DATABASE_URL is set). Not part of a plain `npm run bench`: run it alone; sizes
 *   from LOAD_SCHOOLS, LOAD_PUPILS and the rest (see its header). Writes bench-results/load.json.
 *
 * - scripts/bench/chaos.ts: the sync chaos test at a bigger size (CHAOS_DEVICES, CHAOS_STEPS, CHAOS_KILLS);
 *   writes bench-results/chaos.json.
 * `npm run bench -- server`, `client`, `import`, `figures`, `load` or `chaos` runs one of them.
 */
import { runServerBench } from './bench/server.js';
import { runClientBench } from './bench/client.js';
import { runImportBench } from './bench/import.js';
import { runFiguresBench } from './bench/figures.js';
import { runLoadBench } from './bench/load.js';
import { runChaosBench } from './bench/chaos.js';

/** Each benchmark by the name `npm run bench -- <name>` runs alone; a plain `npm run bench` runs server and client. */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  server: runServerBench, client: runClientBench, import: runImportBench, figures: runFiguresBench, load: runLoadBench, chaos: runChaosBench,
};

async function main() {
  const only = process.argv[2];
  if (only) {
    const run = BENCHMARKS[only];
    if (!Object.hasOwn(BENCHMARKS, only) || !run) throw new Error(`unknown benchmark "${only}": use ${Object.keys(BENCHMARKS).join(', ')}`);
    await run();
    return;
  }
  await runServerBench();
  console.log('');
  await runClientBench();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
