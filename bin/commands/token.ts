// `outcomes token add|list|remove`: API tokens for scripts (Authorization: Bearer …), printed once.
import type { Config } from '../config.ts';
import { parseOptions, UsageError } from '../usage.ts';
import { createToken, listTokens, removeToken } from '../../api/access/tokens.ts';
import { findUserCredentials } from '../../api/access/users.ts';
import { audit } from '../../api/access/audit.ts';
import { withWarehouse } from './users.ts';

const help = 'token add <username> [--label TEXT] | token list [<username>] [--json] | token remove <id>';

export async function run(argv: string[], config: Readonly<Config>): Promise<number> {
  const [action, ...rest] = argv;
  const { values, positionals } = parseOptions({ args: rest, options: { label: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (action === 'add') {
    if (positionals.length !== 1) throw new UsageError(`Give one username: ${help}`);
    const username = positionals[0];
    return withWarehouse(config, async (warehouse) => {
      if (!(await findUserCredentials(warehouse, username))) {
        console.error(`outcomes token: there is no user ${username}; create it first with \`outcomes users add\`.`);
        return 1;
      }
      const { id, token } = await createToken(warehouse, username, values.label ?? null);
      await audit(warehouse, { action: 'token_created', username, detail: { tokenId: id, via: 'cli' } });
      console.error(`Token ${id} for ${username}; it is shown only now. Use it as: Authorization: Bearer <token>`);
      console.log(token);
      return 0;
    });
  }
  if (action === 'list') {
    if (positionals.length > 1) throw new UsageError(`At most one username: ${help}`);
    return withWarehouse(config, async (warehouse) => {
      const tokens = await listTokens(warehouse, positionals[0]);
      if (values.json) {
        console.log(JSON.stringify(tokens.map((t) => ({ id: t.id, username: t.username, label: t.label, createdAt: t.created_at.toISOString(), lastUsedAt: t.last_used_at?.toISOString() ?? null }))));
        return 0;
      }
      for (const t of tokens) {
        console.log(`${String(t.id).padEnd(6)} ${t.username.padEnd(24)} ${(t.label ?? '').padEnd(20)} created ${t.created_at.toISOString().slice(0, 10)} last used ${t.last_used_at?.toISOString().slice(0, 10) ?? 'never'}`);
      }
      return 0;
    });
  }
  if (action === 'remove') {
    const id = Number(positionals[0]);
    if (positionals.length !== 1 || !Number.isInteger(id) || id < 1) throw new UsageError(`Give one token id (see \`outcomes token list\`): ${help}`);
    return withWarehouse(config, async (warehouse) => {
      if (!(await removeToken(warehouse, id))) {
        console.error(`outcomes token: there is no token ${id}.`);
        return 1;
      }
      await audit(warehouse, { action: 'token_removed', detail: { tokenId: id, via: 'cli' } });
      console.log(`Removed token ${id}; scripts using it now get 401.`);
      return 0;
    });
  }
  throw new UsageError(action ? `"${action}" is not something token can do; say one of: ${help}` : `Say what to do: ${help}`);
}
