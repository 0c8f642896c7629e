// Dispatches `outcomes <command>`; each command lives with the stage it drives.
import { loadConfig, type Config } from './config.ts';
import { UsageError } from './usage.ts';

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

/** Network failures reaching the database, in the operator's words (the driver says `connect ECONNREFUSED …`). */
const unreachable: Record<string, string> = {
  ECONNREFUSED: 'nothing answered there',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ECONNRESET: 'the connection was closed',
};

type NetworkError = { code?: string; address?: string; port?: number; hostname?: string };

export function databaseUnreachable(error: unknown): string | null {
  // Node tries each address of a host name (IPv6 and IPv4) and may report them together.
  const first = (error instanceof AggregateError ? error.errors[0] : error) as NetworkError | null;
  if (!first || typeof first !== 'object' || !first.code) return null;
  if (first.code === 'ENOTFOUND' || first.code === 'EAI_AGAIN') return `the database host ${first.hostname ?? 'of DATABASE_URL'} was not found; check DATABASE_URL.`;
  const why = unreachable[first.code];
  if (!why) return null;
  const where = first.address ? ` at ${first.address}${first.port ? `:${first.port}` : ''}` : '';
  return `could not reach the database${where} (${why}); is PostgreSQL running there, and is DATABASE_URL right?`;
}

/** One readable sentence for an unexpected error, whatever was thrown (some libraries throw errors without a message). */
function errorSentence(error: unknown): string {
  const network = databaseUnreachable(error);
  if (network) return network;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (message) return message;
  const code = (error as { code?: unknown; errno?: unknown } | null)?.code ?? (error as { errno?: unknown } | null)?.errno;
  return `an unexpected error${code !== undefined ? ` (${String(code)})` : ''}; run again with DEBUG=1 for the details.`;
}
