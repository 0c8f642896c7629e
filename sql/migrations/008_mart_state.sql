-- Which definition of the marts built their content (a checksum of sql/marts/*.sql): after an upgrade
-- changes a mart, `migrate` rebuilds them from the stored records instead of waiting for an import.
CREATE TABLE mart_state (
  checksum text NOT NULL
);
