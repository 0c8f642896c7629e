// `outcomes generate`: options reach the generator, bad usage is a UsageError (exit 2) naming the option.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../bin/commands/generate.ts';
import { loadConfig } from '../../../bin/config.ts';
import { UsageError } from '../../../bin/usage.ts';

describe('outcomes generate', () => {
  let root: string;
  const config = loadConfig({});
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'generate-command-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the extract with the given options and prints one summary line', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const folder = join(root, 'small');
    const code = await run([folder, '--seed', '5', '--clients', '300', '--facilitators', '12', '--start', '2020-01-01', '--as-of', '2024-12-31'], config);
    const lines = log.mock.calls.map((call) => String(call[0]));
    log.mockRestore();
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const truth = JSON.parse(await readFile(join(folder, 'truth.json'), 'utf8'));
    expect(truth.params).toEqual({ seed: 5, clients: 300, facilitators: 12, start: '2020-01-01', asOf: '2024-12-31' });
    expect(lines[0]).toContain(`${truth.counts.episodes} episodes`);
    expect(lines[0]).toContain('300 clients');
    expect(JSON.parse(await readFile(join(folder, 'extract.json'), 'utf8')).asOf).toBe('2024-12-31');
  });

  it('refuses to overwrite a real extract (one without truth.json) and keeps its files', async () => {
    const folder = join(root, 'real');
    await mkdir(folder);
    await writeFile(join(folder, 'staff.csv'), 'staff_id,name\nA1,Real Person\n');
    await expect(run([folder], config)).rejects.toThrow(/already holds an extract that was not generated/);
    expect(await readFile(join(folder, 'staff.csv'), 'utf8')).toBe('staff_id,name\nA1,Real Person\n');
  });

  it('writes over a previously generated extract', async () => {
    const folder = join(root, 'again');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await run([folder, '--clients', '50', '--facilitators', '5'], config);
    const code = await run([folder, '--clients', '60', '--facilitators', '5'], config);
    log.mockRestore();
    expect(code).toBe(0);
    expect(JSON.parse(await readFile(join(folder, 'truth.json'), 'utf8')).params.clients).toBe(60);
  });

  it.each([
    [[], /one folder/],
    [['a', 'b'], /one folder/],
    [['x', '--clients', 'many'], /--clients must be a whole number/],
    [['x', '--seed=-1'], /--seed must be a whole number/],
    [['x', '--as-of', '30/06/2025'], /--as-of must be a date as YYYY-MM-DD/],
    [['x', '--start', '2025-02-30'], /start: "2025-02-30" is not a calendar date/],
    [['x', '--start', '2025-01-01', '--as-of', '2025-03-01'], /at least a year after start/],
    [['x', '--facilitators', '2'], /facilitators must be a whole number of at least 3/],
    [['x', '--colour', 'red'], /^--colour is not an option of this command; run `outcomes --help` for the options\.$/],
    [['x', '--clients', '-5'], /^--clients needs a value \(one starting with a dash is written --clients=-…\)\.$/],
    [['x', '--clients'], /^--clients needs a value/],
  ])('refuses %j with a clear sentence', async (argv, message) => {
    const attempt = run(argv.map((a) => (a === 'x' ? join(root, 'never') : a)), config);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(run(argv.map((a) => (a === 'x' ? join(root, 'never') : a)), config)).rejects.toThrow(message);
  });
});
