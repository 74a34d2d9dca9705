/**
 * Which statements the PostgreSQL adapter prepares once per connection (StatementNames in db/database.ts):
 * the ones sent again and again, never a multi-row VALUES list, and never more texts than the cap.
 */
import { describe, expect, it } from 'vitest';
import { StatementNames } from '../../../src/server/db/database.js';

describe('StatementNames', () => {
  it('names a statement the third time its text is seen, and keeps that name', () => {
    const names = new StatementNames();
    const sql = 'SELECT id FROM pupils WHERE school_id = $1';
    expect(names.nameFor(sql)).toBeUndefined();
    expect(names.nameFor(sql)).toBeUndefined();
    const name = names.nameFor(sql);
    expect(name).toMatch(/^register_\d+$/);
    expect(names.nameFor(sql)).toBe(name);
    expect(names.nameFor(`${sql} AND id = $2`)).toBeUndefined();
  });

  it('gives each text a name of its own', () => {
    const names = new StatementNames(300, 1);
    const a = names.nameFor('SELECT 1 WHERE $1::int > 0');
    const b = names.nameFor('SELECT 2 WHERE $1::int > 0');
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
  });

  it('never names a multi-row VALUES list, whose text changes with the number of rows', () => {
    const names = new StatementNames(300, 1);
    expect(names.nameFor('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)')).toBeUndefined();
    expect(names.nameFor('INSERT INTO t (a, b) VALUES ($1, $2)')).toBeDefined();
  });

  it('names no more texts than its cap; those named before keep their names', () => {
    const names = new StatementNames(2, 1);
    const first = names.nameFor('SELECT $1::int');
    names.nameFor('SELECT $1::text');
    expect(names.nameFor('SELECT $1::date')).toBeUndefined();
    expect(names.nameFor('SELECT $1::int')).toBe(first);
  });
});
