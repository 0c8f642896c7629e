// The run's temporary folders go under the folder tests/tmpdir.ts made for it (and removes at the end).
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it('writes temporary folders under the run\'s own folder', () => {
  expect(path.basename(os.tmpdir())).toMatch(/^ao-tests-/);
});
