-- Rebuilds episode_facts from the warehouse tables (runs inside the import transaction).
TRUNCATE episode_facts;

-- Fresh statistics after the load, memory for big one-off sorts, no JIT start-up.
ANALYZE staff;
ANALYZE clients;
ANALYZE episodes;
ANALYZE assignments;
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;

-- Clients with more than 50 episodes (a catch-all id, a decade of services): pairing their episodes below
-- would grow with the square. A table with fresh statistics, so the planner knows how few there are.
DROP TABLE IF EXISTS heavy_clients;
CREATE TEMP TABLE heavy_clients ON COMMIT DROP AS
  SELECT client_id FROM episodes GROUP BY client_id HAVING count(*) > 50;
ANALYZE heavy_clients;

INSERT INTO episode_facts (
  episode_id, client_id, program, facilitator_id, supervisor_id, start_date, end_date, exit_reason, length_days,
  community_exit, success_eligible, successful, days_to_next_entry, days_since_prev_end, prior_episodes, prior_bucket,
  age_group_at_start, age_group_at_exit, race_ethnicity, gender, primary_language, county, facilitator_count, prev_eligible_end
)
-- For each episode: the episodes of the same client started on an earlier day (prior episodes), the latest
-- exit before its start (repeat entry), the earliest start after its exit (re-entry), and the latest earlier
-- eligible exit (community exit after a stay of at least 8 days = metrics.md's default minStay; earlier in
-- exit order: end date, then episode id in byte order), so re-entry's first exit per client is a comparison.
-- Clients with more than 50 episodes take window frames instead of pairs.
-- Everyone else: each episode against every episode of the same client (a few per client). Faster than
-- window frames over start and end events, which sort two million events and regroup them.
WITH paired AS (
  SELECT a.episode_id, a.client_id, a.program, a.facilitator_id, a.start_date, a.end_date, a.exit_reason,
         (count(*) FILTER (WHERE b.start_date < a.start_date))::int AS prior_episodes,
         max(b.end_date) FILTER (WHERE b.end_date < a.start_date) AS prev_end,
         min(b.start_date) FILTER (WHERE b.start_date > a.end_date) AS next_start,
         max(b.end_date) FILTER (
           WHERE b.exit_reason IN ('completed', 'stepped_down', 'disengaged', 'other') AND b.end_date - b.start_date >= 8
             AND (b.end_date < a.end_date OR (b.end_date = a.end_date AND b.episode_id COLLATE "C" < a.episode_id COLLATE "C"))
         ) AS prev_eligible_end
  FROM episodes a
  JOIN episodes b ON b.client_id = a.client_id
  WHERE NOT EXISTS (SELECT 1 FROM heavy_clients h WHERE h.client_id = a.client_id)
  GROUP BY a.episode_id
),
heavy_episodes AS (
  SELECT e.* FROM episodes e WHERE e.client_id IN (SELECT client_id FROM heavy_clients)
),
-- The heavy clients, linear in their episodes: a start event and, once closed, an end event per episode,
-- looking strictly before and after each event's date (EXCLUDE GROUP drops same-day events).
heavy_events AS (
  SELECT client_id, episode_id, start_date AS d, 0 AS kind, start_date, NULL::date AS end_date FROM heavy_episodes
  UNION ALL
  SELECT client_id, episode_id, end_date, 1, NULL::date, end_date FROM heavy_episodes WHERE end_date IS NOT NULL
),
heavy_neighbours AS (
  SELECT episode_id, kind,
         count(*) FILTER (WHERE kind = 0) OVER earlier AS prior_episodes,
         max(end_date) OVER earlier AS prev_end,
         min(start_date) OVER later AS next_start
  FROM heavy_events
  WINDOW earlier AS (PARTITION BY client_id ORDER BY d RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE GROUP),
         later AS (PARTITION BY client_id ORDER BY d RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING EXCLUDE GROUP)
),
-- Their closed episodes in exit order: the latest eligible exit among the ones before.
heavy_prev_eligible AS (
  SELECT episode_id,
         max(end_date) FILTER (WHERE exit_reason IN ('completed', 'stepped_down', 'disengaged', 'other') AND end_date - start_date >= 8)
           OVER (PARTITION BY client_id ORDER BY end_date, episode_id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_eligible_end
  FROM heavy_episodes
  WHERE end_date IS NOT NULL
),
-- Back to one row per episode: the start event's view backwards, the end event's view forwards.
heavy AS (
  SELECT e.episode_id, e.client_id, e.program, e.facilitator_id, e.start_date, e.end_date, e.exit_reason,
         max(n.prior_episodes) FILTER (WHERE n.kind = 0)::int AS prior_episodes,
         max(n.prev_end) FILTER (WHERE n.kind = 0) AS prev_end,
         max(n.next_start) FILTER (WHERE n.kind = 1) AS next_start,
         max(p.prev_eligible_end) AS prev_eligible_end
  FROM heavy_episodes e
  JOIN heavy_neighbours n ON n.episode_id = e.episode_id
  LEFT JOIN heavy_prev_eligible p ON p.episode_id = e.episode_id
  GROUP BY e.episode_id, e.client_id, e.program, e.facilitator_id, e.start_date, e.end_date, e.exit_reason
),
-- Every episode with its neighbours (the pairs carry the episode's own columns, so no million-row join back).
per_episode AS (
  SELECT * FROM paired
  UNION ALL
  SELECT * FROM heavy
),
-- Episodes with two or more distinct facilitators; every other episode has one (or no assignments: its
-- facilitator of record), so only these few are joined back (a million-row join otherwise; 1 s at 1M).
facilitators AS (
  SELECT episode_id, count(DISTINCT staff_id)::int AS n FROM assignments GROUP BY episode_id HAVING count(DISTINCT staff_id) >= 2
)
SELECT
  ec.episode_id,
  ec.client_id,
  lower(trim(ec.program)),
  ec.facilitator_id,
  s.supervisor_id,
  ec.start_date,
  ec.end_date,
  ec.exit_reason,
  ec.end_date - ec.start_date,
  coalesce(ec.exit_reason IN ('completed', 'stepped_down', 'disengaged', 'other'), false),
  coalesce(ec.end_date IS NOT NULL AND ec.exit_reason NOT IN ('moved', 'transferred'), false),
  coalesce(ec.exit_reason IN ('completed', 'stepped_down'), false),
  ec.next_start - ec.end_date,
  ec.start_date - ec.prev_end,
  ec.prior_episodes,
  CASE WHEN ec.prior_episodes = 0 THEN '0' WHEN ec.prior_episodes = 1 THEN '1' ELSE '2+' END,
  CASE
    WHEN ec.age_at_start < 6 THEN '0-5'
    WHEN ec.age_at_start < 12 THEN '6-11'
    WHEN ec.age_at_start < 18 THEN '12-17'
    WHEN ec.age_at_start < 25 THEN '18-24'
    WHEN ec.age_at_start < 45 THEN '25-44'
    WHEN ec.age_at_start < 65 THEN '45-64'
    ELSE '65+'
  END,
  CASE
    WHEN ec.age_at_exit IS NULL THEN NULL
    WHEN ec.age_at_exit < 6 THEN '0-5'
    WHEN ec.age_at_exit < 12 THEN '6-11'
    WHEN ec.age_at_exit < 18 THEN '12-17'
    WHEN ec.age_at_exit < 25 THEN '18-24'
    WHEN ec.age_at_exit < 45 THEN '25-44'
    WHEN ec.age_at_exit < 65 THEN '45-64'
    ELSE '65+'
  END,
  ec.race_ethnicity,
  ec.gender,
  ec.primary_language,
  -- Counties are free text compared case-insensitively: the lower-cased name is the key (labels in county_counts).
  lower(ec.county),
  coalesce(f.n, 1),
  ec.prev_eligible_end
-- One row per episode with its client; ages computed once (OFFSET 0 keeps the subquery from being inlined).
FROM (
  SELECT e.*, c.race_ethnicity, c.gender, c.primary_language, c.county,
         date_part('year', age(e.start_date, c.birth_date)) AS age_at_start,
         date_part('year', age(e.end_date, c.birth_date)) AS age_at_exit
  FROM per_episode e
  JOIN clients c ON c.client_id = e.client_id
  OFFSET 0
) ec
JOIN staff s ON s.staff_id = ec.facilitator_id
LEFT JOIN facilitators f ON f.episode_id = ec.episode_id
-- Stored in exit order, so a period's exits sit on neighbouring pages (2x faster cohort reads at 1M).
ORDER BY ec.end_date NULLS LAST, ec.start_date;

-- Fresh statistics on the episodes just rebuilt, for the marts built from them: without them (a first import)
-- the planner joins 070's code tables in nested loops, a hundred times slower.
ANALYZE episode_facts;

