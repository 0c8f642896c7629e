// Errors in the operator's words: one readable sentence, whatever was thrown.

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
export function errorSentence(error: unknown): string {
  const network = databaseUnreachable(error);
  if (network) return network;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (message) return message;
  const code = (error as { code?: unknown; errno?: unknown } | null)?.code ?? (error as { errno?: unknown } | null)?.errno;
  return `an unexpected error${code !== undefined ? ` (${String(code)})` : ''}; run again with DEBUG=1 for the details.`;
}
