-- Issue 11: the attendance figures of a year summed about 130,000 weekly tally rows on every read (most of
-- a PGlite read's time). register_block_tallies holds the same tallies summed over fixed four-week blocks
-- (counted from Monday 1 January 1900) and by statistical class: one row per pupil and block, so the middle of
-- a long range is read from a tenth of the rows, and only the weeks at its ends from register_week_tallies.
-- Like the weekly tallies it is a cache, brought up to date with them in the same transaction (built_version
-- covers both); `block_classes` names the code table it was summed with, so a release that moves a code to
-- another class has it summed again. Deleting a school's rows and clearing block_classes is always safe.
CREATE TABLE register_block_tallies (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  -- The Monday the four-week block starts.
  block date NOT NULL,
  present integer NOT NULL,
  aea integer NOT NULL,
  authorised integer NOT NULL,
  unauthorised integer NOT NULL,
  -- Codes the national table does not know.
  unrecognised integer NOT NULL,
  -- Every mark, possible or not.
  marked integer NOT NULL,
  PRIMARY KEY (school_id, pupil_id, block)
);
CREATE INDEX register_block_tallies_block ON register_block_tallies (school_id, block);

ALTER TABLE register_week_tallies_state ADD COLUMN block_classes text;
