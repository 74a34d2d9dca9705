-- Issue 10: a real school sets itself up. The first run's setup token, what an admin edits (the school's
-- settings, pupils' records, staff without a password until they set one), and the audit of every admin change.

-- The school's record and attendance settings. Bands are the domain's AttendanceBand[] (half-open intervals,
-- validated by validateBands before they are stored); NULL means the product's default bands.
ALTER TABLE schools ADD COLUMN urn text;
ALTER TABLE schools ADD COLUMN attendance_target numeric;
ALTER TABLE schools ADD COLUMN attendance_bands jsonb;

-- A pupil's record as an MIS holds it. `send` stays (the office's flags read it) and is kept equal to
-- sen_status <> 'none' by every writer. year_group is the pupil's own National Curriculum year (a mixed-age
-- class holds more than one); NULL means the registration group's.
ALTER TABLE pupils ADD COLUMN upn text;
ALTER TABLE pupils ADD COLUMN preferred_surname text;
ALTER TABLE pupils ADD COLUMN sen_status text NOT NULL DEFAULT 'none' CHECK (sen_status IN ('none', 'K', 'E'));
UPDATE pupils SET sen_status = 'K' WHERE send;
ALTER TABLE pupils ADD COLUMN fsm boolean NOT NULL DEFAULT false;
ALTER TABLE pupils ADD COLUMN eal boolean NOT NULL DEFAULT false;
ALTER TABLE pupils ADD COLUMN year_group integer;
CREATE UNIQUE INDEX pupils_upn ON pupils (school_id, upn) WHERE upn IS NOT NULL;
-- An import matches a row without a UPN by legal surname, forename and date of birth.
CREATE INDEX pupils_name_dob ON pupils (school_id, lower(last_name), lower(first_name), date_of_birth);

-- Staff have no password until they set one with a first sign-in code.
ALTER TABLE staff ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE staff ADD COLUMN title text;
ALTER TABLE staff ADD COLUMN email text;

-- A one-time first sign-in code (only its hash is kept). Issuing a new code ends any earlier unused one
-- (used_at is set); a code works once, before expires_at.
CREATE TABLE first_sign_in_codes (
  school_id text NOT NULL,
  staff_id text NOT NULL,
  code_hash text NOT NULL,
  issued_by text,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (school_id, staff_id, issued_at),
  FOREIGN KEY (school_id, staff_id) REFERENCES staff(school_id, id)
);

-- The one-time setup address of a database with no school yet (and, later, of each school a trust creates).
-- Only the token's hash is kept; `school_id` is the school it created, set when it was used.
CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  school_id text REFERENCES schools(id)
);

-- Every change an admin makes to the school's set-up: who, when, what, and the record before and after.
-- Append-only, like the register's own history.
CREATE TABLE admin_audit (
  school_id text NOT NULL REFERENCES schools(id),
  id text NOT NULL,
  staff_id text,
  at timestamptz NOT NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_key text,
  summary text NOT NULL,
  before jsonb,
  after jsonb,
  PRIMARY KEY (school_id, id)
);
CREATE INDEX admin_audit_at ON admin_audit (school_id, at DESC);
CREATE INDEX admin_audit_entity ON admin_audit (school_id, entity, entity_key, at DESC);
CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
