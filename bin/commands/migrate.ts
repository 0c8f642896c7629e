// `outcomes migrate`: applies pending migrations; safe to repeat.
import type { Config } from '../config.ts';
import { UsageError } from '../usage.ts';
import { openWarehouse } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  if (argv.length) throw new UsageError(`migrate takes no arguments (got "${argv[0]}").`);
  const warehouse = await openWarehouse(config);
  try {
    const applied = await migrate(warehouse);
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  } finally {
    await warehouse.close();
  }
}
