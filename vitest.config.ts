import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Every database-touching suite opens its own PGlite and its own PostgreSQL database.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
    pool: 'forks',
    // The run's temporary folders under one folder, removed at the end (tests/tmpdir.ts).
    globalSetup: ['tests/tmpdir.ts'],
  },
});
