-- The caseload mart: how many open episodes each staff member carried on the
-- first day of each month, so the workforce page sums a few thousand rows
-- instead of range-joining every episode with every month.
-- Rebuilt by sql/marts/030_facilitator_caseload.sql.
CREATE TABLE facilitator_caseload (
  month         date NOT NULL,     -- first day of a calendar month
  staff_id      text NOT NULL,     -- the facilitator carrying the episodes on that day
  open_episodes integer NOT NULL,  -- episodes open on that day (start_date <= month < end_date) carried by this staff member
  PRIMARY KEY (month, staff_id)
);
CREATE INDEX facilitator_caseload_staff_idx ON facilitator_caseload (staff_id);
