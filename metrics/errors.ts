// A caller asked for something the metric cannot answer (the API answers 400, the CLI exits 2).
export class MetricInputError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
