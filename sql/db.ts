// One way to reach the warehouse: PostgreSQL through `pg` when a URL is given,
// else embedded PGlite in a folder. Both return `date` columns as 'YYYY-MM-DD'
// strings and counts as JS numbers, so the same SQL gives the same values.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** A raw connection: parameterised queries and bulk COPY ... FROM STDIN. */
export interface Client {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs a script of several statements (no parameters), e.g. a migration. */
  exec(text: string): Promise<void>;
  /** Runs `COPY table (cols) FROM STDIN WITH (FORMAT csv)` with the given CSV chunks. */
  copyCsv(table: string, columns: string[], chunks: Iterable<string> | AsyncIterable<string>): Promise<void>;
}

export interface Warehouse {
  kind: DatabaseKind;
  db: Kysely<Database>;
  /** Holds one connection for the whole callback (no transaction). */
  withClient<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  /** BEGIN ... COMMIT on one connection; ROLLBACK when fn throws. */
  transaction<T>(fn: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface WarehouseOptions {
  /** postgres://… ; when absent the embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; `memory://` for a throwaway in-memory database. */
  pgliteDir?: string;
  /** Hold the PGlite folder's lock file (default true for folders on disk). */
  lock?: boolean;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const identity = (v: string) => v;
const toNumber = (v: string) => Number(v);

export async function openWarehouse(options: WarehouseOptions): Promise<Warehouse> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDir ?? './.data/pglite', options.lock ?? true);
}

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

function copySql(table: string, columns: string[], source: string): string {
  return `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM ${source} WITH (FORMAT csv)`;
}

// ---------------------------------------------------------------- PostgreSQL

async function openPostgres(connectionString: string): Promise<Warehouse> {
  const pgTypes = {
    getTypeParser(oid: number, format?: string) {
      if (oid === DATE_OID) return identity;
      if (oid === INT8_OID || oid === NUMERIC_OID) return toNumber;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = new pg.Pool({ connectionString, types: pgTypes as pg.CustomTypesConfig, max: 10 });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => {});
  // Metric queries sort and hash a year of exits (about 200,000 rows at a million episodes); the server's
  // default 4 MB would send those to disk. Doubles are read back exactly (a server set to extra_float_digits = 0
  // would round them to 15 digits, unlike PGlite). Queued before the connection's first query.
  pool.on('connect', (c) => void c.query(`SET work_mem = '64MB'; SET extra_float_digits = 3`).catch(() => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  const wrap = (c: pg.PoolClient): Client => ({
    async query(text, params) {
      const r = await c.query(text, params as unknown[]);
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    },
    async exec(text) {
      await c.query(text);
    },
    async copyCsv(table, columns, chunks) {
      const stream = c.query(copyFrom(copySql(table, columns, 'STDIN')));
      await pipeline(Readable.from(chunks as AsyncIterable<string>), stream);
    },
  });

  const withClient = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      return await fn(wrap(c));
    } finally {
      c.release();
    }
  };

  return {
    kind: 'postgres',
    db,
    withClient,
    transaction: (fn) => withClient((c) => inTransaction(c, fn)),
    async close() {
      // Kysely ends the pool only once it has run a query of its own; raw queries (withClient) would otherwise
      // keep the process alive until pg's idle timeout (10 s at the end of every `outcomes metric`).
      await db.destroy();
      if (!pool.ended && !pool.ending) await pool.end();
    },
  };
}

async function inTransaction<T>(c: Client, fn: (client: Client) => Promise<T>): Promise<T> {
  await c.query('BEGIN');
  try {
    const result = await fn(c);
    await c.query('COMMIT');
    return result;
  } catch (error) {
    await c.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

// -------------------------------------------------------------------- PGlite

/** PGlite allows one process per folder; a second one would corrupt it. */
export class DatabaseInUseError extends Error {}

function takeLock(dir: string): () => void {
  const lockPath = path.resolve(dir) + '.lock';
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (holder && holder !== process.pid && isAlive(holder)) {
        const command = outcomesCommand(holder);
        throw new DatabaseInUseError(
          `The embedded database ${path.resolve(dir)} is in use by process ${holder}${command ? ` (\`outcomes ${command}\`)` : ''}. ` +
            (command && command !== 'serve' && command !== 'demo'
              ? 'Wait for it to finish, then try again.'
              : 'Stop that process first, or import through the running server (its inbox or the Data page upload).'),
        );
      }
      // The holder died without cleaning up: the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not lock the embedded database ${path.resolve(dir)}.`);
}

/** The `outcomes` command a process runs (`serve`, `import`…), read from /proc where there is one; else null. */
function outcomesCommand(pid: number): string | null {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.findIndex((a) => /(^|[/\\])outcomes(\.js)?$/.test(a));
    return at >= 0 && /^[a-z]+$/.test(args[at + 1] ?? '') ? args[at + 1] : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite is one connection: callers queue for it, like a pool of size one. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

async function openPglite(given: string, lock: boolean): Promise<Warehouse> {
  const inMemory = given.startsWith('memory://');
  // Through a symbolic link the same folder has two names: the lock and PGlite both take the real one.
  const dir = inMemory || !fs.existsSync(given) ? given : fs.realpathSync(given);
  const release = !inMemory && lock ? takeLock(dir) : () => {};
  let pglite: PGlite;
  try {
    if (!inMemory) fs.mkdirSync(dir, { recursive: true });
    pglite = await PGlite.create({
      dataDir: inMemory ? undefined : dir,
      parsers: { [DATE_OID]: identity, [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
    });
  } catch (error) {
    release();
    throw error;
  }
  const mutex = new Mutex();

  const client: Client = {
    async query(text, params) {
      const r = await pglite.query(text, params as unknown[]);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? 0 };
    },
    async exec(text) {
      await pglite.exec(text);
    },
    async copyCsv(table, columns, chunks) {
      const parts: string[] = [];
      for await (const chunk of chunks as AsyncIterable<string>) parts.push(chunk);
      await pglite.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob(parts) });
    },
  };

  const withClient = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const unlock = await mutex.acquire();
    try {
      return await fn(client);
    } finally {
      unlock();
    }
  };

  // Kysely talks to PGlite through a pool of one connection, queued by the mutex.
  const pool = {
    async connect() {
      const unlock = await mutex.acquire();
      return {
        async query(text: string, params: readonly unknown[]) {
          const r = await pglite.query(text, params as unknown[]);
          const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
          return { command, rowCount: r.affectedRows ?? 0, rows: r.rows };
        },
        release: unlock,
      };
    },
    async end() {},
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });

  return {
    kind: 'pglite',
    db,
    withClient,
    transaction: (fn) => withClient((c) => inTransaction(c, fn)),
    async close() {
      await db.destroy();
      await pglite.close();
      release();
    },
  };
}
