// The server's log: errors on stderr only, without stacks unless DEBUG; everything else on stdout.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serverLogger } from '../../../bin/commands/serve.ts';

function sink(): Writable & { lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({ write(chunk, _encoding, done) { text += String(chunk); done(); } }) as Writable & { lines: () => Record<string, unknown>[] };
  stream.lines = () => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  return stream;
}

describe('server log', () => {
  it('writes an error to stderr only, with its message and no stack; other lines to stdout', async () => {
    const [out, err] = [sink(), sink()];
    const log = serverLogger(false, out, err);
    log.info({ folder: 'a' }, 'Imported a from the inbox (run 1).');
    log.error({ folder: 'b', err: new Error('EISDIR: illegal operation on a directory') }, 'Import of b from the inbox failed.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(out.lines().map((l) => l.msg)).toEqual(['Imported a from the inbox (run 1).']);
    expect(err.lines()).toMatchObject([{ level: 50, msg: 'Import of b from the inbox failed.', err: { type: 'Error', message: 'EISDIR: illegal operation on a directory' } }]);
    expect(JSON.stringify(err.lines())).not.toContain('stack');
  });

  it('keeps the stack with DEBUG', async () => {
    const [out, err] = [sink(), sink()];
    serverLogger(true, out, err).error({ err: new Error('boom') }, 'failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect((err.lines()[0].err as { stack: string }).stack).toMatch(/^Error: boom/);
    expect(out.lines()).toEqual([]);
  });
});
