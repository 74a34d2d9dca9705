-- Device keys let a shared tablet send the waiting changes of someone who is no longer signed in on it,
-- as that person and for that device only. The server keeps only a hash of the key.
ALTER TABLE devices ADD COLUMN key_hash text;

-- The mutation log keeps each mutation's arguments too, so changes that are not register marks (covers)
-- have an audit trail of their own.
ALTER TABLE mutation_log ADD COLUMN args jsonb;

-- Who set up a cover, and when.
ALTER TABLE staff_assignments ADD COLUMN created_by text;
ALTER TABLE staff_assignments ADD COLUMN created_at timestamptz;
