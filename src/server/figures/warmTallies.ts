/**
 * Brings every school's weekly tallies (register_week_tallies) up to date when the server starts, so that the
 * first time the office opens the attendance figures it does not wait for a year of cells to be counted (a few
 * seconds for a secondary school on PGlite, once; after that each read counts only what changed).
 */
import type { Database } from '../db/database.js';
import { refreshWeekTallies } from '../repositories/weekTalliesRepository.js';

export async function warmWeekTallies(db: Database): Promise<{ schools: number; ms: number }> {
  const started = Date.now();
  const { rows } = await db.query<{ id: string }>('SELECT id FROM schools ORDER BY id');
  for (const { id } of rows) await refreshWeekTallies(db, id);
  return { schools: rows.length, ms: Date.now() - started };
}
