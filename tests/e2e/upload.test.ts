// Uploading a new extract through the Data page: a zip chosen in the file input, sent to POST /api/imports, followed to the end.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { zipFiles } from '../integration/api/zip.ts';
import { generateExtract } from '../../etl/generate/index.ts';
import { apiJson, haveChromium, launchChromium, open, signedIn } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './server.ts';

/** A freshly generated extract, zipped in one folder as a user's "compress" would. */
async function extractZip(): Promise<Buffer> {
  const folder = await mkdtemp(join(tmpdir(), 'ao-e2e-upload-'));
  try {
    await generateExtract(folder, { seed: 23, clients: 150, facilitators: 6 });
    const files: Record<string, Buffer> = {};
    for (const name of ['staff.csv', 'clients.csv', 'episodes.csv', 'assignments.csv', 'extract.json']) files[`extract/${name}`] = await readFile(join(folder, name));
    return zipFiles(files);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe.skipIf(!haveChromium)('upload of an extract on the Data page [pglite]', () => {
  let db: TestDatabase & { dispose: () => Promise<void> };
  let server: DashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    db = await openTestDatabase('pglite');
    server = await startDashboardServer(db.warehouse, { seed: 11, clients: 200, facilitators: 8 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.dispose();
  });

  it('uploads a zip chosen by a leader, reports the outcome in words and lists the new run as committed', async () => {
    const zip = await extractZip();
    const { page, context, errors } = await signedIn(browser, server.url, 'leader');
    try {
      await open(page, server.url, '/data');
      const rows = page.locator('.runs-area table').first().locator('tbody tr');
      const before = await rows.count();
      const runId = async () => Number((await rows.first().locator('th a').innerText()).replace('#', ''));
      const firstIdBefore = await runId();

      // The controls have visible labels; the file input takes zips only.
      const input = page.getByLabel('Extract (.zip file)');
      expect(await input.getAttribute('accept')).toBe('.zip,application/zip');
      await expect(page.getByLabel('Replace everything').isChecked()).resolves.toBe(false);

      await input.setInputFiles({ name: 'e2e-extract.zip', mimeType: 'application/zip', buffer: zip });
      await page.getByRole('button', { name: 'Upload' }).click();
      const status = page.locator('[data-upload-status]');
      expect(await status.getAttribute('aria-live')).toBe('polite');
      await page.waitForFunction(() => /^Imported: [\d,]+ rows loaded, [\d,]+ rejected\.$/.test(document.querySelector('[data-upload-status]')?.textContent ?? ''), undefined, { timeout: 60_000 });

      // The runs table was read afresh: one more run, newest first, committed, from the uploaded file.
      await expect(rows.count()).resolves.toBe(before + 1);
      expect(await runId()).toBeGreaterThan(firstIdBefore);
      const cells = await rows.first().locator('td, th').allInnerTexts();
      expect(cells[1]).toBe('committed');
      // The words match the run's own counts.
      const run = await apiJson(page, `/api/imports/${await runId()}`);
      const files = Object.values(run.files as Record<string, { loaded: number; rejected: number }>);
      const loaded = files.reduce((sum, f) => sum + f.loaded, 0);
      const rejected = files.reduce((sum, f) => sum + f.rejected, 0);
      expect(loaded).toBeGreaterThan(0);
      expect(await status.innerText()).toBe(`Imported: ${loaded.toLocaleString('en-US')} rows loaded, ${rejected.toLocaleString('en-US')} rejected.`);
      // Only the runs were redrawn: focus stays on the form's button, ready for another upload.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Upload');
      expect(page.url()).toMatch(/\/data\?run=\d+$/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
