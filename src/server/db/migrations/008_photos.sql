-- Issue 10: pupils' photos, shown on the register in place of initials. One photo per pupil, already shrunk by
-- the admin's screen (about 240 px, a few kB) so a tablet can keep its own classes' photos offline. The bytes
-- live in the database with everything else a backup must hold; `version` is the school's sync version of the
-- change that wrote it, so tablets pull it (a removed photo leaves a tombstone, entity 'photo').
CREATE TABLE pupil_photos (
  school_id text NOT NULL,
  pupil_id text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes bytea NOT NULL,
  byte_size integer NOT NULL CHECK (byte_size > 0),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  uploaded_by text,
  uploaded_at timestamptz NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, pupil_id),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);
-- The pull reads photos changed since a version.
CREATE INDEX pupil_photos_version ON pupil_photos (school_id, version);
