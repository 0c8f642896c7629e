// A database that cannot be reached is said in one sentence (interfaces.md), not as the driver's `connect ECONNREFUSED`.
import { describe, expect, it } from 'vitest';
import { databaseUnreachable } from '../../../bin/errors.ts';

const networkError = (code: string, fields: object) => Object.assign(new Error(`connect ${code}`), { code, ...fields });

describe('databaseUnreachable', () => {
  it('names the address and what happened, for one address or for each one Node tried', () => {
    const refused = networkError('ECONNREFUSED', { address: '127.0.0.1', port: 5433 });
    expect(databaseUnreachable(refused)).toBe('could not reach the database at 127.0.0.1:5433 (nothing answered there); is PostgreSQL running there, and is DATABASE_URL right?');
    expect(databaseUnreachable(new AggregateError([networkError('ECONNREFUSED', { address: '::1', port: 5433 }), refused]))).toMatch(/^could not reach the database at ::1:5433/);
    expect(databaseUnreachable(networkError('ENOTFOUND', { hostname: 'db.example.invalid' }))).toBe('the database host db.example.invalid was not found; check DATABASE_URL.');
  });

  it('leaves every other error to its own message', () => {
    expect(databaseUnreachable(new Error('password authentication failed for user "x"'))).toBeNull();
    expect(databaseUnreachable(networkError('EACCES', {}))).toBeNull();
    expect(databaseUnreachable('text')).toBeNull();
  });
});
