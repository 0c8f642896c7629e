// Sign in, sign out, who am I.
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import { HttpError, fromZod, unauthorized } from '../errors.ts';
import { audit } from '../access/audit.ts';
import { claimSignInAttempt, dropSignInAttempt, settleSignInAttempt, type SignInLimits } from '../access/attempts.ts';
import { spendDecoyVerification, verifyPassword } from '../access/passwords.ts';
import { createSession, deleteSession } from '../access/sessions.ts';
import { findUserCredentials } from '../access/users.ts';
import { hasNul, noNul, parseQuery } from '../query.ts';
import type { Viewer } from '../access/tables.ts';
import { requireViewer, sessionCookie, SESSION_COOKIE } from '../viewer.ts';

const signInBody = z.strictObject({
  username: z.string().trim().min(1, 'is required').max(200).refine((text) => !hasNul(text), noNul),
  password: z.string().min(1, 'is required').max(1000),
});

export function sessionRoutes(warehouse: Warehouse, limits: SignInLimits): Router {
  const router = Router();
  const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: 'strict' as const, secure: req.secure, path: '/' });

  router.post('/session', async (req, res) => {
    const parsed = signInBody.safeParse(req.body ?? {});
    if (!parsed.success) throw fromZod(parsed.error, 'Give a username and a password.');
    const { username, password } = parsed.data;
    const address = req.ip ?? 'unknown';
    const { id: attempt, retryAfter } = await claimSignInAttempt(warehouse, username, address, limits);
    if (attempt === null) {
      await audit(warehouse, { action: 'sign_in_failed', username, address, detail: { reason: 'rate_limited' } });
      const when = retryAfter < 60 ? 'a moment' : `${Math.ceil(retryAfter / 60)} minute(s)`;
      throw new HttpError(429, `Too many failed sign-ins; try again in ${when}.`, [], { 'Retry-After': String(retryAfter) });
    }
    let user: Awaited<ReturnType<typeof findUserCredentials>>;
    let ok: boolean;
    try {
      user = await findUserCredentials(warehouse, username);
      ok = user ? await verifyPassword(password, user.password_hash) : (await spendDecoyVerification(password), false);
      await settleSignInAttempt(warehouse, attempt, ok);
    } catch (error) {
      // Not a wrong password: the claim counts against no one.
      await dropSignInAttempt(warehouse, attempt).catch(() => {});
      throw error;
    }
    if (!user || !ok) {
      await audit(warehouse, { action: 'sign_in_failed', username, address, detail: { reason: 'bad_credentials' } });
      throw unauthorized('Wrong username or password.');
    }
    // Rotation: whatever session the browser had before is ended, and a new id issued.
    const previous = sessionCookie(req);
    if (previous) await deleteSession(warehouse, previous);
    const sessionId = await createSession(warehouse, user.username);
    const viewer = { username: user.username, role: user.role, staffId: user.staff_id };
    await audit(warehouse, { action: 'sign_in', viewer, address });
    res.locals.viewer = viewer;
    res.cookie(SESSION_COOKIE, sessionId, cookieOptions(req));
    res.json(viewer);
  });

  router.delete('/session', async (req, res) => {
    const viewer = requireViewer(res);
    const sessionId = sessionCookie(req);
    if (sessionId) await deleteSession(warehouse, sessionId);
    await audit(warehouse, { action: 'sign_out', viewer, address: req.ip });
    res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.status(204).end();
  });

  // Asked by the page before anything else: 200 signed in or not, so a signed-out visit logs no failed request
  // (and an expired session is told apart from none, to say so on the sign-in page).
  router.get('/session', (req, res) => {
    parseQuery(req, z.strictObject({}));
    const viewer = res.locals.viewer as Viewer | undefined;
    const expired = !viewer && res.locals.staleSession === true;
    if (expired) res.clearCookie(SESSION_COOKIE, cookieOptions(req));
    res.json({ user: viewer ? { username: viewer.username, role: viewer.role, staffId: viewer.staffId } : null, expired });
  });

  router.get('/me', (req, res) => {
    const viewer = requireViewer(res);
    parseQuery(req, z.strictObject({}));
    res.json({ username: viewer.username, role: viewer.role, staffId: viewer.staffId });
  });

  return router;
}
