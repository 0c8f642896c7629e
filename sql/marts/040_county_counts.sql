-- Rebuilds county_counts from episode_facts and clients (runs inside the import transaction, after 010).
TRUNCATE county_counts;

INSERT INTO county_counts (county, label, episodes)
-- Every spelling of each county among clients, with how often it was used.
WITH spellings AS (
  SELECT lower(county) AS county, county AS spelling, count(*) AS n
  FROM clients
  GROUP BY county
),
-- A county shows under its most common spelling; ties go to the first in byte order (as program_labels).
ranked AS (
  SELECT county, spelling, row_number() OVER (PARTITION BY county ORDER BY n DESC, spelling COLLATE "C") AS nth
  FROM spellings
)
-- Every county (its lower-cased key) of a client with at least one episode, with how many episodes it holds.
SELECT f.county, coalesce(r.spelling, f.county), count(*)::int
FROM episode_facts f
LEFT JOIN ranked r ON r.county = f.county AND r.nth = 1
GROUP BY f.county, r.spelling;
ANALYZE county_counts;
