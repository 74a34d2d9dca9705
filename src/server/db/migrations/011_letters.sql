-- Issue 11: the school's attendance letter. The text the office prints for the family of each pupil below a
-- band, with placeholders such as {pupilName}, {schoolName}, {attendancePercent}, {from} and {to}
-- (src/protocol/letterTemplate.ts). NULL means the product's default text (DEFAULT_LETTER_TEMPLATE there):
-- plain British English, asking the family to contact the school, so a school that never edits it still has
-- a letter that reads well, and a better default reaches it.
ALTER TABLE schools ADD COLUMN letter_template text;
