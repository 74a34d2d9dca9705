-- The office's records (issue 4): first-day contact with families, pupils signing out and back in during
-- the day, planned absences, and how a conflict was resolved. Like the rest of the schema, every table
-- carries school_id and it leads every key and index.

-- Refuses UPDATE, DELETE and TRUNCATE on an append-only table, naming the table.
CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'this history is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;

-- Every attempt to reach a family (or a message from one) about a pupil's absence on `date`.
-- Never updated or deleted: a correction is a new entry.
CREATE TABLE contact_log (
  school_id text NOT NULL,
  id text NOT NULL,
  pupil_id text NOT NULL,
  date date NOT NULL,
  method text NOT NULL CHECK (method IN ('phone', 'text', 'email', 'in person', 'home visit', 'message from home')),
  outcome text NOT NULL,
  -- The code the office set because of this contact (e.g. I after a call about illness), if any.
  code text,
  sessions text[],
  staff_id text NOT NULL,
  role text NOT NULL,
  device_id text,
  mutation_id text,
  recorded_at timestamptz NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);
CREATE INDEX contact_log_date ON contact_log (school_id, date, pupil_id);
CREATE INDEX contact_log_pupil ON contact_log (school_id, pupil_id, date);
CREATE TRIGGER contact_log_append_only BEFORE UPDATE OR DELETE ON contact_log
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER contact_log_no_truncate BEFORE TRUNCATE ON contact_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Pupils leaving the site during the day and coming back (the fire roll call reads it). `date` is the
-- school-local date of `at`. Never updated or deleted.
CREATE TABLE site_log (
  school_id text NOT NULL,
  id text NOT NULL,
  pupil_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('signout', 'signin')),
  at timestamptz NOT NULL,
  date date NOT NULL,
  reason text,
  staff_id text NOT NULL,
  role text NOT NULL,
  device_id text,
  mutation_id text,
  received_at timestamptz NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);
CREATE INDEX site_log_date ON site_log (school_id, date, pupil_id, at);
CREATE TRIGGER site_log_append_only BEFORE UPDATE OR DELETE ON site_log
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER site_log_no_truncate BEFORE TRUNCATE ON site_log
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- A planned absence (appointment, trip, part-time timetable) entered for a range of dates: what was asked
-- and how many register cells it set or left alone because they already had another office code.
CREATE TABLE planned_absences (
  school_id text NOT NULL,
  id text NOT NULL,
  args jsonb NOT NULL,
  code text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  cells_set integer NOT NULL,
  cells_skipped integer NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, id)
);
CREATE INDEX planned_absences_dates ON planned_absences (school_id, start_date);

-- The code the office set when it resolved a conflict, if it changed the cell.
ALTER TABLE conflicts ADD COLUMN resolution_code text;
CREATE INDEX conflicts_open ON conflicts (school_id, raised_at) WHERE resolved_at IS NULL;

-- The unresolved-N list reads every N in the school.
CREATE INDEX register_cells_n ON register_cells (school_id, date) WHERE code = 'N';
