// A mistake in how a command was called: exit code 2 and one readable sentence.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

/** node:util parseArgs, with its complaints about unknown or malformed options turned into one sentence (UsageError). */
export function parseOptions<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(usageSentence(error as Error & { code?: string }));
  }
}

/** parseArgs says several things, some of them about its own syntax; the caller needs what was wrong. */
function usageSentence(error: Error & { code?: string }): string {
  const named = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const option = named.split(' ')[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${option} is not an option of this command; run \`outcomes --help\` for the options.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return named.includes('<value>') || /missing|ambiguous/.test(error.message)
        ? `${option} needs a value (one starting with a dash is written ${option}=-…).`
        : `${option} takes no value.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `"${named}" is not expected here; run \`outcomes --help\` for how to call this command.`;
    default:
      return error.message.split(/(?<=\.)\s/)[0];
  }
}
