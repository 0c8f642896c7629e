// Starts createApp on a free port for a test suite and makes requests to it with fetch.
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadConfig, type Config } from '../../../bin/config.ts';
import type { Warehouse } from '../../../sql/db.ts';
import { createApp, type AppOptions } from '../../../api/app.ts';
import { saveUser } from '../../../api/access/users.ts';
import type { Role } from '../../../api/access/tables.ts';

export interface TestServer {
  url: string;
  close(): Promise<void>;
  /** fetch relative to the server; `as` signs the request with a session cookie or a bearer token */
  request(path: string, init?: RequestInit & { as?: Credentials }): Promise<Response>;
  signIn(username: string, password: string): Promise<Credentials>;
}

export type Credentials = { cookie: string } | { token: string } | null;

export async function startServer(warehouse: Warehouse, options: Partial<AppOptions> & { env?: Record<string, string> } = {}): Promise<TestServer> {
  const config: Readonly<Config> = loadConfig({ TZ: 'UTC', ...(options.env ?? {}) });
  const app = createApp({ config, warehouse, logger: pino({ level: 'silent' }), dashboardDir: null, ...options });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const request = (path: string, init: RequestInit & { as?: Credentials } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as && 'cookie' in init.as) headers.set('cookie', init.as.cookie);
    if (init.as && 'token' in init.as) headers.set('authorization', `Bearer ${init.as.token}`);
    return fetch(url + path, { ...init, headers, redirect: 'manual' });
  };
  return {
    url,
    request,
    async signIn(username, password) {
      const res = await request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
      const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('ao_session='));
      if (!cookie) throw new Error('no session cookie');
      return { cookie };
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export const passwords: Record<Role, string> = { leader: 'leader-password-1', supervisor: 'supervisor-password-1', funder: 'funder-password-1' };

/** The three roles' users; the supervisor is tied to `supervisorId`. */
export async function createRoleUsers(warehouse: Warehouse, supervisorId = 'S1'): Promise<void> {
  await saveUser(warehouse, { username: 'lee', role: 'leader', password: passwords.leader });
  await saveUser(warehouse, { username: 'sue', role: 'supervisor', staffId: supervisorId, password: passwords.supervisor });
  await saveUser(warehouse, { username: 'fay', role: 'funder', password: passwords.funder });
}
