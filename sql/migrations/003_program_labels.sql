-- Program names as staff wrote them: one row per program key (lower(trim(program)))
-- with its most common original spelling. Rebuilt by sql/marts/020_program_labels.sql.
CREATE TABLE program_labels (
  program  text PRIMARY KEY,   -- the key episode_facts.program holds
  label    text NOT NULL,      -- the most common trimmed spelling; ties go to the first in byte order
  episodes integer NOT NULL    -- episodes under any spelling
);
