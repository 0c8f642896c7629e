// A mistake in how a command was called: exit code 2 and one readable sentence.
export class UsageError extends Error {}
