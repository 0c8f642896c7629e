// Sign-in, sessions, tokens, rate limiting, headers and error bodies, on both engines.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { accessDb } from '../../../api/access/tables.ts';
import { createToken, removeToken } from '../../../api/access/tokens.ts';
import { removeUser, saveUser } from '../../../api/access/users.ts';
import { createRoleUsers, passwords, startServer, type TestServer } from './server.ts';

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);

describeEachDatabase('api sign-in and sessions', (get) => {
  let server: TestServer;
  beforeAll(async () => {
    await createRoleUsers(get().warehouse);
    server = await startServer(get().warehouse, { signInLimits: { perUsername: 5, perAddress: 1000, windowMinutes: 15 } });
  });
  afterAll(() => server?.close());

  it('signs in with a strict httpOnly cookie and tells who is signed in', async () => {
    const res = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sue', password: passwords.supervisor }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ username: 'sue', role: 'supervisor', staffId: 'S1' });
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^ao_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure behind TLS
    const me = await server.request('/api/me', { as: { cookie: cookie.split(';')[0] } });
    expect(await me.json()).toEqual({ username: 'sue', role: 'supervisor', staffId: 'S1' });
  });

  it('stores passwords as salted scrypt hashes and sessions as hashes of their id', async () => {
    await saveUser(get().warehouse, { username: 'twin', role: 'leader', password: passwords.leader });
    const rows = await accessDb(get().warehouse).selectFrom('users').select(['username', 'password_hash']).where('username', 'in', ['lee', 'twin']).execute();
    expect(rows.every((r) => r.password_hash.startsWith('scrypt$16384$8$1$'))).toBe(true);
    expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
    const session = await server.signIn('lee', passwords.leader);
    const stored = await accessDb(get().warehouse).selectFrom('sessions').select('id_hash').execute();
    expect(stored.some((s) => session && 'cookie' in session && s.id_hash === session.cookie.split('=')[1])).toBe(false);
  });

  it('rotates the session id at each sign-in and ends the previous one', async () => {
    const first = await server.signIn('lee', passwords.leader);
    const res = await server.request('/api/session', { method: 'POST', as: first, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lee', password: passwords.leader }) });
    const second = { cookie: res.headers.getSetCookie()[0].split(';')[0] };
    expect(second.cookie).not.toBe((first as { cookie: string }).cookie);
    expect((await server.request('/api/me', { as: first })).status).toBe(401);
    expect((await server.request('/api/me', { as: second })).status).toBe(200);
  });

  it('signs out', async () => {
    const session = await server.signIn('fay', passwords.funder);
    const res = await server.request('/api/session', { method: 'DELETE', as: session });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie()[0]).toMatch(/ao_session=;/);
    expect((await server.request('/api/me', { as: session })).status).toBe(401);
  });

  it('expires a session after 8 idle hours and slides it while in use', async () => {
    const db = accessDb(get().warehouse);
    const idle = await server.signIn('lee', passwords.leader);
    const active = await server.signIn('fay', passwords.funder);
    await db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 8 * 3600_000 - 60_000) }).where('username', '=', 'lee').execute();
    await db.updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 7 * 3600_000) }).where('username', '=', 'fay').execute();
    const expired = await server.request('/api/me', { as: idle });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error).toMatch(/expired/);
    expect((await server.request('/api/me', { as: active })).status).toBe(200);
    const slid = await db.selectFrom('sessions').select('last_seen_at').where('username', '=', 'fay').executeTakeFirstOrThrow();
    expect(Date.now() - slid.last_seen_at.getTime()).toBeLessThan(5 * 60_000);
  });

  it('tells the page whether anyone is signed in, 200 either way, and whether a session ran out', async () => {
    const anonymous = await server.request('/api/session');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ user: null, expired: false });
    const session = await server.signIn('sue', passwords.supervisor);
    expect(await (await server.request('/api/session', { as: session })).json()).toEqual({ user: { username: 'sue', role: 'supervisor', staffId: 'S1' }, expired: false });
    await accessDb(get().warehouse).updateTable('sessions').set({ last_seen_at: new Date(Date.now() - 9 * 3600_000) }).where('username', '=', 'sue').execute();
    const expired = await server.request('/api/session', { as: session });
    expect(await expired.json()).toEqual({ user: null, expired: true });
    expect(expired.headers.getSetCookie()[0]).toMatch(/ao_session=;/);
    const unknown = await server.request('/api/session?user=lee');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).issues[0].path).toBe('user');
  });

  it('refuses a forged cookie, a bad password, a missing user and anonymous data requests with 401', async () => {
    expect((await server.request('/api/me', { as: { cookie: 'ao_session=' + 'A'.repeat(43) } })).status).toBe(401);
    expect((await server.request('/api/me', { as: { cookie: 'ao_session=<script>' } })).status).toBe(401);
    const bad = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fay', password: 'wrong password' }) });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'Wrong username or password.', issues: [] });
    const nobody = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'whatever-it-is' }) });
    expect(nobody.status).toBe(401);
    expect((await server.request('/api/metrics/reentry')).status).toBe(401);
    expect((await server.request('/api/me')).status).toBe(401);
  });

  it('accepts API tokens and refuses removed tokens and tokens of removed users', async () => {
    await saveUser(get().warehouse, { username: 'script', role: 'leader', password: 'script-password-1' });
    const { id, token } = await createToken(get().warehouse, 'script');
    const other = await createToken(get().warehouse, 'script');
    expect(token).toMatch(/^ao_/);
    const me = await server.request('/api/me', { as: { token } });
    expect(await me.json()).toEqual({ username: 'script', role: 'leader', staffId: null });
    const stored = await accessDb(get().warehouse).selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    await removeToken(get().warehouse, id);
    expect((await server.request('/api/me', { as: { token } })).status).toBe(401);
    const session = await server.signIn('script', 'script-password-1');
    await removeUser(get().warehouse, 'script');
    expect((await server.request('/api/me', { as: { token: other.token } })).status).toBe(401);
    expect((await server.request('/api/me', { as: session })).status).toBe(401);
    expect((await server.request('/api/me', { headers: { authorization: 'Bearer not a token' } })).status).toBe(401);
    expect((await server.request('/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
  });

  it('rate-limits failed sign-ins per username with Retry-After, across a restart', async () => {
    await saveUser(get().warehouse, { username: 'target', role: 'funder', password: 'target-password-1' });
    const attempt = (s: TestServer, password: string) =>
      s.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'target', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt(server, `guess-${i}-xxxx`)).status).toBe(401);
    const limited = await attempt(server, 'target-password-1');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // A new server on the same database remembers.
    const restarted = await startServer(get().warehouse, { signInLimits: { perUsername: 5, perAddress: 1000, windowMinutes: 15 } });
    try {
      expect((await attempt(restarted, 'target-password-1')).status).toBe(429);
    } finally {
      await restarted.close();
    }
    // Another user from the same address is not held up by the per-username limit.
    expect((await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fay', password: passwords.funder }) })).status).toBe(200);
  });

  it('holds the limit when attempts come all at once (each is counted before its slow password check)', async () => {
    await saveUser(get().warehouse, { username: 'burst', role: 'funder', password: 'burst-password-1' });
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'burst', password: `guess-${i}-xxxx` }) }).then((r) => r.status),
      ),
    );
    // The 5 allowed were checked (401); every other waited for them, then was refused unchecked (429). Checked one
    // by one after the claim was made, 10 to 30 of them used to get through.
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    const failures = await accessDb(get().warehouse).selectFrom('sign_in_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('username', '=', 'burst').executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(statuses.filter((s) => s === 401).length);
    // A right password is refused while the limit holds.
    const right = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'burst', password: 'burst-password-1' }) });
    expect(right.status).toBe(429);
  });

  it('lets right passwords sent together through: colleagues behind one address, and one user with two tabs', async () => {
    const db = accessDb(get().warehouse);
    const signIn = (s: TestServer, username: string, password: string) =>
      s.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }).then((r) => r.status);
    // Eight colleagues from one address, with room for six more failures there: no wrong password, so nobody waits
    // out a limit (their checks in progress once counted as failures, and the seventh got a 429).
    const office = Array.from({ length: 8 }, (_, i) => `colleague${i}`);
    for (const username of office) await saveUser(get().warehouse, { username, role: 'funder', password: `${username}-password` });
    const failed = await db.selectFrom('sign_in_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('succeeded', '=', false).where('address', 'like', '%127.0.0.1').executeTakeFirstOrThrow();
    const shared = await startServer(get().warehouse, { signInLimits: { perUsername: 5, perAddress: Number(failed.n) + 6, windowMinutes: 15 } });
    try {
      expect(await Promise.all(office.map((u) => signIn(shared, u, `${u}-password`)))).toEqual(office.map(() => 200));
    } finally {
      await shared.close();
    }
    // One user four typos in, then the right password from two tabs at once: both sign in.
    await saveUser(get().warehouse, { username: 'twotabs', role: 'funder', password: 'twotabs-password' });
    for (let i = 0; i < 4; i++) expect(await signIn(server, 'twotabs', `typo-${i}-xxxx`)).toBe(401);
    expect(await Promise.all([signIn(server, 'twotabs', 'twotabs-password'), signIn(server, 'twotabs', 'twotabs-password')])).toEqual([200, 200]);
  });

  it('counts a check that failed for another reason (a broken stored hash) against no one', async () => {
    await saveUser(get().warehouse, { username: 'broken', role: 'funder', password: 'broken-password-1' });
    const db = accessDb(get().warehouse);
    await db.updateTable('users').set({ password_hash: 'scrypt$x$8$1$AAAA$BBBB' }).where('username', '=', 'broken').execute();
    const res = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'broken', password: 'broken-password-1' }) });
    expect(res.status).toBe(500);
    expect(await db.selectFrom('sign_in_attempts').select('id').where('username', '=', 'broken').execute()).toEqual([]);
  });

  it('rate-limits failed sign-ins per address', async () => {
    const strict = await startServer(get().warehouse, { signInLimits: { perUsername: 100, perAddress: 3, windowMinutes: 15 } });
    try {
      const failures = await accessDb(get().warehouse).selectFrom('sign_in_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('succeeded', '=', false).executeTakeFirstOrThrow();
      // This address already failed more than 3 times in this suite, whichever usernames were tried.
      expect(Number(failures.n)).toBeGreaterThan(3);
      const res = await strict.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lee', password: passwords.leader }) });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });

  it('writes sign-ins, failures and sign-outs to the audit log with the address', async () => {
    const rows = await accessDb(get().warehouse).selectFrom('audit_log').select(['action', 'username', 'address']).execute();
    const actions = new Set(rows.map((r) => r.action));
    expect([...actions]).toEqual(expect.arrayContaining(['sign_in', 'sign_in_failed', 'sign_out']));
    expect(rows.find((r) => r.action === 'sign_in')?.address).toMatch(/127\.0\.0\.1/);
  });

  it('sends a content security policy and the other security headers', async () => {
    const res = await server.request('/api/health');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "object-src 'none'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    // suppressBelow: the page's "fewer than N" says the server's N.
    expect(await res.json()).toEqual({ status: 'ok', database: get().kind, asOf: null, lastImport: null, suppressBelow: 11 });
    // HSTS only behind a TLS proxy: not without TRUST_PROXY, nor with TRUST_PROXY=false or 0.
    expect(res.headers.get('strict-transport-security')).toBeNull();
    for (const [trust, hsts] of [['false', false], ['0', false], ['1', true], ['loopback', true]] as const) {
      const behind = await startServer(get().warehouse, { env: { TRUST_PROXY: trust } });
      try {
        expect(Boolean((await behind.request('/api/health')).headers.get('strict-transport-security')), `TRUST_PROXY=${trust}`).toBe(hsts);
      } finally {
        await behind.close();
      }
    }
  });

  it('answers errors as JSON without a stack: unknown route, bad JSON, too large, bad body', async () => {
    const unknown = await server.request('/api/nope?x=1');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/application\/json/);
    expect(await unknown.json()).toEqual({ error: 'No API endpoint GET /api/nope.', issues: [] });
    const badJson = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": ' });
    expect(badJson.status).toBe(400);
    const badJsonText = await badJson.text();
    expect(JSON.parse(badJsonText)).toEqual({ error: 'The request body is not valid JSON.', issues: [] });
    noStack(badJsonText);
    const huge = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y'.repeat(200_000) }) });
    expect(huge.status).toBe(413);
    noStack(await huge.text());
    const extra = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y', admin: true }) });
    expect(extra.status).toBe(400);
    expect((await extra.json()).issues).toEqual([{ path: 'admin', message: 'Unknown parameter: admin.' }]);
    const notString = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ["' OR 1=1 --"], password: 'y' }) });
    expect(notString.status).toBe(400);
    expect((await notString.json()).issues[0].path).toBe('username');
    const nul = await server.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'a\u0000b', password: 'y' }) });
    expect(nul.status).toBe(400);
    expect((await nul.json()).issues[0].path).toBe('username');
  });
});
