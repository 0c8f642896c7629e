// `outcomes metric <name>`: prints, as JSON, what the matching API endpoint returns to a leader.
import type { z } from 'zod';
import type { Config } from '../config.ts';
import { parseOptions, UsageError } from '../usage.ts';
import { openWarehouse, type Warehouse } from '../../sql/db.ts';
import * as metrics from '../../metrics/index.ts';

interface MetricCommand {
  schema: z.ZodType;
  /** The options this metric takes. */
  options: string[];
  compute: (warehouse: Warehouse, params: never, flags: Flags) => Promise<unknown>;
}

/** Options that are not query parameters of the endpoint (its path or a flag). */
interface Flags {
  staffId?: string;
}

const common = ['by', 'from', 'to', 'window', 'min-stay', 'program', 'county'];
const proportion = (compute: MetricCommand['compute']): MetricCommand => ({ schema: metrics.metricParamsSchema, options: common, compute });

const commands: Record<string, MetricCommand> = {
  reentry: proportion(metrics.getReentry),
  'successful-exits': proportion(metrics.getSuccessfulExits),
  'repeat-entries': proportion(metrics.getRepeatEntries),
  'time-in-services': proportion(metrics.getTimeInServices),
  workforce: {
    schema: metrics.workforceParamsSchema,
    options: [...common, 'cohort', 'roles'],
    compute: metrics.getWorkforce,
  },
  equity: { schema: metrics.equityParamsSchema, options: [...common.filter((o) => o !== 'by'), 'metric', 'dimension', 'reference'], compute: metrics.getEquity },
  // --staff-id prints one facilitator's detail (GET /api/facilitators/:staffId).
  facilitators: {
    schema: metrics.facilitatorParamsSchema,
    options: [...common, 'metric', 'adjusted', 'staff-id'],
    compute: async (warehouse, params: metrics.FacilitatorsParams, flags) => {
      if (flags.staffId === undefined) return metrics.getFacilitators(warehouse, params);
      const detail = await metrics.getFacilitatorDetail(warehouse, flags.staffId, params);
      if (detail === null || detail === undefined) throw new Error(`No facilitator with staff id ${flags.staffId}.`);
      return detail;
    },
  },
};

/** The CLI spelling of a parameter, for messages. */
const optionName = (param: string) => '--' + param.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const { values, positionals } = parseOptions({
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
      cohort: { type: 'string' },
      roles: { type: 'string', multiple: true },
      adjusted: { type: 'boolean' },
      'staff-id': { type: 'string' },
    },
  });
  const [name, ...rest] = positionals;
  if (!name || rest.length) {
    throw new UsageError(`metric takes one name: ${metrics.metricNames.join(', ')} (e.g. \`outcomes metric reentry --by race_ethnicity\`).`);
  }
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown metric "${name}"; choose one of ${metrics.metricNames.join(', ')}.`);
  for (const option of Object.keys(values)) {
    if (!command.options.includes(option)) throw new UsageError(`--${option} does not apply to the ${name} metric.`);
  }

  const { adjusted, 'staff-id': staffId, ...queryOptions } = values;
  if (staffId !== undefined && !staffId.trim()) throw new UsageError('--staff-id must not be empty.');
  const raw = Object.fromEntries(
    Object.entries(queryOptions)
      .filter(([, value]) => value !== undefined)
      // --roles a,b and --roles a --roles b read the same, as the query string's roles=a,b does.
      .map(([option, value]) => (option === 'roles' ? [option, (value as string[]).join(',')] : [option === 'min-stay' ? 'minStay' : option, value])),
  );
  const checked = command.schema.safeParse(raw);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const param = String(issue.path[0] ?? '');
    throw new UsageError(param ? `${optionName(param)}: ${issue.message}` : issue.message);
  }

  const warehouse = await openWarehouse(config);
  try {
    // A database nothing was imported into has no warehouse tables: say so rather than fail on a missing relation.
    const { rows } = await warehouse.withClient((c) => c.query<{ ready: boolean }>("SELECT to_regclass('import_runs') IS NOT NULL AS ready"));
    if (!rows[0].ready) throw new Error('This database holds no warehouse yet: run `outcomes migrate` and import an extract (`outcomes import <folder>`) first.');
    const params = adjusted === undefined ? checked.data : { ...(checked.data as object), adjusted };
    const result = await command.compute(warehouse, params as never, { staffId: staffId?.trim() }).catch((error: unknown) => {
      if (error instanceof metrics.MetricInputError) throw new UsageError(error.message);
      throw error;
    });
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    return 0;
  } finally {
    await warehouse.close();
  }
}
