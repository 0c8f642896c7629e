-- Rebuilds entry_month_counts from episode_facts (runs inside the import transaction, after 010).
TRUNCATE entry_month_counts;
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off;

INSERT INTO entry_month_counts (dimension, key, start_month, length_days, open_start, entries, repeat_entries)
-- Every entry with its month and duration; group keys in byte order (faster to group).
WITH entries AS (
  SELECT date_trunc('month', start_date::timestamp)::date AS start_month, length_days,
         CASE WHEN end_date IS NULL THEN start_date END AS open_start,
         -- A repeat entry (metrics/proportions/getRepeatEntries.ts): the previous exit ended at most 365 days before.
         coalesce(days_since_prev_end <= 365, false) AS repeat_entry,
         program COLLATE "C" AS program, age_group_at_start COLLATE "C" AS age_group, county COLLATE "C" AS county,
         race_ethnicity COLLATE "C" AS race_ethnicity, gender COLLATE "C" AS gender, primary_language COLLATE "C" AS primary_language
  FROM episode_facts
)
-- The same counts for the whole agency and for each client and program dimension, in one pass.
SELECT CASE WHEN GROUPING(program) = 0 THEN 'program' WHEN GROUPING(age_group) = 0 THEN 'age_group'
            WHEN GROUPING(county) = 0 THEN 'county' WHEN GROUPING(race_ethnicity) = 0 THEN 'race_ethnicity'
            WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(primary_language) = 0 THEN 'primary_language' ELSE 'none' END,
       CASE WHEN GROUPING(program) = 0 THEN program WHEN GROUPING(age_group) = 0 THEN age_group
            WHEN GROUPING(county) = 0 THEN county WHEN GROUPING(race_ethnicity) = 0 THEN race_ethnicity
            WHEN GROUPING(gender) = 0 THEN gender WHEN GROUPING(primary_language) = 0 THEN primary_language END,
       start_month, length_days, open_start, count(*)::int, (count(*) FILTER (WHERE repeat_entry))::int
FROM entries
GROUP BY start_month, length_days, open_start,
  GROUPING SETS ((), (program), (age_group), (county), (race_ethnicity), (gender), (primary_language));
ANALYZE entry_month_counts;
