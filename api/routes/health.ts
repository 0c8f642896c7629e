// GET /api/health: for load balancers and docker's health check; no sign-in, no figures.
import { Router } from 'express';
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import { getAsOf } from '../../metrics/index.ts';
import { parseQuery } from '../query.ts';

/** `suppressBelow`: the smallest count shown to funders (SUPPRESS_BELOW), so the page can say "fewer than N". */
export function healthRoutes(warehouse: Warehouse, suppressBelow: number): Router {
  const router = Router();
  router.get('/health', async (req, res) => {
    parseQuery(req, z.strictObject({}));
    try {
      const { asOf, lastImport } = await getAsOf(warehouse);
      res.json({ status: 'ok', database: warehouse.kind, asOf, lastImport, suppressBelow });
    } catch {
      res.status(503).json({ status: 'unavailable', database: warehouse.kind, asOf: null, lastImport: null, suppressBelow });
    }
  });
  return router;
}
