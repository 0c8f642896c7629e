// The data endpoints: parse the query, check the role, call one metric, shape it for the role, send JSON or CSV.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import * as metrics from '../../metrics/index.ts';
import { getWorkforce, workforceParamsSchema, type WorkforceParams } from '../../metrics/workforce/index.ts';
import { getFacilitatorDetail, getFacilitators, type FacilitatorsParams } from '../../metrics/facilitators/index.ts';
import { badRequest, notFound } from '../errors.ts';
import type { Viewer } from '../access/tables.ts';
import { csvFileName, toTable, workforceSections } from '../csv.ts';
import { sendCsvDownload } from './download.ts';
import { flagParam, formatParam, hasNul, noNul, parseQuery } from '../query.ts';
import { assertMayRequest, metricVariant, shapeForViewer, type Disclosure, type ResponseKind } from '../roles.ts';
import { getTeam } from '../team.ts';
import { cacheKey, MetricCache, renderedBody } from '../cache.ts';
import { requireViewer } from '../viewer.ts';

type Json = Record<string, any>;

interface DataRoute<S extends z.ZodType> {
  kind: ResponseKind;
  /** the query schema; `format` is added to it */
  schema: S;
  compute: (warehouse: Warehouse, params: Omit<z.output<S>, 'format' | 'section'>, req: Request) => Promise<unknown>;
  /** what the CSV file is called, before the period and as-of date */
  fileName: (params: Json, body: Json) => (string | null | undefined)[];
}

const fromNotAfterTo = (p: unknown) => {
  const { from, to } = p as { from?: string; to?: string };
  return !(from && to && from > to);
};
const fromNotAfterToIssue = { message: 'from must be on or before to', path: ['from'] };

/** An endpoint's own parameters on top of the shared ones; unknown parameters are refused by name. */
function querySchema<T extends z.ZodRawShape>(base: z.ZodObject<T>, extra: z.ZodRawShape = {}) {
  return base.extend({ format: formatParam, ...extra }).strict().refine(fromNotAfterTo, fromNotAfterToIssue);
}

const metricQuery = querySchema(metrics.metricParamsObject);
const survivalQuery = querySchema(metrics.metricParamsObject, { curve: flagParam.optional() });
const equityQuery = querySchema(metrics.equityParamsObject);
const facilitatorsQuery = querySchema(metrics.facilitatorParamsObject, { adjusted: flagParam.optional() });
// `section` picks one part of the detail's CSV (each of the page's figures downloads its own).
const detailSections = ['figures', 'trend', 'caseload', 'equity', 'certification'] as const;
const facilitatorDetailQuery = querySchema(metrics.facilitatorParamsObject, { section: z.enum(detailSections).optional() });
// `section` picks one figure's rows of the workforce CSV (api/csv.ts workforceSections).
const workforceQuery = querySchema(z.object(workforceParamsSchema.shape), { section: z.enum(workforceSections).optional() });
const trendQuery = querySchema(metrics.trendParamsObject);
const staffIdParam = z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters').refine((id) => !hasNul(id), noNul);

/** The staff id of /facilitators/:staffId; a bad one is a 400 naming `staffId`. */
function parseStaffId(text: string): string {
  const parsed = staffIdParam.safeParse(text);
  if (!parsed.success) throw badRequest('Bad staff id.', parsed.error.issues.map((issue) => ({ path: 'staffId', message: issue.message })));
  return parsed.data;
}

const byPart = (p: Json) => (p.by && p.by !== 'none' ? `by-${p.by}` : null);
const period = (body: Json) => [body.params?.from, body.params?.to, body.asOf ? `asof-${body.asOf}` : null];

function proportionRoute(name: string, compute: (w: Warehouse, p: metrics.MetricParams) => Promise<unknown>): DataRoute<typeof metricQuery> {
  return { kind: 'metric', schema: metricQuery, compute: (w, p) => compute(w, p), fileName: (p, body) => [name, byPart(p), ...period(body)] };
}

/** The metric's own parameters: `format` and `section` only choose how an answer is written, so they never reach the metric or the cache key. */
function metricParams<T extends { format?: unknown; section?: unknown }>(params: T): Omit<T, 'format' | 'section'> {
  const { format: _format, section: _section, ...rest } = params;
  return rest;
}

