/**
 * Migrations run once each in the order of their names (db/migrate.ts). Two helpers working at once can each
 * take the next number: two files with one number would run in an order that depends on the rest of their
 * names, so every number is used once.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.join(__dirname, '../../../src/server/db/migrations');

describe('the migration files', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.sql'));

  it('are named NNN_words.sql', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(file).toMatch(/^\d{3}_[a-z0-9_]+\.sql$/);
  });

  it('each use a number of their own', () => {
    const numbers = files.map((f) => f.slice(0, 3));
    expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
  });
});
