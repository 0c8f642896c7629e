// One error shape for the whole API: { error, issues: [{ path, message }] }, never HTML or a stack.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
}

export class HttpError extends Error {
  readonly status: number;
  readonly issues: Issue[];
  readonly headers: Record<string, string>;
  constructor(status: number, message: string, issues: Issue[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.issues = issues;
    this.headers = headers;
  }
}

export const badRequest = (message: string, issues: Issue[] = []) => new HttpError(400, message, issues);
export const unauthorized = (message = 'Sign in first.') => new HttpError(401, message);
export const forbidden = (message = 'Your role may not see this.') => new HttpError(403, message);
export const notFound = (message = 'Not found.') => new HttpError(404, message);

/** Zod issues in the API's words: the parameter's name and what is wrong with it. */
export function fromZod(error: z.ZodError, message = 'Bad request parameters.'): HttpError {
  return badRequest(
    message,
    error.issues.flatMap((issue) => {
      // One issue per unknown parameter, each named in `path`.
      if (issue.code === 'unrecognized_keys') return (issue as { keys: string[] }).keys.map((key) => ({ path: key, message: `Unknown parameter: ${key}.` }));
      // The parameter's name: `program`, not `program.0` for the first of several.
      return [{ path: String(issue.path[0] ?? ''), message: issue.message }];
    }),
  );
}

export const unknownApiRoute: RequestHandler = (req, _res, next) => next(notFound(`No API endpoint ${req.method} ${req.originalUrl.split('?')[0]}.`));

/** The single error middleware. Body-parser errors carry a status; anything else is a 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    let http: HttpError;
    if (error instanceof HttpError) http = error;
    else if (error instanceof z.ZodError) http = fromZod(error);
    else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      const messages: Record<string, string> = {
        'entity.too.large': 'The request body is too large.',
        'entity.parse.failed': 'The request body is not valid JSON.',
        'encoding.unsupported': 'The request body encoding is not supported.',
      };
      http = new HttpError(error.status, messages[error.type as string] ?? 'Bad request.');
    } else {
      logger.error({ err: { message: (error as Error)?.message, name: (error as Error)?.name }, route: req.route?.path }, 'request failed');
      http = new HttpError(500, 'Something went wrong on the server; the error was logged.');
    }
    if (res.headersSent) return res.end();
    for (const [name, value] of Object.entries(http.headers)) res.setHeader(name, value);
    res.status(http.status).type('application/json').send(JSON.stringify({ error: http.message, issues: http.issues }));
  };
}
