#!/usr/bin/env node
// The `outcomes` command: TypeScript sources run through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`outcomes metric reentry | head`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
const { main } = await import('./cli.ts');
process.exitCode = await main(process.argv.slice(2));
