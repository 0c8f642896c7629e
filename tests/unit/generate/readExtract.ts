// Reads a generated extract back with a real CSV parser, so tests check the files as an importer would see them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Truth } from '../../../etl/generate/index.ts';

export interface Extract {
  headers: Record<string, string[]>;
  staff: Record<string, string>[];
  clients: Record<string, string>[];
  episodes: Record<string, string>[];
  assignments: Record<string, string>[];
  extract: { asOf: string; source: string };
  truth: Truth;
}

export const files = ['staff.csv', 'clients.csv', 'episodes.csv', 'assignments.csv'] as const;

export function readExtract(folder: string): Extract {
  const headers: Record<string, string[]> = {};
  const table = (file: string): Record<string, string>[] => {
    const [header, ...rows] = parse(readFileSync(join(folder, file), 'utf8')) as string[][];
    headers[file] = header;
    return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
  };
  return {
    staff: table('staff.csv'),
    clients: table('clients.csv'),
    episodes: table('episodes.csv'),
    assignments: table('assignments.csv'),
    headers,
    extract: JSON.parse(readFileSync(join(folder, 'extract.json'), 'utf8')),
    truth: JSON.parse(readFileSync(join(folder, 'truth.json'), 'utf8')),
  };
}

/** Whole days since 1970-01-01 of a YYYY-MM-DD string (UTC, independent of the generator's own calendar). */
export function day(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
}

export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
}

export const communityExits = new Set(['completed', 'stepped_down', 'disengaged', 'other']);

/** Community exits with a full 365-day follow-up, each with whether the client started another episode within 365 days. */
export function reentryOutcomes(x: Extract): { episode: Record<string, string>; reentered: boolean }[] {
  const starts = new Map<string, number[]>();
  for (const e of x.episodes) {
    const list = starts.get(e.client_id) ?? [];
    list.push(day(e.start_date));
    starts.set(e.client_id, list);
  }
  const asOf = day(x.extract.asOf);
  return x.episodes
    .filter((e) => e.end_date && communityExits.has(e.exit_reason) && day(e.end_date) + 365 <= asOf)
    .map((episode) => {
      const end = day(episode.end_date);
      return { episode, reentered: starts.get(episode.client_id)!.some((s) => s > end && s <= end + 365) };
    });
}

/** Share of outcomes that re-entered, with the count. */
export function rate(outcomes: { reentered: boolean }[]): { n: number; rate: number } {
  return { n: outcomes.length, rate: outcomes.filter((o) => o.reentered).length / outcomes.length };
}
