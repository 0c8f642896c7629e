// `outcomes generate <folder>`: writes a seeded synthetic extract and truth.json, then prints one summary line.
import type { Config } from '../config.ts';
import { parseOptions, UsageError } from '../usage.ts';
import { defaults, generateExtract } from '../../etl/generate/index.ts';

export async function run(argv: string[], _config: Readonly<Config>): Promise<number> {
  const { values, positionals } = parseOptions({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      clients: { type: 'string' },
      facilitators: { type: 'string' },
      start: { type: 'string' },
      'as-of': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError('generate takes one folder, e.g. `outcomes generate ./extract --seed 7`.');
  const options = {
    seed: wholeNumber('--seed', values.seed, defaults.seed),
    clients: wholeNumber('--clients', values.clients, defaults.clients),
    facilitators: wholeNumber('--facilitators', values.facilitators, defaults.facilitators),
    start: isoDate('--start', values.start, defaults.start),
    asOf: isoDate('--as-of', values['as-of'], defaults.asOf),
  };
  const began = performance.now();
  let truth;
  try {
    // A stage line on a terminal, nothing when the output is piped.
    const onStage = process.stdout.isTTY ? (stage: string) => process.stdout.write(`\r\x1b[K${stage}…`) : undefined;
    truth = await generateExtract(positionals[0], options, { onStage });
    if (onStage) process.stdout.write('\r\x1b[K');
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  const c = truth.counts;
  console.log(
    `Wrote ${positionals[0]}: ${c.staff} staff (${c.facilitators} facilitators), ${c.clients} clients, ${c.episodes} episodes ` +
      `(${c.openEpisodes} open), ${c.assignments} assignments, as of ${options.asOf}, seed ${options.seed}, in ${seconds} s.`,
  );
  return 0;
}

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${flag} must be a whole number (got "${text}").`);
  return Number(text);
}

function isoDate(flag: string, text: string | undefined, fallback: string): string {
  if (text === undefined) return fallback;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new UsageError(`${flag} must be a date as YYYY-MM-DD (got "${text}").`);
  return text;
}
