// The environment, read once and validated; everything else gets this object.
import { isIP } from 'node:net';
import { z } from 'zod';

/** Express's trust proxy: true or false, a number of proxies, or addresses and ranges (loopback, 10.0.0.0/8, …). */
function isTrustProxy(value: string): boolean {
  if (/^(true|false|\d+)$/.test(value)) return true;
  return value.split(',').every((part) => {
    const [address, bits, extra] = part.trim().split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(address) && bits === undefined) return true;
    return isIP(address) !== 0 && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits));
  });
}

/** A time zone the runtime knows (IANA names such as America/Chicago, or UTC). */
function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  DATABASE_URL: z.string().url().refine((url) => /^postgres(ql)?:\/\//i.test(url), 'must be a postgres:// (or postgresql://) URL').optional(),
  PGLITE_DIR: z.string().default('./.data/pglite'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  IMPORT_INBOX: z.string().optional(),
  IMPORT_SCHEDULE: z.string().optional(),
  MAX_REJECT_RATE: z.coerce.number().min(0).max(1).default(0.05),
  SUPPRESS_BELOW: z.coerce.number().int().min(1).default(11),
  TRUST_PROXY: z.string().trim().refine(isTrustProxy, 'must be true, false, a number of proxies, or proxy addresses (loopback, 10.0.0.0/8, …)').optional(),
  DEBUG: z.string().optional(),
  TZ: z.string().refine(isTimeZone, 'must be a time zone such as America/Chicago or UTC').optional(),
});

export interface Config {
  databaseUrl?: string;
  pgliteDir: string;
  port: number;
  host: string;
  importInbox?: string;
  importSchedule?: string;
  maxRejectRate: number;
  suppressBelow: number;
  trustProxy?: string;
  debug: boolean;
  timezone?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`Bad environment variable ${first.path.join('.')}: ${first.message}`);
  }
  const e = parsed.data;
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    port: e.PORT,
    host: e.HOST,
    importInbox: e.IMPORT_INBOX,
    importSchedule: e.IMPORT_SCHEDULE,
    maxRejectRate: e.MAX_REJECT_RATE,
    suppressBelow: e.SUPPRESS_BELOW,
    trustProxy: e.TRUST_PROXY,
    debug: Boolean(e.DEBUG),
    timezone: e.TZ,
  });
}
