-- The register's schema. Every table carries school_id and it leads every primary key and index, so one
-- database can hold a whole trust (and a distributed Postgres can shard by school_id).
-- `version` columns hold the school's sync version at the row's last change: the pull cursor.

CREATE TABLE schools (
  id text PRIMARY KEY,
  name text NOT NULL,
  time_zone text NOT NULL DEFAULT 'Europe/London',
  n_window_school_days integer NOT NULL DEFAULT 5,
  missing_register_minutes integer NOT NULL DEFAULT 10,
  version bigint NOT NULL DEFAULT 0
);

-- One row per school; every write transaction bumps it under a row lock, so version order = commit order.
CREATE TABLE sync_state (
  school_id text PRIMARY KEY REFERENCES schools(id),
  version bigint NOT NULL DEFAULT 0
);

CREATE TABLE session_settings (
  school_id text NOT NULL REFERENCES schools(id),
  session text NOT NULL CHECK (session IN ('AM', 'PM')),
  opens_at text NOT NULL CHECK (opens_at ~ '^[0-2][0-9]:[0-5][0-9]$'),
  open_minutes integer NOT NULL CHECK (open_minutes > 0 AND open_minutes <= 240),
  PRIMARY KEY (school_id, session)
);

CREATE TABLE terms (
  school_id text NOT NULL REFERENCES schools(id),
  name text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  PRIMARY KEY (school_id, start_date)
);

CREATE TABLE calendar_days (
  school_id text NOT NULL REFERENCES schools(id),
  date date NOT NULL,
  is_school_day boolean NOT NULL,
  label text,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, date)
);

CREATE TABLE staff (
  school_id text NOT NULL REFERENCES schools(id),
  id text NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('teacher', 'ta', 'office', 'admin')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (school_id, id)
);
-- Usernames are unique across the database so sign-in needs no school picker.
CREATE UNIQUE INDEX staff_username ON staff (lower(username));

CREATE TABLE registration_groups (
  school_id text NOT NULL REFERENCES schools(id),
  id text NOT NULL,
  name text NOT NULL,
  year_group integer,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, id)
);

CREATE TABLE pupils (
  school_id text NOT NULL REFERENCES schools(id),
  id text NOT NULL,
  first_name text NOT NULL,
  last_name text NOT NULL,
  preferred_name text,
  date_of_birth date NOT NULL,
  gender text,
  send boolean NOT NULL DEFAULT false,
  looked_after boolean NOT NULL DEFAULT false,
  child_protection boolean NOT NULL DEFAULT false,
  social_worker boolean NOT NULL DEFAULT false,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, id)
);

CREATE TABLE pupil_contacts (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  priority integer NOT NULL,
  name text NOT NULL,
  relationship text NOT NULL,
  phone text NOT NULL,
  PRIMARY KEY (school_id, pupil_id, priority),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);

-- On roll from start_date to end_date (inclusive; NULL = still on roll). History is never deleted.
CREATE TABLE enrolments (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  PRIMARY KEY (school_id, pupil_id, start_date),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);

CREATE TABLE group_memberships (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  group_id text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, pupil_id, start_date),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id),
  FOREIGN KEY (school_id, group_id) REFERENCES registration_groups(school_id, id)
);
CREATE INDEX group_memberships_group ON group_memberships (school_id, group_id, start_date);

-- Who registers a group: the class teacher (kind 'teacher') or a cover for given dates and sessions.
CREATE TABLE staff_assignments (
  school_id text NOT NULL,
  id text NOT NULL,
  staff_id text NOT NULL,
  group_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('teacher', 'cover')),
  start_date date NOT NULL,
  end_date date,
  sessions text[] NOT NULL,
  version bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, staff_id) REFERENCES staff(school_id, id),
  FOREIGN KEY (school_id, group_id) REFERENCES registration_groups(school_id, id)
);
CREATE INDEX staff_assignments_staff ON staff_assignments (school_id, staff_id);

