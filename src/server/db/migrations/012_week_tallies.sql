-- Issue 11: the attendance figures read a whole school's year (a secondary school: about 570,000 register
-- cells). Grouping every cell on every read takes longer than the office may wait, so register_week_tallies
-- keeps, for each pupil and Monday-to-Sunday week, how many cells carry each code, split by session and by day
-- of the week. It is a cache of register_cells, never the record: nothing is written to it on the register's
-- write path. The figures bring it up to date when they read (weekTalliesRepository.ts): the cells written
-- since `built_version` (register_cells_version finds them) are recounted for their pupil and week, and a read
-- also corrects for any written after that within its own snapshot, so an answer is always exact. Deleting a
-- school's rows and its state row is always safe: the next read rebuilds them.
CREATE TABLE register_week_tallies (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  -- The week's Monday.
  week date NOT NULL,
  code text NOT NULL,
  sessions integer NOT NULL,
  -- Of which morning sessions (the rest are afternoons).
  am integer NOT NULL,
  -- Of which on each day of the week, Monday to Sunday.
  mon integer NOT NULL,
  tue integer NOT NULL,
  wed integer NOT NULL,
  thu integer NOT NULL,
  fri integer NOT NULL,
  sat integer NOT NULL,
  sun integer NOT NULL,
  PRIMARY KEY (school_id, pupil_id, week, code)
);
CREATE INDEX register_week_tallies_week ON register_week_tallies (school_id, week);

-- The school's sync version (sync_state) up to which register_week_tallies counts every cell.
CREATE TABLE register_week_tallies_state (
  school_id text PRIMARY KEY REFERENCES schools(id),
  built_version bigint NOT NULL
);
