// Dispatches `outcomes <command>`; each command lives with the stage it drives.
import { loadConfig, type Config } from './config.ts';
import { UsageError } from './usage.ts';
import { errorSentence } from './errors.ts';

type Command = (argv: string[], config: Readonly<Config>) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  migrate: async () => (await import('./commands/migrate.ts')).run,
  import: async () => (await import('./commands/import.ts')).run,
  generate: async () => (await import('./commands/generate.ts')).run,
  metric: async () => (await import('./commands/metric.ts')).run,
  users: async () => (await import('./commands/users.ts')).run,
  token: async () => (await import('./commands/token.ts')).run,
  serve: async () => (await import('./commands/serve.ts')).run,
  demo: async () => (await import('./commands/demo.ts')).run,
};

const usage = `Usage: outcomes <command> [options]

  migrate                      apply pending database migrations
  import <folder>              import one extract (--replace, --as-of, --max-reject-rate, --json)
  generate <folder>            write a synthetic extract (--seed, --clients, --facilitators, --start, --as-of)
  metric <name>                print a metric as JSON (reentry, successful-exits, repeat-entries,
                               time-in-services, workforce, equity, facilitators)
  users add <username>         create or update a user (--role, --staff-id; password on stdin)
  users remove <username>      remove a user (and end their sessions);  users list
  token add <username>         create an API token for scripts (printed once; --label)
  token remove <id>            revoke a token;  token list [--json]
  serve                        run the web server (--port, --host)
  demo                         first start: demo data and users when empty, then serve

Database: DATABASE_URL=postgres://… or the embedded PGlite in ./.data/pglite (PGLITE_DIR).`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    // No command is a usage error: the usage goes to stderr, with exit 2.
    console.error(usage);
    return 2;
  }
  // `outcomes --help`, and `--help` after any command (before a `--`), print the usage.
  const options = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (name === '--help' || name === '-h' || name === 'help' || options.includes('--help') || options.includes('-h')) {
    console.log(usage);
    return 0;
  }
  let config: Readonly<Config> | undefined;
  try {
    const load = commands[name];
    if (!load) throw new UsageError(`Unknown command "${name}". Run \`outcomes --help\` for the list.`);
    config = loadConfig();
    const command = await load();
    return await command(rest, config);
  } catch (error) {
    const debug = config?.debug ?? Boolean(process.env.DEBUG);
    if (error instanceof UsageError) {
      console.error(`outcomes ${name}: ${error.message}`);
      return 2;
    }
    console.error(debug ? error : `outcomes ${name}: ${errorSentence(error)}`);
    return 1;
  }
}
