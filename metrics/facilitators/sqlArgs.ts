// Positional parameters collected while a query's text is composed, so fragments never count $n by hand.

export class SqlArgs {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder with a cast, e.g. `$3::date`. */
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** Adds a value and returns its bare position (for fragments written with `$n`). */
  position(value: unknown): number {
    return this.values.push(value);
  }
}
