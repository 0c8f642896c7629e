// Same seed, same bytes; a different seed, different files.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../etl/generate/index.ts';

const allFiles = ['staff.csv', 'clients.csv', 'episodes.csv', 'assignments.csv', 'extract.json', 'truth.json'];
const options = { clients: 400, facilitators: 15 };

describe('generateExtract reproducibility', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'generate-seed-'));
    await generateExtract(join(root, 'a'), { ...options, seed: 7 });
    await generateExtract(join(root, 'b'), { ...options, seed: 7 });
    await generateExtract(join(root, 'c'), { ...options, seed: 8 });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it.each(allFiles)('writes %s byte for byte the same for the same seed', async (file) => {
    const a = await readFile(join(root, 'a', file));
    const b = await readFile(join(root, 'b', file));
    expect(a.length).toBeGreaterThan(0);
    expect(a.equals(b)).toBe(true);
  });

  it.each(allFiles)('writes a different %s for a different seed', async (file) => {
    const a = await readFile(join(root, 'a', file));
    const c = await readFile(join(root, 'c', file));
    expect(a.equals(c)).toBe(false);
  });

  it('keeps the same workforce when only the number of clients changes', async () => {
    // Staff are drawn from their own stream, so a bigger extract of the same agency has the same people.
    await generateExtract(join(root, 'd'), { ...options, clients: 500, seed: 7 });
    const a = await readFile(join(root, 'a', 'staff.csv'));
    const d = await readFile(join(root, 'd', 'staff.csv'));
    expect(a.equals(d)).toBe(true);
  });
});
