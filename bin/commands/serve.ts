// `outcomes serve [--port 3000] [--host 127.0.0.1]`: the web server, the dashboard and, when configured, the inbox schedule.
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.ts';
import { parseOptions, UsageError } from '../usage.ts';
import { openWarehouse, type Warehouse } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';
import { createApp } from '../../api/app.ts';
import { audit } from '../../api/access/audit.ts';
import { buildDashboard, distDir, isDashboardStale } from '../../dashboard/build.ts';

export interface Listen {
  port: number;
  host: string;
}

export function parseListen(argv: string[], config: Readonly<Config>): Listen {
  const { values } = parseOptions({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535 (got "${values.port}").`);
  const host = values.host ?? config.host;
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) throw new UsageError(`--host must be a host name or address (got "${host}").`);
  return { port, host };
}

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const listen = parseListen(argv, config);
  const warehouse = await openWarehouse(config);
  try {
    await migrate(warehouse);
  } catch (error) {
    await warehouse.close();
    throw error;
  }
  return serve(config, warehouse, listen);
}

/** The shape of etl/inbox.ts, loaded only when an inbox is configured. */
interface InboxModule {
  startInboxSchedule(options: {
    warehouse: Warehouse; inbox: string; schedule: string; timezone?: string; log: Logger; maxRejectRate?: number;
    onImported?: (outcome: { folder: string; status: string; runId: number | null }) => Promise<void>;
  }): { stop(): void | Promise<void> };
}

/**
 * The server's log, one JSON line per event: on stdout, except errors, which go to stderr only (as every error
 * of the command line does), without a stack trace unless DEBUG is set.
 */
export function serverLogger(debug: boolean, out: DestinationStream = process.stdout, err: DestinationStream = process.stderr): Logger {
  const brief = (error: unknown) => (error instanceof Error ? { type: error.name, message: error.message } : error);
  return pino(
    { level: debug ? 'debug' : 'info', serializers: { err: debug ? pino.stdSerializers.err : brief } },
    pino.multistream([{ level: 'debug', stream: out }, { level: 'error', stream: err }], { dedupe: true }),
  );
}

/** Serves until SIGINT or SIGTERM, then closes the server and the warehouse (releasing PGlite's lock). */
export async function serve(config: Readonly<Config>, warehouse: Warehouse, listen: Listen, onListening?: (url: string) => void): Promise<number> {
  const log = serverLogger(config.debug);
  let schedule: { stop(): void | Promise<void> } | undefined;
  let server: Server | undefined;
  try {
    const dashboardDir = await ensureDashboard(log);
    const app = createApp({ config, warehouse, logger: log, dashboardDir });
    if (Boolean(config.importInbox) !== Boolean(config.importSchedule)) {
      log.warn(`${config.importInbox ? 'IMPORT_INBOX' : 'IMPORT_SCHEDULE'} is set without ${config.importInbox ? 'IMPORT_SCHEDULE' : 'IMPORT_INBOX'}: the inbox is not read; set both to import extracts dropped there.`);
    }
    if (config.trustProxy === 'true') {
      log.warn('TRUST_PROXY=true trusts every X-Forwarded-For header, so a client can choose the address the sign-in limit counts: set the number of proxies in front instead (usually 1), or their addresses.');
    }
    if (config.importInbox && config.importSchedule) {
      const inboxUrl = pathToFileURL(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../etl/inbox.ts')).href;
      const { startInboxSchedule } = (await import(inboxUrl)) as InboxModule;
      fs.mkdirSync(config.importInbox, { recursive: true });
      // The reject-rate guard of MAX_REJECT_RATE, as for `outcomes import` and uploads.
      // Every import has its audit log row (interfaces.md), scheduled ones under the name "inbox".
      const onImported = ({ folder, status, runId }: { folder: string; status: string; runId: number | null }) =>
        audit(warehouse, { action: 'import', username: 'inbox', detail: { runId, status, folder, via: 'inbox' } });
      schedule = startInboxSchedule({ warehouse, inbox: config.importInbox, schedule: config.importSchedule, timezone: config.timezone, log, maxRejectRate: config.maxRejectRate, onImported });
      log.info({ inbox: config.importInbox, schedule: config.importSchedule }, 'watching the import inbox');
    }
    // Express 5 hands a listen error to this callback: a port in use is an error, never "running".
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(listen.port, listen.host, (error?: Error) => (error ? reject(listenError(error, listen)) : resolve(s)));
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : listen.port;
    const shownHost = listen.host === '0.0.0.0' || listen.host === '::' ? 'localhost' : listen.host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`;
    console.log(`Agency outcomes is running at ${url} (database: ${warehouse.kind}). Stop it with Ctrl+C.`);
    onListening?.(url);
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    console.log(`${signal}: stopping…`);
    return 0;
  } finally {
    await schedule?.stop();
    if (server) {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { server!.closeAllConnections(); }, 5000);
        server!.close(() => { clearTimeout(timer); resolve(); });
      });
    }
    await warehouse.close();
  }
}

/** Why the server cannot listen, in one sentence. */
function listenError(error: Error & { code?: string }, listen: Listen): Error {
  if (error.code === 'EADDRINUSE') return new Error(`Port ${listen.port} on ${listen.host} is already in use; stop what holds it or choose another with --port (or PORT).`);
  if (error.code === 'EACCES') return new Error(`Port ${listen.port} on ${listen.host} needs privileges this user does not have; choose a port above 1023 with --port.`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new Error(`Cannot listen on host ${listen.host}: it is not an address of this machine; choose another with --host (or HOST).`);
  return new Error(`Cannot listen on ${listen.host}:${listen.port}: ${error.message}.`);
}

/** Builds the dashboard when its files are missing or older than its sources; serves the API alone if that fails. */
async function ensureDashboard(log: Logger): Promise<string | null> {
  try {
    if (await isDashboardStale()) {
      const started = Date.now();
      const dir = await buildDashboard();
      log.info({ ms: Date.now() - started }, 'dashboard built');
      return dir;
    }
    return distDir;
  } catch (error) {
    log.error({ err: { message: (error as Error).message } }, 'the dashboard could not be built; serving the API only');
    return null;
  }
}
