-- Rebuilds facilitator_caseload from episodes and assignments (runs inside the import transaction).
TRUNCATE facilitator_caseload;

INSERT INTO facilitator_caseload (month, staff_id, open_episodes)
-- Who carries an episode when: its assignments if any were imported for it, else the facilitator of record.
-- An assignment's end date is its last day (the period during which the staff member was the facilitator),
-- unless another assignment of the episode starts that day (a handover: the new facilitator carries it); an
-- open-ended one ends with the episode, and none runs past the exit. end_date here is the first day not carried.
WITH carriers AS (
  SELECT a.staff_id, a.start_date,
         least(CASE WHEN h.episode_id IS NULL THEN a.end_date + 1 ELSE a.end_date END, e.end_date) AS end_date  -- least() skips nulls
  FROM assignments a
  JOIN episodes e ON e.episode_id = a.episode_id
  -- Another assignment of the episode starting on a's last day (a one-day assignment is not its own handover).
  LEFT JOIN (SELECT episode_id, start_date, count(*) AS starting FROM assignments GROUP BY episode_id, start_date) h
    ON h.episode_id = a.episode_id AND h.start_date = a.end_date AND (a.start_date < a.end_date OR h.starting >= 2)
  UNION ALL
  SELECT e.facilitator_id, e.start_date, e.end_date
  FROM episodes e
  WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.episode_id = e.episode_id)
),
-- A carrier counts on month start m when start_date <= m < end_date: +1 from the first
-- month start on or after start_date, -1 from the first month start on or after end_date.
deltas AS (
  SELECT staff_id, (date_trunc('month', (start_date - 1)::timestamp) + interval '1 month')::date AS month, 1 AS delta
  FROM carriers
  UNION ALL
  SELECT staff_id, (date_trunc('month', (end_date - 1)::timestamp) + interval '1 month')::date, -1
  FROM carriers
  WHERE end_date IS NOT NULL
),
-- Net change of each staff member's caseload at each month start.
changes AS (
  SELECT staff_id, month, sum(delta)::int AS delta FROM deltas GROUP BY staff_id, month
),
-- Month starts from the first change to the latest date the warehouse knows: its data, or the as-of date of
-- a committed import or of the one rebuilding the marts now (open episodes stay open up to it).
months AS (
  SELECT generate_series(
           (SELECT min(month) FROM changes)::timestamp,
           date_trunc('month', greatest(
             (SELECT max(greatest(start_date, end_date)) FROM episodes),
             (SELECT max(as_of) FROM import_runs WHERE status IN ('committed', 'running'))
           )::timestamp),
           interval '1 month')::date AS month
),
-- Each carrier's caseload on every month start: the running sum of its changes.
caseloads AS (
  SELECT s.staff_id, m.month,
         sum(coalesce(c.delta, 0)) OVER (PARTITION BY s.staff_id ORDER BY m.month) AS open_episodes
  FROM (SELECT DISTINCT staff_id FROM changes) s
  CROSS JOIN months m
  LEFT JOIN changes c ON c.staff_id = s.staff_id AND c.month = m.month
)
SELECT month, staff_id, open_episodes FROM caseloads WHERE open_episodes > 0;
ANALYZE facilitator_caseload;

