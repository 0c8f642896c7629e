-- Rebuilds the facilitator comparison's cases from episode_facts (runs inside the import transaction, after 010).
TRUNCATE facilitator_codes, case_mix_strata, case_groups, facilitator_cases, case_mix_month_counts;
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;

-- Facilitators of record numbered in byte order: the comparison groups and joins integers, not text.
INSERT INTO facilitator_codes (code, staff_id)
SELECT row_number() OVER (ORDER BY facilitator_id COLLATE "C"), facilitator_id
FROM (SELECT DISTINCT facilitator_id FROM episode_facts) f;

-- Every stratum a case can fall in: age group at exit for closed episodes, at start for every episode (one pass).
INSERT INTO case_mix_strata (code, program, age_group, prior_bucket)
SELECT row_number() OVER (ORDER BY program COLLATE "C", age_group COLLATE "C", prior_bucket COLLATE "C"), program, age_group, prior_bucket
FROM (
  SELECT DISTINCT program, age_group, prior_bucket
  FROM (
    SELECT program, coalesce(age_group_at_exit, age_group_at_start) AS age_group, prior_bucket
    FROM episode_facts
    GROUP BY GROUPING SETS ((program, age_group_at_exit, prior_bucket), (program, age_group_at_start, prior_bucket))
  ) both_ages
  WHERE age_group IS NOT NULL  -- open episodes have no age group at exit
) s;

-- Every value of the heat map's other groups, numbered per dimension, from one pass (age groups at start and at
-- exit alike).
INSERT INTO case_groups (dimension, code, key)
SELECT dimension, row_number() OVER (PARTITION BY dimension ORDER BY key COLLATE "C"), key
FROM (
  SELECT DISTINCT
         CASE WHEN GROUPING(county) = 0 THEN 'county' WHEN GROUPING(race_ethnicity) = 0 THEN 'race_ethnicity'
              WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(primary_language) = 0 THEN 'primary_language'
              ELSE 'age_group' END AS dimension,
         coalesce(county, race_ethnicity, gender, primary_language, age_group_at_start, age_group_at_exit) AS key
  FROM episode_facts
  GROUP BY GROUPING SETS ((county), (race_ethnicity), (gender), (primary_language), (age_group_at_start), (age_group_at_exit))
) g
WHERE key IS NOT NULL;  -- open episodes have no age group at exit
ANALYZE facilitator_codes;
ANALYZE case_mix_strata;
ANALYZE case_groups;

-- Each episode in exit order (as episode_facts keeps them), so a period's exits lie on adjacent pages.
INSERT INTO facilitator_cases (start_date, end_date, prev_eligible_end, facilitator, exit_stratum, entry_stratum, days_to_next_entry,
                               reentry_case, success_case, successful, repeat_entry,
                               county, race_ethnicity, gender, exit_age_group, entry_age_group, primary_language)
SELECT f.start_date, f.end_date, f.prev_eligible_end, k.code, x.code, s.code, f.days_to_next_entry,
       -- Re-entry's cases: a community exit after a stay of at least 8 days can be followed for a re-entry.
       f.community_exit AND f.length_days >= 8,
       -- Successful exits' cases: exits after at least 8 days, moves and transfers left out.
       f.success_eligible AND f.length_days >= 8, f.successful,
       -- A repeat entry follows the client's latest earlier exit by at most 365 days.
       coalesce(f.days_since_prev_end <= 365, false),
       c.code, r.code, g.code, ax.code, a.code, l.code
FROM episode_facts f
JOIN facilitator_codes k ON k.staff_id = f.facilitator_id
JOIN case_mix_strata s ON s.program = f.program AND s.age_group = f.age_group_at_start AND s.prior_bucket = f.prior_bucket
LEFT JOIN case_mix_strata x ON x.program = f.program AND x.age_group = f.age_group_at_exit AND x.prior_bucket = f.prior_bucket
JOIN case_groups c ON c.dimension = 'county' AND c.key = f.county
JOIN case_groups r ON r.dimension = 'race_ethnicity' AND r.key = f.race_ethnicity
JOIN case_groups g ON g.dimension = 'gender' AND g.key = f.gender
LEFT JOIN case_groups ax ON ax.dimension = 'age_group' AND ax.key = f.age_group_at_exit
JOIN case_groups a ON a.dimension = 'age_group' AND a.key = f.age_group_at_start
JOIN case_groups l ON l.dimension = 'primary_language' AND l.key = f.primary_language;

ANALYZE facilitator_cases;

-- The strata's cases per month (and, for re-entry, per month of the client's previous eligible exit).
INSERT INTO case_mix_month_counts (metric, month, prev_exit_month, stratum, cases, events, reentered_180, reentered_730)
WITH cases AS (
  SELECT 1 AS metric, end_date AS cohort_date, prev_eligible_end, exit_stratum AS stratum, days_to_next_entry <= 365 AS event,
         days_to_next_entry <= 180 AS event_180, days_to_next_entry <= 730 AS event_730
  FROM facilitator_cases WHERE reentry_case
  UNION ALL
  SELECT 2, end_date, NULL, exit_stratum, successful, false, false FROM facilitator_cases WHERE success_case
  UNION ALL
  SELECT 3, start_date, NULL, entry_stratum, repeat_entry, false, false FROM facilitator_cases
)
SELECT metric, date_trunc('month', cohort_date::timestamp)::date, date_trunc('month', prev_eligible_end::timestamp)::date, stratum,
       count(*)::int, (count(*) FILTER (WHERE event))::int, (count(*) FILTER (WHERE event_180))::int, (count(*) FILTER (WHERE event_730))::int
FROM cases
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2;
ANALYZE case_mix_month_counts;
