// The commands as an agency runs them: `users add` and `token add` in a child
// process, then `serve`, signed-in requests, and a clean stop that frees PGlite's lock.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createPostgresDatabase, engines } from '../../helpers/databases.ts';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/outcomes.js');

function outcomes(args: string[], env: Record<string, string>, stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(stdin ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const kind of engines) {
  describe(`outcomes users, token and serve [${kind}]`, () => {
    const env: Record<string, string> = { TZ: 'UTC', DEBUG: '' };
    let pgliteDir = '';
    let drop = async () => {};

    beforeAll(async () => {
      if (kind === 'postgres') {
        const database = await createPostgresDatabase();
        env.DATABASE_URL = database.url;
        drop = database.drop;
      } else {
        pgliteDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-serve-')), 'pglite');
        env.PGLITE_DIR = pgliteDir;
        env.DATABASE_URL = '';
      }
    });
    afterAll(async () => {
      await drop();
      if (pgliteDir) fs.rmSync(path.dirname(pgliteDir), { recursive: true, force: true });
    });

    it('creates users from stdin, refuses bad usage with exit code 2, and issues a token', async () => {
      const added = await outcomes(['users', 'add', 'director', '--role', 'leader'], env, 'a-long-password-1\n');
      expect(added.stderr).toBe('');
      expect(added.stdout).toMatch(/Created leader director/);
      expect(added.code).toBe(0);
      expect((await outcomes(['users', 'add', 'sup', '--role', 'supervisor'], env, 'a-long-password-1\n')).code).toBe(2);
      // A staff id nobody has yet: kept, with a note (the next extract may bring them; a typo would show no team).
      const early = await outcomes(['users', 'add', 'sup', '--role', 'supervisor', '--staff-id', 'S0042'], env, 'a-long-password-1\n');
      expect([early.code, early.stdout]).toEqual([0, 'Created supervisor sup (staff id S0042).\nNote: no staff member S0042 has been imported yet, so sup sees no team named until an extract brings one.\n']);
      const short = await outcomes(['users', 'add', 'y', '--role', 'funder'], env, 'short\n');
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/at least 10 characters/);
      const unknownAction = await outcomes(['users', 'frob'], env);
      expect([unknownAction.code, unknownAction.stderr]).toEqual([2, expect.stringMatching(/^outcomes users: "frob" is not something users can do; say one of: users add/)]);
      const token = await outcomes(['token', 'add', 'director', '--label', 'nightly export'], env);
      expect(token.code).toBe(0);
      expect(token.stdout.trim()).toMatch(/^ao_[A-Za-z0-9_-]{43}$/);
      env.TOKEN = token.stdout.trim();
      // A second token, listed as JSON (never the token itself), then removed.
      expect((await outcomes(['token', 'add', 'director', '--label', 'spare'], env)).code).toBe(0);
      const listed = JSON.parse((await outcomes(['token', 'list', '--json'], env)).stdout) as { id: number; username: string; label: string; lastUsedAt: string | null }[];
      expect(listed.map((t) => [t.username, t.label, t.lastUsedAt])).toEqual([['director', 'nightly export', null], ['director', 'spare', null]]);
      expect(JSON.stringify(listed)).not.toContain(env.TOKEN);
      const spare = listed.find((t) => t.label === 'spare')!;
      expect((await outcomes(['token', 'remove', String(spare.id)], env)).code).toBe(0);
      expect(JSON.parse((await outcomes(['token', 'list', '--json'], env)).stdout).map((t: { label: string }) => t.label)).toEqual(['nightly export']);
    });

    it('serves until SIGTERM, then stops with exit code 0 and releases the database', async () => {
      // An inbox without a schedule is not read: the server says so instead of ignoring it.
      const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-half-inbox-'));
      // TRUST_PROXY=true is taken, with a warning: any client could then pick its own address.
      const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { env: { ...process.env, ...env, IMPORT_INBOX: inbox, TRUST_PROXY: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      // A failed assertion must not leave the server running.
      onTestFinished(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          const match = /running at (http:\/\/127\.0\.0\.1:\d+)\//.exec(stdout);
          if (match) resolve(match[1]);
        });
        child.on('close', (code) => reject(new Error(`serve exited with ${code}: ${stdout}`)));
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      const health = await (await fetch(`${url}/api/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: kind });
      const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${env.TOKEN}` } });
      expect(await me.json()).toEqual({ username: 'director', role: 'leader', staffId: null });
      const signIn = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'director', password: 'a-long-password-1' }) });
      expect(signIn.status).toBe(200);
      if (kind === 'pglite') expect(fs.existsSync(`${pgliteDir}.lock`)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('IMPORT_INBOX is set without IMPORT_SCHEDULE: the inbox is not read; set both to import extracts dropped there.');
      expect(stdout).toContain('TRUST_PROXY=true trusts every X-Forwarded-For header');
      if (kind === 'pglite') expect(fs.existsSync(`${pgliteDir}.lock`)).toBe(false);
      // The data stays: removing the user afterwards works on the same database.
      const removed = await outcomes(['users', 'remove', 'director'], env);
      expect(removed.stdout).toMatch(/Removed director/);
    });

    it('stops with one sentence on stderr and exit code 1 when its port is taken, never claiming to run', async () => {
      const holder = net.createServer().listen(0, '127.0.0.1');
      await new Promise((resolve) => holder.once('listening', resolve));
      const port = (holder.address() as net.AddressInfo).port;
      try {
        const taken = await outcomes(['serve', '--port', String(port)], env);
        expect(taken.code).toBe(1);
        expect(taken.stdout).not.toMatch(/running at/);
        expect(taken.stderr).toBe(`outcomes serve: Port ${port} on 127.0.0.1 is already in use; stop what holds it or choose another with --port (or PORT).\n`);
        if (kind === 'pglite') expect(fs.existsSync(`${pgliteDir}.lock`)).toBe(false);
      } finally {
        holder.close();
      }
    });
  });
}
