// Bundles the browser pages into dashboard/dist: index.html, app.js, app.css (no inline script or style, for the CSP).
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
export const distDir = join(root, 'dist');

/** Newest modification time (ms) of the dashboard's sources, to tell whether dist is stale. */
export async function sourcesModifiedAt(): Promise<number> {
  let newest = 0;
  for (const folder of ['src', 'static']) {
    const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const { mtimeMs } = await stat(join(entry.parentPath, entry.name));
      newest = Math.max(newest, mtimeMs);
    }
  }
  return Math.max(newest, (await stat(fileURLToPath(import.meta.url))).mtimeMs);
}

/** True when dist is missing or older than any source file. */
export async function isDashboardStale(): Promise<boolean> {
  try {
    const built = (await stat(join(distDir, 'app.js'))).mtimeMs;
    return built < (await sourcesModifiedAt());
  } catch {
    return true;
  }
}

/** Builds dist (minified ESM, es2022) and returns its folder. */
export async function buildDashboard(): Promise<string> {
  await mkdir(distDir, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'src', 'main.ts'), 'app-style': join(root, 'static', 'app.css') },
    outdir: distDir,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: false,
  });
  // esbuild names the CSS after its entry; the page loads /app.css.
  await rename(join(distDir, 'app-style.css'), join(distDir, 'app.css'));
  await copyFile(join(root, 'static', 'index.html'), join(distDir, 'index.html'));
  return distDir;
}

/** Builds only when dist is missing or stale; returns the folder either way. */
export async function ensureDashboard(): Promise<string> {
  if (await isDashboardStale()) await buildDashboard();
  return distDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const folder = await buildDashboard();
  console.log(`dashboard built in ${Date.now() - started} ms: ${folder}`);
}
