-- A sign-in attempt is claimed before its password is checked (api/access/attempts.ts): pending until settled.
-- Pending claims count against the limits, so attempts sent together cannot all slip past them.
ALTER TABLE sign_in_attempts ADD COLUMN pending boolean NOT NULL DEFAULT false;
