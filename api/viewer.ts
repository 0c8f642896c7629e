// Who is asking: an API token (Authorization: Bearer) or the session cookie.
import type { NextFunction, Request, Response } from 'express';
import type { Warehouse } from '../sql/db.ts';
import { unauthorized } from './errors.ts';
import type { Viewer } from './access/tables.ts';
import { findSessionViewer } from './access/sessions.ts';
import { findTokenViewer } from './access/tokens.ts';

export const SESSION_COOKIE = 'ao_session';

/** Sets res.locals.viewer when the request carries valid credentials; a bad token is a 401 at once. */
export function identify(warehouse: Warehouse) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const authorization = req.get('authorization');
    if (authorization) {
      const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(authorization.trim());
      const viewer = match ? await findTokenViewer(warehouse, match[1]) : null;
      if (!viewer) return next(unauthorized('The API token is not valid (unknown, removed, or its user was removed).'));
      res.locals.viewer = viewer;
      return next();
    }
    const sessionId = sessionCookie(req);
    if (sessionId) {
      const viewer = await findSessionViewer(warehouse, sessionId);
      if (viewer) res.locals.viewer = viewer;
      else res.locals.staleSession = true;
    }
    next();
  };
}

export function sessionCookie(req: Request): string | null {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function requireViewer(res: Response): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) {
    if (res.locals.staleSession) res.clearCookie(SESSION_COOKIE, { path: '/' });
    throw unauthorized(res.locals.staleSession ? 'Your session has expired; sign in again.' : 'Sign in first.');
  }
  return viewer;
}
