-- Two things the dashboard asks for on every page, kept ready by the marts:
-- each exit's previous eligible exit of the same client (re-entry's "first exit per client in the period"
-- becomes a comparison instead of a sort), and the counties present (the filter bar).
ALTER TABLE episode_facts
  -- The client's latest earlier community exit after a stay of at least 8 days (metrics.md's default minStay),
  -- earlier in exit order (end date, then episode id in byte order); null when there is none.
  ADD COLUMN prev_eligible_end date;

CREATE TABLE county_counts (
  county   text PRIMARY KEY,   -- as clients.county holds it ('unknown' when not recorded)
  episodes integer NOT NULL    -- episodes of clients in that county
);
