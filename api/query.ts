// Query strings to typed parameters with the shared zod fragments; anything unknown or malformed is a 400.
import type { Request } from 'express';
import { z } from 'zod';
import { badRequest, fromZod } from './errors.ts';

// Parameters that may be repeated (?program=a&program=b); every other one is given at most once.
const repeatable = new Set(['program', 'county']);

export const formatParam = z.enum(['json', 'csv']).default('json');

/** Validates req.query with a strict object schema (unknown parameters are refused by name). */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const query = req.query as Record<string, string | string[] | undefined>;
  const repeated = Object.entries(query).filter(([key, value]) => Array.isArray(value) && !repeatable.has(key));
  if (repeated.length) {
    throw badRequest('Bad request parameters.', repeated.map(([key]) => ({ path: key, message: `${key} may be given only once` })));
  }
  // No text in the warehouse can hold a NUL character, so no filter can match one.
  const withNul = Object.entries(query).filter(([key, value]) => hasNul(key) || [value ?? ''].flat().some(hasNul));
  if (withNul.length) {
    throw badRequest('Bad request parameters.', withNul.map(([key]) => ({ path: key.replace(/\0/g, ''), message: noNul })));
  }
  let parsed;
  try {
    parsed = schema.safeParse(query);
  } catch {
    // A validator that throws instead of reporting (e.g. on an impossible date) still names the parameter.
    throw badRequest('Bad request parameters.', throwingParameters(schema, query));
  }
  if (!parsed.success) throw fromZod(parsed.error);
  return parsed.data;
}

function throwingParameters(schema: z.ZodType, query: Record<string, unknown>): { path: string; message: string }[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  const bad = Object.keys(query).filter((key) => {
    try {
      return !shape[key] || !shape[key].safeParse(query[key]).success;
    } catch {
      return true;
    }
  });
  return bad.map((key) => ({ path: key, message: 'is not a valid value' }));
}

export const noNul = 'must not contain a NUL character';
export const hasNul = (text: string) => text.includes('\0');

/** A boolean written in a query string. */
export const flagParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
