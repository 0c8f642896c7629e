// Imports through the server (leaders): upload a zipped extract, follow its run, page through rejected rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Warehouse } from '../../sql/db.ts';
import type { ImportProgress } from '../../etl/importExtract.ts';
import { auditedImport } from '../access/audit.ts';
import { HttpError, badRequest, notFound } from '../errors.ts';
import { getImportRejects, getImportRun, listImportRuns } from '../imports/runs.ts';
import { unzipExtract, ZipError } from '../imports/unzip.ts';
import { csvFileName, toTable } from '../csv.ts';
import { sendCsvDownload } from './download.ts';
import { flagParam, formatParam, parseQuery } from '../query.ts';
import { assertMaySeeImports } from '../roles.ts';
import { requireViewer } from '../viewer.ts';

export interface ImportRouteOptions {
  maxRejectRate: number;
  uploadLimit: number;
  log: Logger;
}

const zipTypes = ['application/zip', 'application/x-zip-compressed', 'application/x-zip'];
const requiredFiles = ['staff.csv', 'clients.csv', 'episodes.csv'];
const runIdParam = z.coerce.number().int().min(1).max(2 ** 31 - 1);

const uploadQuery = z.strictObject({
  replace: flagParam.optional(),
  // shown as the run's source; the upload's file name by default
  // Not dots alone: the name is a folder's, and `..` would be the folder above the upload's own.
  name: z.string().trim().regex(/^[A-Za-z0-9 ._-]{1,80}$/, 'may hold letters, digits, spaces and . _ - (at most 80)').refine((n) => !/^\.+$/.test(n), 'may not be dots alone').optional(),
});
const listQuery = z.strictObject({ format: formatParam });
const rejectsQuery = z.strictObject({
  format: formatParam,
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
  reason: z.string().trim().min(1).max(100).optional(),
  file: z.string().trim().min(1).max(100).optional(),
});

function parseRunId(req: Request): number {
  const parsed = runIdParam.safeParse(req.params.id);
  if (!parsed.success) throw badRequest('Bad import run id.', [{ path: 'id', message: 'must be a positive whole number' }]);
  return parsed.data;
}

/** Streams the request body to a file, refusing it past `limit` bytes. */
async function saveBody(req: Request, file: string, limit: number): Promise<number> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > limit) throw new HttpError(413, 'The upload is too large.');
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      callback(seen > limit ? new HttpError(413, 'The upload is too large.') : null, chunk);
    },
  });
  await pipeline(req, counter, fs.createWriteStream(file));
  return seen;
}

export function importRoutes(warehouse: Warehouse, options: ImportRouteOptions): Router {
  const router = Router();
  let uploading = false;
  // The upload being imported (one at a time) and the importer's latest progress report.
  const current: { runId: number | null; progress: ImportProgress | null } = { runId: null, progress: null };

  router.post('/imports', async (req, res) => {
    const viewer = requireViewer(res);
    assertMaySeeImports(viewer);
    const query = parseQuery(req, uploadQuery);
    if (!req.is(zipTypes)) throw new HttpError(415, 'Upload the extract as one zip file (Content-Type: application/zip).');
    if (uploading) throw new HttpError(409, 'An upload is already being imported; wait for it to finish.');
    uploading = true;
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-upload-'));
    const cleanUp = () => fs.rmSync(workDir, { recursive: true, force: true });
    let started = false;
    try {
      const zipPath = path.join(workDir, 'upload.zip');
      await saveBody(req, zipPath, options.uploadLimit);
      // In a folder of its own beside the zip (a name of upload.zip cannot meet it), and never outside it.
      const extracts = path.join(workDir, 'extracts');
      const folder = path.join(extracts, (query.name ?? `upload ${new Date().toISOString().slice(0, 10)}`).replace(/ /g, '_'));
      if (path.dirname(folder) !== extracts) throw badRequest('Bad request parameters.', [{ path: 'name', message: 'must name a folder' }]);
      let files: string[];
      try {
        files = await unzipExtract(zipPath, folder);
      } catch (error) {
        if (error instanceof ZipError) throw badRequest(error.message, [{ path: 'body', message: error.message }]);
        throw error;
      }
      fs.rmSync(zipPath, { force: true });
      const missing = requiredFiles.filter((f) => !files.includes(f));
      if (missing.length) throw badRequest(`The zip has no ${missing.join(', ')}; an extract needs ${requiredFiles.join(', ')}.`, missing.map((f) => ({ path: 'body', message: `${f} is missing` })));

      current.runId = null;
      current.progress = null;
      const onProgress = (progress: ImportProgress) => {
        current.progress = progress;
      };
      const running = auditedImport(warehouse, folder, { replace: Boolean(query.replace), maxRejectRate: options.maxRejectRate, onProgress }, {
        viewer,
        address: req.ip,
        detail: { files, replace: Boolean(query.replace) },
      });
      started = true;
      // A failed import is audited too, then logged.
      running
        .catch((error: Error) => options.log.error({ err: { message: error.message } }, 'upload import failed'))
        .finally(() => {
          uploading = false;
          cleanUp();
        });
      // The run row appears as soon as the import starts (on PGlite, once it has finished).
      const runId = await Promise.race([running.then((r) => r.runId), findRunByFolder(warehouse, folder)]).catch(() => null);
      if (runId === null) throw new HttpError(500, 'The import could not be started; see the server log.');
      current.runId = runId;
      res.status(202).location(`/api/imports/${runId}`).json({ runId, status: 'running', files });
    } finally {
      if (!started) {
        uploading = false;
        cleanUp();
      }
    }
  });

  router.get('/imports', async (req, res) => {
    const viewer = requireViewer(res);
    assertMaySeeImports(viewer);
    const query = parseQuery(req, listQuery);
    const body = { runs: await listImportRuns(warehouse) };
    if (query.format === 'csv') return sendCsvDownload(warehouse, req, res, viewer, csvFileName(['imports', new Date().toISOString().slice(0, 10)]), toTable('imports', body));
    res.json(body);
  });

  router.get('/imports/:id', async (req, res) => {
    assertMaySeeImports(requireViewer(res));
    parseQuery(req, z.strictObject({}));
    const run = await getImportRun(warehouse, parseRunId(req));
    if (!run) throw notFound('No such import run.');
    // While an upload runs, the importer's latest stage (reading a file, checking, writing, marts).
    res.json(run.status === 'running' && run.id === current.runId ? { ...run, progress: current.progress } : run);
  });

  router.get('/imports/:id/rejects', async (req, res) => {
    const viewer = requireViewer(res);
    assertMaySeeImports(viewer);
    const runId = parseRunId(req);
    const query = parseQuery(req, rejectsQuery);
    if (!(await getImportRun(warehouse, runId))) throw notFound('No such import run.');
    const body = await getImportRejects(warehouse, runId, query);
    if (query.format === 'csv') {
      return sendCsvDownload(warehouse, req, res, viewer, csvFileName([`import-${runId}-rejects`, query.reason, query.file, `page-${query.page}`]), toTable('rejects', body));
    }
    res.json(body);
  });

  return router;
}

/** Polls for the run the importer records for this folder (it stores the absolute path). */
async function findRunByFolder(warehouse: Warehouse, folder: string): Promise<number> {
  const absolute = path.resolve(folder);
  for (let attempt = 0; attempt < 600; attempt++) {
    const row = await warehouse.db.selectFrom('import_runs').select('id').where('folder', '=', absolute).orderBy('id', 'desc').executeTakeFirst();
    if (row) return row.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('import run not found');
}
