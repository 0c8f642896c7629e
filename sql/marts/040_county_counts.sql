-- Rebuilds county_counts from episode_facts (runs inside the import transaction, after 010).
TRUNCATE county_counts;

INSERT INTO county_counts (county, episodes)
-- Every county of a client with at least one episode, with how many episodes it holds.
SELECT county, count(*)::int FROM episode_facts GROUP BY county;
