// `outcomes users add|remove|list`: who may sign in; passwords come from stdin, never from arguments.
import readline from 'node:readline';
import type { Config } from '../config.ts';
import { parseOptions, UsageError } from '../usage.ts';
import type { ParseArgsConfig } from 'node:util';
import { openWarehouse } from '../../sql/db.ts';
import { migrate } from '../../sql/migrate.ts';
import { roles, type Role } from '../../api/access/tables.ts';
import { listUsers, removeUser, saveUser, usernamePattern } from '../../api/access/users.ts';
import { passwordProblem } from '../../api/access/passwords.ts';
import { audit } from '../../api/access/audit.ts';

const help = 'users add <username> --role leader|supervisor|funder [--staff-id ID] [--password-stdin] | users remove <username> | users list';

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const [action, ...rest] = argv;
  if (action === 'add') return add(rest, config);
  if (action === 'remove') return remove(rest, config);
  if (action === 'list') return list(rest, config);
  throw new UsageError(action ? `"${action}" is not something users can do; say one of: ${help}` : `Say what to do: ${help}`);
}

async function add(argv: string[], config: Readonly<Config>): Promise<number> {
  const { values, positionals } = parse(argv, {
    role: { type: 'string' },
    'staff-id': { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  const username = onlyUsername(positionals);
  const role = values.role as Role | undefined;
  if (!role || !roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}.`);
  const staffId = values['staff-id'] as string | undefined;
  if (role === 'supervisor' && !staffId) throw new UsageError('A supervisor needs --staff-id (their staff id in the extract), so they see their own team named.');
  if (role !== 'supervisor' && staffId) throw new UsageError('--staff-id applies to supervisors only.');
  const password = await readSecretLine(`Password for ${username}: `);
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  return withWarehouse(config, async (warehouse) => {
    const outcome = await saveUser(warehouse, { username, role, staffId, password });
    await audit(warehouse, { action: 'user_saved', username, detail: { role, staffId: staffId ?? null, via: 'cli', outcome } });
    console.log(`${outcome === 'created' ? 'Created' : 'Updated'} ${role} ${username}${staffId ? ` (staff id ${staffId})` : ''}.${outcome === 'updated' ? ' Their sessions were ended.' : ''}`);
    // Kept either way (the staff member may come with the next extract), but a typo would show them no one.
    const known = staffId ? (await warehouse.withClient((c) => c.query('SELECT 1 FROM staff WHERE staff_id = $1', [staffId]))).rows.length > 0 : true;
    if (!known) console.log(`Note: no staff member ${staffId} has been imported yet, so ${username} sees no team named until an extract brings one.`);
    return 0;
  });
}

async function remove(argv: string[], config: Readonly<Config>): Promise<number> {
  const { positionals } = parse(argv, {});
  const username = onlyUsername(positionals);
  return withWarehouse(config, async (warehouse) => {
    if (!(await removeUser(warehouse, username))) {
      console.error(`outcomes users: there is no user ${username}.`);
      return 1;
    }
    await audit(warehouse, { action: 'user_removed', username, detail: { via: 'cli' } });
    console.log(`Removed ${username}, with their sessions and API tokens.`);
    return 0;
  });
}

async function list(argv: string[], config: Readonly<Config>): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } });
  return withWarehouse(config, async (warehouse) => {
    const users = await listUsers(warehouse);
    if (values.json) console.log(JSON.stringify(users));
    else if (!users.length) console.log('No users yet: outcomes users add <username> --role leader');
    else for (const u of users) console.log(`${u.username.padEnd(24)} ${u.role.padEnd(10)} ${u.staffId ?? ''}`);
    return 0;
  });
}

type Options = NonNullable<ParseArgsConfig['options']>;

function parse(argv: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const { values, positionals } = parseOptions({ args: argv, options, allowPositionals: true, strict: true });
  return { values: values as Record<string, string | boolean | undefined>, positionals };
}

function onlyUsername(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(`Give exactly one username: ${help}`);
  const username = positionals[0];
  if (!usernamePattern.test(username)) throw new UsageError('A username has 1 to 64 letters, digits or . _ @ -');
  return username;
}

export async function withWarehouse(config: Readonly<Config>, fn: (w: Awaited<ReturnType<typeof openWarehouse>>) => Promise<number>): Promise<number> {
  const warehouse = await openWarehouse(config);
  try {
    await migrate(warehouse);
    return await fn(warehouse);
  } finally {
    await warehouse.close();
  }
}

// Reads one secret line from stdin: piped (`echo pw | outcomes users add …`) or typed without echo.
export async function readSecretLine(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    let text = '';
    for await (const chunk of input) {
      text += chunk;
      if (text.includes('\n')) break;
    }
    return text.split(/\r?\n/)[0];
  }
  const rl = readline.createInterface({ input, output: process.stderr, terminal: true });
  const output = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WriteStream };
  process.stderr.write(prompt);
  // Typed characters are not echoed.
  output._writeToOutput = () => {};
  const line = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return line;
}
