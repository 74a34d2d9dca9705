-- Issue 10: the calendar as the admin enters it. calendar_days stays what everything reads (and tablets pull);
-- these tables hold what it is built from: each academic year's dates (its six half-terms are rows of
-- `terms` inside those dates) and the closures that take days out of term, each keyed by its first date.

CREATE TABLE academic_years (
  school_id text NOT NULL REFERENCES schools(id),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  PRIMARY KEY (school_id, start_date)
);

CREATE TABLE calendar_closures (
  school_id text NOT NULL REFERENCES schools(id),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  label text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('inset', 'bank_holiday', 'polling_day', 'other')),
  PRIMARY KEY (school_id, start_date)
);
