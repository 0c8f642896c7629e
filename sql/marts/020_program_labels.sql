-- Rebuilds program_labels from the episodes (runs inside the import transaction).
TRUNCATE program_labels;

INSERT INTO program_labels (program, label, episodes)
-- Every spelling of each program, with how often it was used.
WITH spellings AS (
  SELECT lower(trim(program)) AS program, trim(program) AS spelling, count(*)::int AS n
  FROM episodes
  GROUP BY 1, 2
),
-- A program shows under its most common spelling; ties go to the first in byte order, the same on every server.
ranked AS (
  SELECT program, spelling, n,
         row_number() OVER (PARTITION BY program ORDER BY n DESC, spelling COLLATE "C") AS nth,
         sum(n) OVER (PARTITION BY program)::int AS episodes
  FROM spellings
)
SELECT program, spelling, episodes FROM ranked WHERE nth = 1;
ANALYZE program_labels;
