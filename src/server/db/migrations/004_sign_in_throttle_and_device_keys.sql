-- Sign-in throttling (issue 9) works from the sign-in audit itself: the failures of one username since its
-- last success, and the failures from one address in the last minutes. An attempt refused because of
-- throttling is recorded too, marked `throttled` (its password was never checked). sign_ins is looked up
-- before anyone knows the school (an unknown username has none), so these indexes lead by username and by
-- address rather than by school_id.
ALTER TABLE sign_ins ADD COLUMN throttled boolean NOT NULL DEFAULT false;
CREATE INDEX sign_ins_username_at ON sign_ins (lower(username), at);
CREATE INDEX sign_ins_ip_at ON sign_ins (ip, at);

-- Device keys are limited: a key expires (key_expires_at), and once its owner has signed out on that device
-- (signed_out_at, told by the app at sign-out) it may only send register marks observed before then.
-- Issuing a new key (the owner signed in again) clears signed_out_at. A key issued before this migration
-- has no expiry recorded: it is treated as expired, so its owner signs in again once.
ALTER TABLE devices ADD COLUMN key_issued_at timestamptz;
ALTER TABLE devices ADD COLUMN key_expires_at timestamptz;
ALTER TABLE devices ADD COLUMN signed_out_at timestamptz;

-- An admin removing every device key of a person and ending their sessions (a lost tablet). Append-only:
-- who did it, to whom, when, and how many keys and sessions it ended.
CREATE TABLE device_revocations (
  school_id text NOT NULL,
  id text NOT NULL,
  staff_id text NOT NULL,
  revoked_by text NOT NULL,
  revoked_at timestamptz NOT NULL,
  keys_removed integer NOT NULL,
  sessions_ended integer NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, staff_id) REFERENCES staff(school_id, id),
  FOREIGN KEY (school_id, revoked_by) REFERENCES staff(school_id, id)
);
CREATE INDEX device_revocations_staff ON device_revocations (school_id, staff_id, revoked_at);
CREATE TRIGGER device_revocations_append_only BEFORE UPDATE OR DELETE ON device_revocations
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER device_revocations_no_truncate BEFORE TRUNCATE ON device_revocations
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
