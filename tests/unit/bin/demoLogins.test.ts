import { describe, expect, it } from 'vitest';
import { demoLoginsFile } from '../../../bin/commands/demo.ts';

describe('demo logins file', () => {
  it('is .data/demo-logins.txt for the default embedded database, and one file per other database', () => {
    expect(demoLoginsFile({ pgliteDir: '.data/pglite' })).toBe('.data/demo-logins.txt');
    expect(demoLoginsFile({ pgliteDir: './.data/pglite/' })).toBe('.data/demo-logins.txt');
    const postgres = demoLoginsFile({ pgliteDir: '.data/pglite', databaseUrl: 'postgres://u:secret@db.example:5433/outcomes' });
    expect(postgres).toBe('.data/demo-logins-postgres-db.example_5433_outcomes.txt');
    expect(postgres).not.toContain('secret');
    const other = demoLoginsFile({ pgliteDir: '/srv/agency/pglite' });
    expect(other).toMatch(/^\.data\/demo-logins-pglite-_srv_agency_pglite\.txt$/);
    expect(new Set([postgres, other, demoLoginsFile({ pgliteDir: '.data/pglite' })]).size).toBe(3);
  });
});
