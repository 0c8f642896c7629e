-- Rebuilds episode_facts from the warehouse tables (runs inside the import transaction).
TRUNCATE episode_facts;

-- Fresh statistics after the load, memory for big one-off sorts, no JIT start-up.
ANALYZE staff;
ANALYZE clients;
ANALYZE episodes;
ANALYZE assignments;
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;

INSERT INTO episode_facts
-- Each episode against every episode of the same client (a few per client; linear in episodes
-- unless one client id carries thousands): the episodes started on an earlier day (prior episodes),
-- the latest exit before its start (repeat entry) and the earliest start after its exit (re-entry).
-- Faster than window frames over start and end events, which sort two million events and regroup them.
-- Also the latest earlier eligible exit (community exit, stay of at least 8 days = metrics.md's default minStay,
-- earlier in exit order: end date, then episode id in byte order), so re-entry's first exit per client is a comparison.
WITH per_episode AS (
  SELECT a.episode_id,
         (count(*) FILTER (WHERE b.start_date < a.start_date))::int AS prior_episodes,
         max(b.end_date) FILTER (WHERE b.end_date < a.start_date) AS prev_end,
         min(b.start_date) FILTER (WHERE b.start_date > a.end_date) AS next_start,
         max(b.end_date) FILTER (
           WHERE b.exit_reason IN ('completed', 'stepped_down', 'disengaged', 'other') AND b.end_date - b.start_date >= 8
             AND (b.end_date < a.end_date OR (b.end_date = a.end_date AND b.episode_id COLLATE "C" < a.episode_id COLLATE "C"))
         ) AS prev_eligible_end
  FROM episodes a
  JOIN episodes b ON b.client_id = a.client_id
  GROUP BY a.episode_id
),
-- Distinct facilitators over the episode, when assignments were imported.
facilitators AS (
  SELECT episode_id, count(DISTINCT staff_id)::int AS n FROM assignments GROUP BY episode_id
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
  p.next_start - ec.end_date,
  ec.start_date - p.prev_end,
  p.prior_episodes,
  CASE WHEN p.prior_episodes = 0 THEN '0' WHEN p.prior_episodes = 1 THEN '1' ELSE '2+' END,
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
  ec.county,
  coalesce(f.n, 1),
  p.prev_eligible_end
-- One row per episode with its client; ages computed once (OFFSET 0 keeps the subquery from being inlined).
FROM (
  SELECT e.*, c.race_ethnicity, c.gender, c.primary_language, c.county,
         date_part('year', age(e.start_date, c.birth_date)) AS age_at_start,
         date_part('year', age(e.end_date, c.birth_date)) AS age_at_exit
  FROM episodes e
  JOIN clients c ON c.client_id = e.client_id
  OFFSET 0
) ec
JOIN staff s ON s.staff_id = ec.facilitator_id
JOIN per_episode p ON p.episode_id = ec.episode_id
LEFT JOIN facilitators f ON f.episode_id = ec.episode_id
-- Stored in exit order, so a period's exits sit on neighbouring pages (2x faster cohort reads at 1M).
ORDER BY ec.end_date NULLS LAST, ec.start_date;

