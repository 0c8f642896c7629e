// Sign-in rate limiting, kept in the database so a restart does not reset it.
import { sql } from 'kysely';
import type { Warehouse } from '../../sql/db.ts';
import { accessDb } from './tables.ts';

export interface SignInLimits {
  /** failures allowed per username in the window (since its last success) */
  perUsername: number;
  /** failures allowed per address in the window; higher, since offices share one address */
  perAddress: number;
  windowMinutes: number;
}

export const defaultSignInLimits: SignInLimits = { perUsername: 5, perAddress: 20, windowMinutes: 15 };

/**
 * Seconds until another attempt is allowed, or 0 when it is allowed now, counting `own` as one of the failures
 * (an attempt claimed and not yet settled counts as failed).
 */
async function retryAfter(warehouse: Warehouse, username: string, address: string, limits: SignInLimits, own: number): Promise<number> {
  const db = accessDb(warehouse);
  const windowStart = sql<Date>`now() - make_interval(mins => ${limits.windowMinutes})`;
  const lastSuccess = db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('username', '=', username)
    .where('succeeded', '=', true);
  const byUsername = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('failures'), sql<number>`extract(epoch from min(at) + make_interval(mins => ${limits.windowMinutes}) - now())`.as('wait')])
    .where('username', '=', username)
    .where('succeeded', '=', false)
    .where('at', '>', windowStart)
    .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
    .executeTakeFirstOrThrow();
  const byAddress = await db
    .selectFrom('sign_in_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('failures'), sql<number>`extract(epoch from min(at) + make_interval(mins => ${limits.windowMinutes}) - now())`.as('wait')])
    .where('address', '=', address)
    .where('succeeded', '=', false)
    .where('at', '>', windowStart)
    .executeTakeFirstOrThrow();
  const waits: number[] = [];
  if (Number(byUsername.failures) - own >= limits.perUsername) waits.push(Number(byUsername.wait));
  if (Number(byAddress.failures) - own >= limits.perAddress) waits.push(Number(byAddress.wait));
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : 0;
}

// The id as the driver returned it (pg reads bigint as text), handed back unchanged.
export type SignInClaim = { id: number; retryAfter: 0 } | { id: null; retryAfter: number };

/**
 * Claims a sign-in attempt before the password is checked: recorded as failed at once, then counted with every
 * other. Attempts sent together therefore cannot all pass the limit during the slow password check (each sees the
 * ones claimed before it); one over a limit is refused and forgotten, so hammering does not lengthen the wait.
 */
export async function claimSignInAttempt(warehouse: Warehouse, username: string, address: string, limits: SignInLimits): Promise<SignInClaim> {
  const db = accessDb(warehouse);
  const { id } = await db
    .insertInto('sign_in_attempts')
    .values({ username: username.slice(0, 200), address, succeeded: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  const wait = await retryAfter(warehouse, username.slice(0, 200), address, limits, 1);
  if (wait === 0) return { id, retryAfter: 0 };
  await db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
  return { id: null, retryAfter: wait };
}

/** A claimed attempt whose password was right: it no longer counts as a failure (and resets the username's count). */
export async function markSignInSucceeded(warehouse: Warehouse, id: number): Promise<void> {
  await accessDb(warehouse).updateTable('sign_in_attempts').set({ succeeded: true, at: sql<Date>`now()` }).where('id', '=', id).execute();
}
