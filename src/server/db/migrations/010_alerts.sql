-- Issue 11: what the office did about a statutory alert (penalty notice, continuous unauthorised absence,
-- illness, lateness). An alert is not stored: GET /api/office/alerts works it out from the register each time,
-- and names each occurrence by a key (docs/office-api.md). A row here says "this occurrence was dealt with":
-- the alert moves to the dealt-with list, and a new occurrence (a new key) waits again. Append-only: a second
-- action on the same key is a new row, and the latest is the one shown.
CREATE TABLE alert_records (
  school_id text NOT NULL,
  -- The id of the alert.record mutation that made it.
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('penaltyNotice', 'continuousUnauthorised', 'illness', 'lateness')),
  pupil_id text NOT NULL,
  key text NOT NULL,
  action text NOT NULL CHECK (action IN ('local_authority_told', 'letter_sent', 'meeting_booked', 'no_action')),
  note text,
  staff_id text NOT NULL,
  role text NOT NULL,
  device_id text,
  recorded_at timestamptz NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (school_id, id),
  FOREIGN KEY (school_id, pupil_id) REFERENCES pupils(school_id, id)
);
CREATE INDEX alert_records_key ON alert_records (school_id, pupil_id, kind, key, recorded_at);
CREATE TRIGGER alert_records_append_only BEFORE UPDATE OR DELETE ON alert_records
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
CREATE TRIGGER alert_records_no_truncate BEFORE TRUNCATE ON alert_records
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();

-- Late arrivals (L or U) in one Monday-to-Sunday week that call for a conversation with the family: a school
-- setting, 3 by default (a seed's figure; DOMAIN.md §7).
ALTER TABLE schools ADD COLUMN lates_in_week integer NOT NULL DEFAULT 3 CHECK (lates_in_week BETWEEN 1 AND 10);

-- The alerts read only these codes, a few per cent of a year's cells (GET /api/office/alerts,
-- alertsRepository.ts): this index finds them without reading the present marks.
CREATE INDEX register_cells_alerts ON register_cells (school_id, date, pupil_id)
  WHERE code IN ('G', 'N', 'O', 'U', 'I', 'L');
