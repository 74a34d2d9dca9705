-- Issue 12: a trust runs one server for all its schools. Its trust admin creates schools and reads the trust
-- overview, and never a school's register (docs/decisions.md, docs/trust-api.md).
--
-- The trust itself is a row of `schools` with kind 'trust', and each trust admin a staff row of it with role
-- 'trust': sign-in, sessions and the sign-in audit then work for them as for anyone, and every school route
-- refuses them by role (plugins/auth.ts). Nothing else is ever stored against the trust's row.
ALTER TABLE schools ADD COLUMN kind text NOT NULL DEFAULT 'school' CHECK (kind IN ('school', 'trust'));

ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('teacher', 'ta', 'office', 'admin', 'trust'));

-- A URN names one school: the trust's "Add a school" refuses a second school with the same one.
CREATE UNIQUE INDEX schools_urn ON schools (urn) WHERE urn IS NOT NULL;
