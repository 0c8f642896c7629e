-- Counties are grouped as the filter compares them, case-insensitively ("Franklin" and "FRANKLIN" are one
-- county): episode_facts keeps the lower-cased name as the key and county_counts the name to show, the most
-- common spelling among clients.
ALTER TABLE county_counts ADD COLUMN label text;
