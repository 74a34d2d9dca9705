/**
 * `npm run bench -- chaos`: the sync chaos test (test/integration/chaos.test.ts) at a bigger size than `npm test`
 * runs it: CHAOS_DEVICES tablets (default 16), CHAOS_STEPS steps (3000) and CHAOS_KILLS SIGKILLs of the server
 * (10), on PGlite and, with TEST_DATABASE_URL set, PostgreSQL; CHAOS_SEED replays a run. It runs the test itself
 * (vitest, the server project), so the oracle and its self-check are the test's, and writes each engine's summary
 * (what was sent, applied and refused; what the network and the server went through) to
 * bench-results/chaos.json. Exits non-zero when the oracle finds anything.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEFAULTS = { CHAOS_DEVICES: '16', CHAOS_STEPS: '3000', CHAOS_KILLS: '10' };

export async function runChaosBench(): Promise<void> {
  const env = { ...process.env };
  for (const [name, value] of Object.entries(DEFAULTS)) env[name] ??= value;
  const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'server', 'test/integration/chaos.test.ts'], {
      cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    const keep = (chunk: Buffer) => {
      text += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, text }));
  });
  // Vitest colours the lines it passes on from the test.
  const plain = output.text.replace(/\x1b\[[0-9;]*m/g, '');
  const summaries = [...plain.matchAll(/^chaos \((\w+)\): (\{.*\})$/gm)].map((m) => JSON.parse(m[2]) as Record<string, unknown>);
  const passed = output.code === 0;
  await mkdir(path.join(ROOT, 'bench-results'), { recursive: true });
  await writeFile(path.join(ROOT, 'bench-results/chaos.json'), `${JSON.stringify({ passed, runs: summaries }, null, 2)}\n`);
  console.log(`\nChaos: ${env.CHAOS_DEVICES} tablets, ${env.CHAOS_STEPS} steps, ${env.CHAOS_KILLS} server kills an engine`);
  console.log('| Engine | Seed | Seconds | Mutations | Applied | Refused | Cells | Server kills | Reloads | Sign-outs | Requests | Dropped requests | Dropped answers | Duplicated | Late copies |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const s of summaries) {
    const n = s.network as Record<string, number>;
    console.log(`| ${s.engine} | ${s.seed} | ${s.seconds} | ${s.mutations} | ${s.applied} | ${s.rejected} | ${s.cells} | ${s.serverKills} | ${s.reloads} | ${s.signOuts} | ${n.requests} | ${n.droppedRequests} | ${n.droppedResponses} | ${n.duplicated} | ${n.lateCopies} |`);
  }
  console.log(passed ? 'The oracle found nothing: every mark applied once or refused with a trace.' : 'THE ORACLE FOUND PROBLEMS: see the test output above (CHAOS_SEED replays the run).');
  console.log('Written to bench-results/chaos.json');
  if (!passed) process.exitCode = 1;
}
