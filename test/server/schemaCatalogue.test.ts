/**
 * The schema's one rule for a distributed PostgreSQL (DESIGN.md §5, docs/scaling.md): every table carries
 * school_id, and it leads every primary key, every foreign key (on both sides) and every index. Read from the
 * database's own catalogue (pg_class, pg_constraint, pg_index, pg_attribute) after every migration has run, on
 * every engine, so what is checked is what the database really holds, not what a migration's text seems to say.
 *
 * A failure lists each offence by table and by name ("devices: index devices_id leads with id"), so it says
 * what to fix. Two lists say what is allowed to break the rule, and why; each is kept as short as the truth
 * allows, and an entry that no longer matches anything fails the test, so the lists shrink when a fix lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database.js';
import { ENGINES, openTestDatabase } from '../support/serverHarness.js';

/**
 * Global tables, each small and rarely written, that belong to no one school. docs/scaling.md makes them
 * Citus reference tables (or, for schema_migrations, a table of the coordinator alone).
 */
const REFERENCE_TABLES: Record<string, string> = {
  schools: 'the tenants themselves: keyed by id, which is the school_id every other table leads with',
  schema_migrations: 'which migrations ran: belongs to the database, not to a school',
  setup_tokens: 'a one-time setup address exists before the school it creates, so it has no school_id to lead with',
};

/**
 * Offences against the rule in per-school tables, each a look-up made before the school is known. Each is a
 * real obstacle to distributing by school_id, and docs/scaling.md ("What would change") says how it goes.
 */
const KNOWN_EXCEPTIONS: Record<string, string> = {
  'auth_sessions: primary key auth_sessions_pkey leads with token_hash':
    'every request finds its session by the cookie alone, before it knows the school',
  'staff: index staff_username leads with lower(username)':
    'usernames are unique across the database so that sign-in needs no school picker',
  'devices: index devices_id leads with id':
    'a device id belongs to one school only, and a shared tablet\'s device key is checked by device id before the school is known',
  'sign_ins: has no primary key':
    'an audit of attempts, never read back by a key',
  'sign_ins: school_id may be NULL':
    'an attempt with a username that no school has belongs to no school',
  'sign_ins: index sign_ins_username_at leads with lower(username)':
    'sign-in throttling counts a username\'s recent failures before anyone knows its school',
  'sign_ins: index sign_ins_ip_at leads with ip':
    'sign-in throttling counts an address\'s recent failures, across every school',
};

