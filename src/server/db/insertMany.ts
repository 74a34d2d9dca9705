/** Multi-row INSERTs in chunks, so a register of marks or a year's calendar is a handful of statements. */
import type { Queryable } from './database.js';

export async function insertMany(
  tx: Queryable,
  table: string,
  columns: string[],
  rows: unknown[][],
  options: { onConflict?: string; chunk?: number } = {},
): Promise<void> {
  const chunk = options.chunk ?? 200;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const values = part.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')} ${options.onConflict ?? ''}`, params);
  }
}