export function dataRoutes(warehouse: Warehouse, suppressBelow: number, cache: MetricCache | null = new MetricCache()): Router {
  const router = Router();

  function mount<S extends z.ZodType>(path: string, route: DataRoute<S>) {
    router.get(path, async (req: Request, res: Response) => {
      const viewer = requireViewer(res);
      const query = parseQuery(req, route.schema) as Json;
      const staffId = req.params.staffId === undefined ? undefined : parseStaffId(String(req.params.staffId));
      const disclosure: Disclosure = { suppressBelow, team: await getTeam(warehouse, viewer) };
      assertMayRequest(viewer, route.kind, query, disclosure, staffId);
      const params = { ...metricParams(query), ...metricVariant(viewer, route.kind, disclosure) };
      const compute = () => route.compute(warehouse, params as never, req);
      const key = cacheKey(req.route.path + (staffId ? `/${staffId}` : ''), params);
      const body = await (cache ? cache.get(warehouse, key, compute) : compute()).catch(asBadRequest);
      if (body === null || body === undefined) throw notFound(`No facilitator with staff id ${staffId}.`);
      if (query.format === 'csv') return sendCsv(res, viewer, route, shapeForViewer(route.kind, body as Json, viewer, disclosure), query, req);
      const render = () => JSON.stringify(shapeForViewer(route.kind, body as Json, viewer, disclosure));
      // What a viewer may see depends on the role and, for a supervisor, on whose team it is.
      const audience = viewer.role === 'supervisor' ? `supervisor:${viewer.staffId ?? ''}` : viewer.role;
      const rendered = cache ? cache.renderOnce(body as object, audience, render) : renderedBody(render());
      // With the tag set, Express answers a matching If-None-Match with 304 without hashing the body again.
      res.type('application/json').setHeader('ETag', rendered.etag);
      res.send(rendered.body);
    });
  }

  async function sendCsv(res: Response, viewer: Viewer, route: DataRoute<z.ZodType>, body: Json, query: Json, req: Request) {
    await sendCsvDownload(warehouse, req, res, viewer, csvFileName(route.fileName(query, body)), toTable(route.kind, body, { curve: Boolean(query.curve), section: query.section }));
  }

  mount('/metrics/reentry', proportionRoute('reentry', metrics.getReentry));
  mount('/metrics/successful-exits', proportionRoute('successful-exits', metrics.getSuccessfulExits));
  mount('/metrics/repeat-entries', proportionRoute('repeat-entries', metrics.getRepeatEntries));
  mount('/metrics/time-in-services', {
    kind: 'metric',
    schema: survivalQuery,
    compute: (w, p) => {
      const { curve: _curve, ...params } = p as typeof p & { curve?: boolean };
      return metrics.getTimeInServices(w, params);
    },
    fileName: (p, body) => ['time-in-services', byPart(p), p.curve ? 'curve' : null, ...period(body)],
  });
  mount('/metrics/workforce', {
    kind: 'workforce',
    schema: workforceQuery,
    compute: (w, p) => getWorkforce(w, p as WorkforceParams),
    fileName: (p, body) => ['workforce', byPart(p), p.cohort === 'all' ? 'tenure-all-hires' : null, p.section, ...period(body)],
  });
  mount('/facilitators', {
    kind: 'facilitators',
    schema: facilitatorsQuery,
    compute: (w, p) => getFacilitators(w, p as FacilitatorsParams),
    fileName: (p, body) => ['facilitators', p.metric ?? 'reentry', byPart(p), p.adjusted ? 'adjusted' : null, ...period(body)],
  });
  mount('/facilitators/:staffId', {
    kind: 'facilitatorDetail',
    schema: facilitatorDetailQuery,
    compute: (w, p, req) => getFacilitatorDetail(w, String(req.params.staffId).trim(), p as FacilitatorsParams),
    fileName: (p, body) => [`facilitator-${body.facilitator?.staffId}`, p.metric ?? 'reentry', p.section, ...period(body)],
  });
  mount('/equity', {
    kind: 'equity',
    schema: equityQuery,
    compute: (w, p) => metrics.getEquity(w, p as metrics.EquityParams),
    fileName: (p, body) => ['equity', p.metric, `by-${p.dimension}`, body.reference ? `ref-${body.reference}` : null, ...period(body)],
  });

  mount('/trend', {
    kind: 'trend',
    schema: trendQuery,
    compute: (w, p) => metrics.getTrend(w, p as metrics.TrendParams),
    fileName: (p, body) => [p.metric, `by-${p.per ?? 'quarter'}`, body.periods?.[0]?.from, body.periods?.at(-1)?.to, body.asOf ? `asof-${body.asOf}` : null],
  });

  router.get('/filters', async (req, res) => {
    const viewer = requireViewer(res);
    const { format } = parseQuery(req, z.strictObject({ format: formatParam }));
    const filters = () => metrics.getFilters(warehouse);
    const body = (await (cache ? cache.get(warehouse, cacheKey('/filters', {}), filters) : filters())) as metrics.Filters;
    if (format === 'csv') return sendCsvDownload(warehouse, req, res, viewer, csvFileName(['filters', body.asOf ? `asof-${body.asOf}` : null]), toTable('filters', body));
    res.json(body);
  });

  return router;
}

/** A metric refusing its input is the caller's mistake (400), not the server's. */
function asBadRequest(error: unknown): never {
  if (error instanceof metrics.MetricInputError) throw badRequest(error.message, error.issues);
  throw error;
}
