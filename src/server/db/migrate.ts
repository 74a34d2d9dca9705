/**
 * Applies the numbered `.sql` files in ./migrations once each, in order, each in its own transaction,
 * recording them in schema_migrations. Safe to run on every start.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

// Not `new URL('./migrations/', import.meta.url)`: bundlers (Vite, in the app's jsdom tests that start the real
// server) rewrite that pattern into an asset URL. The module's own file path is left alone.
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations') + sep;

export async function migrate(db: Database): Promise<string[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const ran: string[] = [];
  for (const file of files) {
    if (applied.has(file)) continue;
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
    await db.exec(`BEGIN;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${file}');\nCOMMIT;`);
    ran.push(file);
  }
  return ran;
}
