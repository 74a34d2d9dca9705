/**
 * The first run's one-time setup address. On a database with no school, a production start makes a random
 * token (256 bits, base64url), keeps only its SHA-256 hash, and prints the address that carries it; the setup
 * page sends it back with POST /api/setup, which spends it. Each start replaces any earlier unused token, so
 * only the address printed last works. A database with a school gets no token and prints nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.js';
import { databaseIsEmpty } from '../demo/seedDemoSchool.js';
import { replaceSetupToken } from '../repositories/setupRepository.js';

export const newSetupToken = () => randomBytes(32).toString('base64url');
export const hashSetupToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function setupAddress(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/setup?token=${token}`;
}

/**
 * What a production start prints about the first run: the setup address on a database with no school (a new
 * token is stored), or null when the database already has a school.
 */
export async function prepareFirstRun(db: Database, p: { now: number; origin: string }): Promise<string | null> {
  if (!(await databaseIsEmpty(db))) return null;
  const token = newSetupToken();
  await replaceSetupToken(db, hashSetupToken(token), p.now);
  return `The database has no school yet. Open ${setupAddress(p.origin, token)} to set up your school (this address works once).`;
}
