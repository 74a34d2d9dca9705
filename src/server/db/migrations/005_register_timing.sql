-- Issue 9: when a mark was taken.
-- A conflict is either a teacher's present mark (or "pupil is here") over an office code ('office_code', as
-- before), or a mark that reached the server after its register was settled, which the office decides
-- ('settled_register': the register is past the school's window for resolving N; see docs/decisions.md).
ALTER TABLE conflicts ADD COLUMN kind text NOT NULL DEFAULT 'office_code'
  CHECK (kind IN ('office_code', 'settled_register'));
-- When the teacher saw the pupil (the corrected observation time), for a mark held for the office.
ALTER TABLE conflicts ADD COLUMN observed_at timestamptz;
-- A held mark may be for a cell with no office code (a teacher's own mark, or nothing yet).
ALTER TABLE conflicts ALTER COLUMN office_code DROP NOT NULL;
