-- Rebuilds county_counts from episode_facts and clients (runs inside the import transaction, after 010).
TRUNCATE county_counts;

INSERT INTO county_counts (county, label, episodes)
-- A county shows under its most common spelling among clients; ties go to the first in byte order.
WITH labels AS (
  SELECT DISTINCT ON (lower(county)) lower(county) AS county, county AS label
  FROM (SELECT county, count(*) AS n FROM clients GROUP BY county) spellings
  ORDER BY lower(county), n DESC, county COLLATE "C"
)
-- Every county (its lower-cased key) of a client with at least one episode, with how many episodes it holds.
SELECT f.county, coalesce(l.label, f.county), count(*)::int
FROM episode_facts f
LEFT JOIN labels l ON l.county = f.county
GROUP BY f.county, l.label;
ANALYZE county_counts;