/** Every offence against the rule in the current schema, outside REFERENCE_TABLES, sorted. */
async function schemaOffences(db: Queryable): Promise<string[]> {
  const offences: string[] = [];
  const tables = (
    await db.query<{ name: string; hasSchoolId: boolean; schoolIdNullable: boolean }>(
      `SELECT c.relname AS name,
              a.attname IS NOT NULL AS "hasSchoolId",
              COALESCE(NOT a.attnotnull, false) AS "schoolIdNullable"
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'school_id' AND NOT a.attisdropped
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
    )
  ).rows.filter((t) => !(t.name in REFERENCE_TABLES));

  for (const t of tables) {
    if (!t.hasSchoolId) offences.push(`${t.name}: has no school_id column`);
    else if (t.schoolIdNullable) offences.push(`${t.name}: school_id may be NULL`);
  }
  const checked = new Set(tables.map((t) => t.name));

  // Primary keys and foreign keys: the first column of each side, by name.
  const constraints = (
    await db.query<{ table: string; name: string; kind: 'p' | 'f'; first: string; refTable: string | null; refFirst: string | null }>(
      `SELECT c.relname AS table, k.conname AS name, k.contype AS kind, a.attname AS first,
              rc.relname AS "refTable", ra.attname AS "refFirst"
         FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
         LEFT JOIN pg_class rc ON rc.oid = k.confrelid
         LEFT JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
        WHERE n.nspname = current_schema() AND k.contype IN ('p', 'f')`,
    )
  ).rows.filter((k) => checked.has(k.table));

  for (const t of checked) {
    if (!constraints.some((k) => k.table === t && k.kind === 'p')) offences.push(`${t}: has no primary key`);
  }
  for (const k of constraints) {
    if (k.kind === 'p') {
      if (k.first !== 'school_id') offences.push(`${k.table}: primary key ${k.name} leads with ${k.first}`);
      continue;
    }
    if (k.first !== 'school_id') offences.push(`${k.table}: foreign key ${k.name} leads with ${k.first}`);
    // The referenced key must lead with school_id too; a reference to the school itself is schools(id).
    const refLeadsWithSchool = k.refTable === 'schools' ? k.refFirst === 'id' : k.refFirst === 'school_id';
    if (!refLeadsWithSchool) offences.push(`${k.table}: foreign key ${k.name} references ${k.refTable} by ${k.refFirst}`);
  }

  // Every other index (unique or not, partial, on expressions): its first key column or expression. The
  // primary key's own index was checked above.
  const indexes = (
    await db.query<{ table: string; name: string; first: string }>(
      `SELECT c.relname AS table, ic.relname AS name, pg_get_indexdef(i.indexrelid, 1, true) AS first
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indrelid
         JOIN pg_class ic ON ic.oid = i.indexrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND NOT i.indisprimary`,
    )
  ).rows.filter((i) => checked.has(i.table));
  for (const i of indexes) {
    if (i.first !== 'school_id') offences.push(`${i.table}: index ${i.name} leads with ${i.first}`);
  }
  return offences.sort();
}

describe.each(ENGINES)('the schema after every migration leads with school_id (%s)', (engine) => {
  let db: Queryable;
  let drop: () => Promise<void>;
  let tableNames: string[];

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
    tableNames = (
      await db.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
      )
    ).rows.map((r) => r.name);
  });
  afterAll(async () => {
    await drop();
  });

  it('reads the catalogue of the migrated schema, not an empty one', () => {
    for (const table of ['pupils', 'register_cells', 'mark_events', 'sync_state', 'staff']) expect(tableNames).toContain(table);
  });

  it('has no offence against the rule beyond the known exceptions', async () => {
    const unexpected = (await schemaOffences(db)).filter((o) => !(o in KNOWN_EXCEPTIONS));
    expect(unexpected, 'each line is a key or index that must lead with school_id (or a table that must carry it)').toEqual([]);
  });

  it('still has every known exception, so that a fixed one leaves the list', async () => {
    const offences = new Set(await schemaOffences(db));
    expect(Object.keys(KNOWN_EXCEPTIONS).filter((e) => !offences.has(e)), 'no longer offences: remove them from KNOWN_EXCEPTIONS').toEqual([]);
  });

  it('names only reference tables that exist', () => {
    expect(Object.keys(REFERENCE_TABLES).filter((t) => !tableNames.includes(t))).toEqual([]);
  });
});

describe.each(ENGINES)('the catalogue check finds each kind of offence (%s)', (engine) => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(engine));
  });
  afterAll(async () => {
    await drop();
  });

  it('lists a scratch table that breaks the rule every way, by name', async () => {
    const before = new Set(await schemaOffences(db));
    await db.exec(`
      CREATE TABLE scratch_keyed_by_id (
        id text PRIMARY KEY,
        school_id text NOT NULL,
        pupil_id text NOT NULL,
        group_id text NOT NULL,
        FOREIGN KEY (pupil_id, school_id) REFERENCES pupils(id, school_id),
        FOREIGN KEY (school_id, group_id) REFERENCES registration_groups (school_id, id)
      )`);
    await db.exec(`CREATE UNIQUE INDEX scratch_pupils_by_id ON pupils (id)`);
    await db.exec(`CREATE INDEX scratch_cells_by_date ON register_cells (date, school_id)`);
    await db.exec(`CREATE TABLE scratch_no_school (k text PRIMARY KEY)`);
    await db.exec(`CREATE TABLE scratch_nullable_school (school_id text, id text, UNIQUE (school_id, id))`);
    await db.exec(`ALTER TABLE pupils ADD CONSTRAINT scratch_pupils_id_unique UNIQUE (id)`);
    await db.exec(`
      CREATE TABLE scratch_ref_by_id (
        school_id text NOT NULL, pupil_id text NOT NULL, PRIMARY KEY (school_id, pupil_id),
        FOREIGN KEY (pupil_id) REFERENCES pupils (id)
      )`);

    const added = (await schemaOffences(db)).filter((o) => !before.has(o));
    expect(added).toEqual(
      [
        'pupils: index scratch_pupils_by_id leads with id',
        'pupils: index scratch_pupils_id_unique leads with id',
        'register_cells: index scratch_cells_by_date leads with date',
        'scratch_keyed_by_id: foreign key scratch_keyed_by_id_pupil_id_school_id_fkey leads with pupil_id',
        'scratch_keyed_by_id: foreign key scratch_keyed_by_id_pupil_id_school_id_fkey references pupils by id',
        'scratch_keyed_by_id: primary key scratch_keyed_by_id_pkey leads with id',
        'scratch_no_school: has no school_id column',
        'scratch_no_school: primary key scratch_no_school_pkey leads with k',
        'scratch_nullable_school: has no primary key',
        'scratch_nullable_school: school_id may be NULL',
        'scratch_ref_by_id: foreign key scratch_ref_by_id_pupil_id_fkey leads with pupil_id',
        'scratch_ref_by_id: foreign key scratch_ref_by_id_pupil_id_fkey references pupils by id',
      ].sort(),
    );
  });
});
