// The environment is validated once, naming the variable in one sentence (architecture.md: config through zod).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../bin/config.ts';

describe('loadConfig', () => {
  it('takes TRUST_PROXY as true, false, a number of proxies, or proxy addresses and ranges', () => {
    for (const value of ['true', 'false', '1', '2', 'loopback', '10.0.0.0/8, 172.16.0.0/12', '::1', 'loopback,192.168.1.10']) {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(value.trim());
    }
  });

  it('refuses any other TRUST_PROXY, or an unknown TZ, naming the variable', () => {
    for (const value of ['yes', '10.0.0.0/8/1', 'proxy.example.org', '300.1.1.1']) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/^Bad environment variable TRUST_PROXY: must be true, false, a number of proxies/);
    }
    expect(() => loadConfig({ TZ: 'Mars/Olympus' })).toThrow('Bad environment variable TZ: must be a time zone such as America/Chicago or UTC');
    expect(loadConfig({ TZ: 'America/Chicago' }).timezone).toBe('America/Chicago');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user@host/db' })).toThrow('Bad environment variable DATABASE_URL: must be a postgres:// (or postgresql://) URL');
    expect(loadConfig({ DATABASE_URL: 'postgresql://user@host/db' }).databaseUrl).toBe('postgresql://user@host/db');
  });
});
