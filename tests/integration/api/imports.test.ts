// Imports through the server: a zipped extract uploaded by a leader, its run followed, its rejects paged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { generateExtract } from '../../../etl/generate/index.ts';
import { unzipExtract, ZipError } from '../../../api/imports/unzip.ts';
import { createRoleUsers, passwords, startServer, type Credentials, type TestServer } from './server.ts';
import { zipFiles } from './zip.ts';

const contractFiles = ['staff.csv', 'clients.csv', 'episodes.csv', 'assignments.csv', 'extract.json'];
let extractFolder: string;

async function extractZip(extraEpisodeLine?: string): Promise<Buffer> {
  const files: Record<string, Buffer> = {};
  for (const name of contractFiles) files[`extract/${name}`] = fs.readFileSync(path.join(extractFolder, name));
  if (extraEpisodeLine) files['extract/episodes.csv'] = Buffer.concat([files['extract/episodes.csv'], Buffer.from(extraEpisodeLine + '\n')]);
  return zipFiles(files);
}

const scratch: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(() => scratch.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

beforeAll(async () => {
  extractFolder = scratchDir('ao-api-upload-');
  await generateExtract(extractFolder, { seed: 5, clients: 60, facilitators: 4 });
});

describe('unzipExtract', () => {
  it('keeps only extract files, by their base name, inside the target folder', async () => {
    const dir = scratchDir('ao-unzip-');
    fs.writeFileSync(path.join(dir, 'in.zip'), zipFiles({ '../../escape.csv': 'a,b\n1,2\n', 'nested/dir/staff.csv': 'x\n', 'notes.exe': 'MZ', '__MACOSX/._staff.csv': 'junk' }));
    const names = await unzipExtract(path.join(dir, 'in.zip'), path.join(dir, 'out'));
    expect(names.sort()).toEqual(['escape.csv', 'staff.csv']);
    expect(fs.readFileSync(path.join(dir, 'out', 'escape.csv'), 'utf8')).toBe('a,b\n1,2\n');
    expect(fs.existsSync(path.join(dir, 'escape.csv'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'out')).sort()).toEqual(['escape.csv', 'staff.csv']);
  });

  it('refuses what is not a zip, a truncated zip and an entry that inflates past its declared size', async () => {
    const dir = scratchDir('ao-unzip-');
    fs.writeFileSync(path.join(dir, 'text.zip'), 'staff_id,name\n');
    await expect(unzipExtract(path.join(dir, 'text.zip'), path.join(dir, 'a'))).rejects.toThrow(ZipError);
    const good = zipFiles({ 'staff.csv': 'x'.repeat(10_000) });
    fs.writeFileSync(path.join(dir, 'cut.zip'), Buffer.concat([good.subarray(0, 20), good.subarray(good.length - 22)]));
    await expect(unzipExtract(path.join(dir, 'cut.zip'), path.join(dir, 'b'))).rejects.toThrow(ZipError);
    const lying = Buffer.from(good);
    // The central directory entry's uncompressed size (offset 24 of the directory) claims 100 bytes.
    const central = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    lying.writeUInt32LE(100, central + 24);
    fs.writeFileSync(path.join(dir, 'bomb.zip'), lying);
    await expect(unzipExtract(path.join(dir, 'bomb.zip'), path.join(dir, 'c'))).rejects.toThrow(/more than its header says/);
  });
});

describeEachDatabase('api imports', (get) => {
  let server: TestServer;
  const as: Record<'leader' | 'supervisor' | 'funder', Credentials> = { leader: null, supervisor: null, funder: null };
  const upload = (body: Buffer | string, credentials: Credentials, query = '', type = 'application/zip') =>
    server.request(`/api/imports${query}`, { method: 'POST', as: credentials, headers: { 'content-type': type }, body: typeof body === 'string' ? body : Uint8Array.from(body) });

  beforeAll(async () => {
    await createRoleUsers(get().warehouse, 'S0001');
    server = await startServer(get().warehouse);
    as.leader = await server.signIn('lee', passwords.leader);
    as.supervisor = await server.signIn('sue', passwords.supervisor);
    as.funder = await server.signIn('fay', passwords.funder);
  });
  afterAll(() => server?.close());

  async function finished(runId: number) {
    for (let i = 0; i < 600; i++) {
      const run = await (await server.request(`/api/imports/${runId}`, { as: as.leader })).json();
      if (run.status !== 'running') return run;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  }

  it('imports a zipped extract uploaded by a leader and shows the run and its rejected rows', async () => {
    // Before the import the warehouse is empty; the cached figure must not outlive the import.
    const before = await (await server.request('/api/metrics/successful-exits?from=2020-01-01&to=2024-12-31', { as: as.leader })).json();
    expect(before.overall.n).toBe(0);
    const res = await upload(await extractZip('E9999999,C000001,intensive wraparound,S0001,2023-02-30,,'), as.leader, '?name=county%20extract');
    const text = await res.text();
    expect(res.status, text).toBe(202);
    const { runId, files } = JSON.parse(text);
    expect(files.sort()).toEqual([...contractFiles].sort());
    expect(res.headers.get('location')).toBe(`/api/imports/${runId}`);
    const run = await finished(runId);
    // extract.json names the source; the upload's name only names its folder.
    expect(run).toMatchObject({ id: runId, status: 'committed', source: 'synthetic extract (outcomes generate, seed 5)', replace: false });
    expect(run.files['episodes.csv'].rejected).toBe(1);
    expect(run.rejectsByReason).toHaveLength(1);
    const { reason } = run.rejectsByReason[0];
    const rejects = await (await server.request(`/api/imports/${runId}/rejects?reason=${encodeURIComponent(reason)}&pageSize=10`, { as: as.leader })).json();
    expect(rejects).toMatchObject({ runId, total: 1, page: 1, pageSize: 10 });
    expect(rejects.rejects[0]).toMatchObject({ file: 'episodes.csv', reason });
    expect(rejects.rejects[0].rawLine).toContain('E9999999');
    const none = await (await server.request(`/api/imports/${runId}/rejects?reason=no-such-reason`, { as: as.leader })).json();
    expect(none.total).toBe(0);
    const list = await (await server.request('/api/imports', { as: as.leader })).json();
    expect(list.runs[0].id).toBe(runId);
    const after = await (await server.request('/api/metrics/successful-exits?from=2020-01-01&to=2024-12-31', { as: as.leader })).json();
    expect(after.overall.n).toBeGreaterThan(0);
    const health = await (await server.request('/api/health')).json();
    expect(health).toMatchObject({ status: 'ok', asOf: '2025-06-30', lastImport: { id: runId, status: 'committed' } });
    // The audit row is written once the import has returned, just after its run is marked committed.
    const auditedRuns = async () => {
      const { rows } = await get().warehouse.withClient((c) => c.query<{ detail: { runId: number } }>("SELECT detail FROM audit_log WHERE action = 'import'"));
      return rows.map((r) => r.detail.runId);
    };
    let audited = await auditedRuns();
    for (let i = 0; i < 100 && !audited.includes(runId); i++) {
      await new Promise((r) => setTimeout(r, 100));
      audited = await auditedRuns();
    }
    expect(audited).toContain(runId);
  });

  it('refuses uploads from other roles, of other types, without required files, or too large', async () => {
    const zip = await extractZip();
    expect((await upload(zip, as.supervisor)).status).toBe(403);
    expect((await upload(zip, as.funder)).status).toBe(403);
    expect((await upload(zip, null)).status).toBe(401);
    expect((await server.request('/api/imports', { as: as.funder })).status).toBe(403);
    expect((await upload('staff_id,name\n', as.leader, '', 'text/csv')).status).toBe(415);
    const notZip = await upload('this is not a zip at all, just text', as.leader);
    expect(notZip.status).toBe(400);
    expect((await notZip.json()).issues[0].path).toBe('body');
    const partial = await upload(zipFiles({ 'staff.csv': fs.readFileSync(path.join(extractFolder, 'staff.csv')) }), as.leader);
    expect(partial.status).toBe(400);
    expect((await partial.json()).error).toMatch(/clients\.csv, episodes\.csv/);
    expect((await upload(zip, as.leader, '?replace=maybe')).status).toBe(400);
    // A name of dots alone would be a folder outside the upload's own (`..` is the temporary folder itself).
    for (const name of ['..', '.', '...', '%20..%20']) {
      const res = await upload(zip, as.leader, `?name=${name}`);
      expect(res.status, name).toBe(400);
      expect((await res.json()).issues.map((i: { path: string }) => i.path), name).toEqual(['name']);
    }
    const small = await startServer(get().warehouse, { uploadLimit: 1000 });
    try {
      const session = await small.signIn('lee', passwords.leader);
      const res = await small.request('/api/imports', { method: 'POST', as: session, headers: { 'content-type': 'application/zip' }, body: Uint8Array.from(zip) });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: 'The upload is too large.', issues: [] });
    } finally {
      await small.close();
    }
  });
});
