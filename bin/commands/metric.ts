// `outcomes metric <name>`: prints, as JSON, what the matching API endpoint returns to a leader.
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import { UsageError } from '../usage.ts';
import { openWarehouse, type Warehouse } from '../../sql/db.ts';
import * as metrics from '../../metrics/index.ts';

interface MetricCommand {
  schema: z.ZodType;
  /** Options besides the common ones that this metric takes. */
  extra: string[];
  compute: (warehouse: Warehouse, params: never) => Promise<unknown>;
}

const proportion = (compute: MetricCommand['compute']): MetricCommand => ({ schema: metrics.metricParamsSchema, extra: [], compute });

const commands: Record<string, MetricCommand> = {
  reentry: proportion(metrics.getReentry),
  'successful-exits': proportion(metrics.getSuccessfulExits),
  'repeat-entries': proportion(metrics.getRepeatEntries),
  'time-in-services': proportion(metrics.getTimeInServices),
  equity: { schema: metrics.equityParamsSchema, extra: ['metric', 'dimension', 'reference'], compute: metrics.getEquity },
};

const commonOptions = ['by', 'from', 'to', 'window', 'min-stay', 'program', 'county'];

/** The CLI spelling of a parameter, for messages. */
const optionName = (param: string) => '--' + param.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        by: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        window: { type: 'string' },
        'min-stay': { type: 'string' },
        program: { type: 'string', multiple: true },
        county: { type: 'string', multiple: true },
        metric: { type: 'string' },
        dimension: { type: 'string' },
        reference: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (!name || rest.length) {
    throw new UsageError(`metric takes one name: ${metrics.metricNames.join(', ')} (e.g. \`outcomes metric reentry --by race_ethnicity\`).`);
  }
  const command = commands[name];
  if (!command) {
    const known = (metrics.metricNames as readonly string[]).includes(name);
    throw new UsageError(known ? `The ${name} metric is not available in this version yet.` : `Unknown metric "${name}"; choose one of ${metrics.metricNames.join(', ')}.`);
  }
  for (const option of Object.keys(values)) {
    if (!commonOptions.includes(option) && !command.extra.includes(option)) {
      throw new UsageError(`--${option} does not apply to the ${name} metric.`);
    }
  }

  const raw = Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([option, value]) => [option === 'min-stay' ? 'minStay' : option, value]),
  );
  const checked = command.schema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const param = String(issue.path[0] ?? '');
    throw new UsageError(param ? `${optionName(param)}: ${issue.message}` : issue.message);
  }

  const warehouse = await openWarehouse(config);
  try {
    const result = await command.compute(warehouse, checked.data as never).catch((error: unknown) => {
      if (error instanceof metrics.MetricInputError) throw new UsageError(error.message);
      throw error;
    });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } finally {
    await warehouse.close();
  }
}
