// The Express app: security headers, request logs, sign-in, the data endpoints
// of interfaces.md, imports, the built dashboard, and one error middleware.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { Config } from '../bin/config.ts';
import type { Warehouse } from '../sql/db.ts';
import { defaultSignInLimits, type SignInLimits } from './access/attempts.ts';
import type { Viewer } from './access/tables.ts';
import { errorHandler, unknownApiRoute } from './errors.ts';
import { MetricCache } from './cache.ts';
import { dataRoutes } from './routes/data.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/imports.ts';
import { sessionRoutes } from './routes/session.ts';
import { identify } from './viewer.ts';

export interface AppOptions {
  config: Readonly<Config>;
  warehouse: Warehouse;
  logger?: Logger;
  /** the built dashboard (dashboard/dist by default, when it exists); null serves the API alone */
  dashboardDir?: string | null;
  signInLimits?: SignInLimits;
  /** largest zip accepted by POST /api/imports, in bytes */
  uploadLimit?: number;
  /** keep computed metrics until the next import (default true) */
  metricCache?: boolean;
}

export const defaultDashboardDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dashboard', 'dist');

export function createApp({ config, warehouse, logger, dashboardDir, signInLimits, uploadLimit, metricCache = true }: AppOptions): express.Express {
  const log = logger ?? pino({ level: config.debug ? 'debug' : 'info' });
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxySetting(config.trustProxy));
  app.set('query parser', 'simple');

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Agencies often run it on plain HTTP inside their network; HSTS only when behind TLS.
      // Behind a TLS proxy only: TRUST_PROXY=false (or 0) trusts none.
      strictTransportSecurity: ![false, 0].includes(trustProxySetting(config.trustProxy) as boolean | number),
      frameguard: { action: 'deny' },
    }),
  );
  app.use(requestLog(log));

  const api = express.Router();
  api.use(express.json({ limit: '100kb', type: 'application/json' }));
  api.use(cookieParser());
  api.use(healthRoutes(warehouse, config.suppressBelow));
  api.use(identify(warehouse));
  api.use(sessionRoutes(warehouse, signInLimits ?? defaultSignInLimits));
  api.use(dataRoutes(warehouse, config.suppressBelow, metricCache ? new MetricCache() : null));
  api.use(importRoutes(warehouse, { maxRejectRate: config.maxRejectRate, uploadLimit: uploadLimit ?? 1024 ** 3, log }));
  api.use(unknownApiRoute);
  app.use('/api', (_req, res, next) => {
    // Figures depend on who asks: never cached by a shared proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  }, api);

  const dir = dashboardDir === undefined ? defaultDashboardDir : dashboardDir;
  if (dir && fs.existsSync(path.join(dir, 'index.html'))) {
    // index.html is revalidated each time so a new build shows at once; the bundles may be cached an hour.
    const revalidateIndex = (res: express.Response, file: string) => {
      if (file.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    };
    app.use(express.static(dir, { index: 'index.html', maxAge: '1h', setHeaders: revalidateIndex }));
    // The dashboard routes in the browser: any other page gets index.html.
    app.get(/^(?!\/api(\/|$)).*/, (_req, res) => res.setHeader('Cache-Control', 'no-cache').sendFile(path.join(dir, 'index.html')));
  }
  app.use(errorHandler(log));
  return app;
}

function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** One structured line per request: no query strings, no usernames, no personal data. */
function requestLog(log: Logger): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const viewer = res.locals.viewer as Viewer | undefined;
      log.info({
        method: req.method,
        route: req.route?.path ? `${req.baseUrl}${req.route.path}` : req.path.startsWith('/api') ? 'unmatched /api' : 'static',
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        role: viewer?.role ?? null,
      }, 'request');
    });
    next();
  };
}
