// Vitest global setup: every test worker, and every process the tests start, writes its temporary folders
// (extracts, inboxes, PGlite folders, uploads) under one folder of this run, removed when the run ends, so
// repeated runs on a machine leave nothing behind in the shared temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-tests-'));
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