CREATE TABLE auth_sessions (
  token_hash text PRIMARY KEY,
  school_id text NOT NULL,
  staff_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  FOREIGN KEY (school_id, staff_id) REFERENCES staff(school_id, id)
);

CREATE TABLE sign_ins (
  school_id text,
  username text NOT NULL,
  staff_id text,
  succeeded boolean NOT NULL,
  at timestamptz NOT NULL,
  ip text
);

-- A device is one browser profile for one person: it numbers its mutations 1, 2, 3...
CREATE TABLE devices (
  school_id text NOT NULL,
  id text NOT NULL,
  staff_id text NOT NULL,
  last_seq bigint NOT NULL DEFAULT 0,
  scope_key text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, staff_id) REFERENCES staff(school_id, id)
);
CREATE UNIQUE INDEX devices_id ON devices (id);

-- Every mutation a device sent, with the result the server gave: a repeat returns the same result.
CREATE TABLE mutation_log (
  school_id text NOT NULL,
  device_id text NOT NULL,
  seq bigint NOT NULL,
  mutation_id text NOT NULL,
  type text NOT NULL,
  status text NOT NULL CHECK (status IN ('applied', 'rejected')),
  code text,
  message text,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (school_id, device_id, seq)
);
CREATE UNIQUE INDEX mutation_log_id ON mutation_log (school_id, mutation_id);

-- The source of truth: every entry anyone made in a register, never updated or deleted.
CREATE TABLE mark_events (
  school_id text NOT NULL,
  id text NOT NULL,
  pupil_id text NOT NULL,
  date date NOT NULL,
  session text NOT NULL CHECK (session IN ('AM', 'PM')),
  source text NOT NULL CHECK (source IN ('teacher', 'office')),
  code text NOT NULL,
  old_code text,
  effective_code text,
  reason text,
  minutes_late integer,
  staff_id text NOT NULL,
  role text NOT NULL,
  device_id text,
  seq bigint,
  mutation_id text,
  observed_at_device timestamptz,
  clock_offset_ms double precision,
  observed_at timestamptz NOT NULL,
  time_quality text NOT NULL CHECK (time_quality IN ('good', 'suspect')),
  received_at timestamptz NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, id)
);
CREATE INDEX mark_events_cell ON mark_events (school_id, pupil_id, date, session);

CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'register history is append-only: % on mark_events is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER mark_events_append_only BEFORE UPDATE OR DELETE ON mark_events
  FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER mark_events_no_truncate BEFORE TRUNCATE ON mark_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();

-- The current register: a projection of mark_events, updated in the same transaction, rebuildable.
CREATE TABLE register_cells (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  date date NOT NULL,
  session text NOT NULL CHECK (session IN ('AM', 'PM')),
  code text NOT NULL,
  source text NOT NULL CHECK (source IN ('teacher', 'office')),
  marked_by text,
  marked_at timestamptz,
  received_at timestamptz,
  teacher_code text,
  teacher_observed_at timestamptz,
  teacher_device_id text,
  teacher_seq bigint,
  teacher_staff_id text,
  office_code text,
  office_version bigint,
  office_event_id text,
  office_staff_id text,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, pupil_id, date, session)
);
CREATE INDEX register_cells_date ON register_cells (school_id, date, session);
CREATE INDEX register_cells_version ON register_cells (school_id, version);

-- A present mark over an office absence code, or a teacher's "pupil is here": the office resolves it.
CREATE TABLE conflicts (
  school_id text NOT NULL,
  id text NOT NULL,
  pupil_id text NOT NULL,
  date date NOT NULL,
  session text NOT NULL,
  office_code text NOT NULL,
  teacher_code text NOT NULL,
  raised_by text NOT NULL,
  raised_at timestamptz NOT NULL,
  event_id text NOT NULL,
  resolved_by text,
  resolved_at timestamptz,
  resolution text,
  PRIMARY KEY (school_id, id)
);

CREATE TABLE tombstones (
  school_id text NOT NULL,
  entity text NOT NULL,
  key text NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, entity, key)
);
