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

interface Failures {
  /** Failures in the window: settled ones, and claims made before the caller's still in their password check. */
  all: number;
  /** Of those, the claims still pending. */
  pending: number;
  /** Seconds until the oldest failure leaves the window. */
  wait: number;
}

/**
 * The failures counted against each limit for the claim `own`: per username (since its last success) and per
 * address, in the window. Pending claims count only when made before it, so two claims never wait for each other.
 */
async function failures(warehouse: Warehouse, username: string, address: string, limits: SignInLimits, own: number): Promise<{ byUsername: Failures; byAddress: Failures }> {
  const db = accessDb(warehouse);
  const windowStart = sql<Date>`now() - make_interval(mins => ${limits.windowMinutes})`;
  const lastSuccess = db
    .selectFrom('sign_in_attempts')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('username', '=', username)
    .where('succeeded', '=', true);
  const counted = (rows: { n: number | string; pending: number | string; wait: number | string | null }): Failures => ({
    all: Number(rows.n),
    pending: Number(rows.pending),
    wait: Number(rows.wait ?? 0),
  });
  const columns = [
    sql<number>`count(*)`.as('n'),
    sql<number>`count(*) FILTER (WHERE pending)`.as('pending'),
    sql<number>`extract(epoch from min(at) + make_interval(mins => ${limits.windowMinutes}) - now())`.as('wait'),
  ];
  const byUsername = await db
    .selectFrom('sign_in_attempts')
    .select(columns)
    .where('username', '=', username)
    .where('succeeded', '=', false)
    .where('at', '>', windowStart)
    .where((eb) => eb.or([eb('pending', '=', false), eb('id', '<', own)]))
    .where((eb) => eb.or([eb(lastSuccess, 'is', null), eb('at', '>', lastSuccess)]))
    .executeTakeFirstOrThrow();
  const byAddress = await db
    .selectFrom('sign_in_attempts')
    .select(columns)
    .where('address', '=', address)
    .where('succeeded', '=', false)
    .where('at', '>', windowStart)
    .where((eb) => eb.or([eb('pending', '=', false), eb('id', '<', own)]))
    .executeTakeFirstOrThrow();
  return { byUsername: counted(byUsername), byAddress: counted(byAddress) };
}

export type SignInClaim = { id: number; retryAfter: 0 } | { id: null; retryAfter: number };

/** How long a claim waits for others' password checks to settle before it is refused (they take ~0.1 s each). */
const PENDING_PATIENCE_MS = 3000;

/**
 * Claims a sign-in attempt before its password is checked: recorded at once as a pending failure, and counted with
 * the settled failures and the claims made before it, so attempts sent together cannot all pass a limit during the
 * slow password check. Over a limit on settled failures alone: refused at once (and forgotten, so hammering does
 * not lengthen the wait), with the real wait. Over it only because earlier claims are still being checked
 * (colleagues behind one address signing in together, a user's two tabs): it waits for them to settle, and is
 * refused only if they turn out to be failures.
 */
export async function claimSignInAttempt(warehouse: Warehouse, username: string, address: string, limits: SignInLimits): Promise<SignInClaim> {
  const db = accessDb(warehouse);
  const name = username.slice(0, 200);
  const { id } = await db
    .insertInto('sign_in_attempts')
    .values({ username: name, address, succeeded: false, pending: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const over = (f: Failures, limit: number) => f.all >= limit;
  const overSettled = (f: Failures, limit: number) => f.all - f.pending >= limit;
  const deadline = Date.now() + PENDING_PATIENCE_MS;
  for (;;) {
    const { byUsername, byAddress } = await failures(warehouse, name, address, limits, id);
    if (!over(byUsername, limits.perUsername) && !over(byAddress, limits.perAddress)) return { id, retryAfter: 0 };
    const settledOver = overSettled(byUsername, limits.perUsername) || overSettled(byAddress, limits.perAddress);
    if (settledOver || Date.now() >= deadline) {
      await db.deleteFrom('sign_in_attempts').where('id', '=', id).execute();
      const waits = [
        ...(over(byUsername, limits.perUsername) ? [settledOver ? byUsername.wait : 1] : []),
        ...(over(byAddress, limits.perAddress) ? [settledOver ? byAddress.wait : 1] : []),
      ];
      return { id: null, retryAfter: Math.max(1, Math.ceil(Math.max(...waits))) };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A claimed attempt's outcome: a right password no longer counts as a failure (and resets the username's count). */
export async function settleSignInAttempt(warehouse: Warehouse, id: number, succeeded: boolean): Promise<void> {
  await accessDb(warehouse).updateTable('sign_in_attempts').set(succeeded ? { succeeded: true, pending: false, at: sql<Date>`now()` } : { pending: false }).where('id', '=', id).execute();
}

/** A claim whose check could not be made (an error, not a wrong password): it does not count against anyone. */
export async function dropSignInAttempt(warehouse: Warehouse, id: number): Promise<void> {
  await accessDb(warehouse).deleteFrom('sign_in_attempts').where('id', '=', id).execute();
}
