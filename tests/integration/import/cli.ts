// Runs the real `outcomes` command in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve('bin/outcomes.js');

/** Starts `outcomes <args>` with only the given database variables (TZ pinned to UTC). */
export function startCli(args: string[], env: Record<string, string>): ChildProcess {
  const { DATABASE_URL: _url, PGLITE_DIR: _dir, ...rest } = process.env;
  return spawn(process.execPath, [cli, ...args], { env: { ...rest, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = startCli(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
