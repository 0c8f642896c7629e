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

/** Seconds until another attempt is allowed, or 0 when it is allowed now. */
export async function signInRetryAfter(warehouse: Warehouse, username: string, address: string, limits: SignInLimits): Promise<number> {
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
  if (Number(byUsername.failures) >= limits.perUsername) waits.push(Number(byUsername.wait));
  if (Number(byAddress.failures) >= limits.perAddress) waits.push(Number(byAddress.wait));
  return waits.length ? Math.max(1, Math.ceil(Math.max(...waits))) : 0;
}

export async function recordSignInAttempt(warehouse: Warehouse, username: string, address: string, succeeded: boolean): Promise<void> {
  await accessDb(warehouse).insertInto('sign_in_attempts').values({ username: username.slice(0, 200), address, succeeded }).execute();
}
