-- Rebuilds episode_facts from the warehouse tables (runs inside the import transaction).
TRUNCATE episode_facts;

INSERT INTO episode_facts
-- Each episode contributes a start event and, once closed, an end event; at
-- equal dates starts sort first, so "strictly after" and "strictly before" hold.
WITH events AS (
  SELECT client_id, episode_id, start_date AS d, 0 AS kind, start_date, NULL::date AS end_date FROM episodes
  UNION ALL
  SELECT client_id, episode_id, end_date AS d, 1 AS kind, NULL::date, end_date FROM episodes WHERE end_date IS NOT NULL
),
-- The next start after an exit (re-entry) and the latest exit before a start (repeat entry).
neighbours AS (
  SELECT episode_id, kind,
         min(start_date) OVER (PARTITION BY client_id ORDER BY d, kind ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_start,
         max(end_date) OVER (PARTITION BY client_id ORDER BY d, kind ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
  FROM events
),
-- Prior episodes: the client's episodes with an earlier start date (ties are not prior).
priors AS (
  SELECT episode_id, (rank() OVER (PARTITION BY client_id ORDER BY start_date) - 1)::int AS prior_episodes
  FROM episodes
),
-- Distinct facilitators over the episode, when assignments were imported.
facilitators AS (
  SELECT episode_id, count(DISTINCT staff_id)::int AS n FROM assignments GROUP BY episode_id
)
SELECT
  e.episode_id,
  e.client_id,
  lower(trim(e.program)),
  e.facilitator_id,
  s.supervisor_id,
  e.start_date,
  e.end_date,
  e.exit_reason,
  e.end_date - e.start_date,
  coalesce(e.exit_reason IN ('completed', 'stepped_down', 'disengaged', 'other'), false),
  coalesce(e.end_date IS NOT NULL AND e.exit_reason NOT IN ('moved', 'transferred'), false),
  coalesce(e.exit_reason IN ('completed', 'stepped_down'), false),
  ne.next_start - e.end_date,
  e.start_date - ns.prev_end,
  p.prior_episodes,
  CASE WHEN p.prior_episodes = 0 THEN '0' WHEN p.prior_episodes = 1 THEN '1' ELSE '2+' END,
  CASE
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 6 THEN '0-5'
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 12 THEN '6-11'
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 18 THEN '12-17'
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 25 THEN '18-24'
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 45 THEN '25-44'
    WHEN date_part('year', age(e.start_date, c.birth_date)) < 65 THEN '45-64'
    ELSE '65+'
  END,
  CASE
    WHEN e.end_date IS NULL THEN NULL
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 6 THEN '0-5'
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 12 THEN '6-11'
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 18 THEN '12-17'
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 25 THEN '18-24'
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 45 THEN '25-44'
    WHEN date_part('year', age(e.end_date, c.birth_date)) < 65 THEN '45-64'
    ELSE '65+'
  END,
  c.race_ethnicity,
  c.gender,
  c.primary_language,
  c.county,
  coalesce(f.n, 1)
FROM episodes e
JOIN clients c ON c.client_id = e.client_id
JOIN staff s ON s.staff_id = e.facilitator_id
JOIN priors p ON p.episode_id = e.episode_id
JOIN neighbours ns ON ns.episode_id = e.episode_id AND ns.kind = 0
LEFT JOIN neighbours ne ON ne.episode_id = e.episode_id AND ne.kind = 1
LEFT JOIN facilitators f ON f.episode_id = e.episode_id;

ANALYZE episode_facts;
