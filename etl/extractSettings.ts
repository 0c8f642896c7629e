// extract.json (as-of date, source) and mapping.json (column and value
// aliases) of one extract folder, validated with zod: a bad one aborts the import.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { builtInLookup, enumKey, enumValues, files, type CsvFile, type EnumName } from './contract.ts';
import { ExtractFileError } from './csvRecords.ts';
import { parseDate } from './dates.ts';

export interface ExtractSettings {
  asOf?: string;
  source?: string;
  /** Per file: normalised source header → contract column. */
  columnAliases: Partial<Record<CsvFile, Map<string, string>>>;
  /** Per column: normalised cell → value (mapping.json first, then built-ins for enums). */
  valueAliases: Map<string, Map<string, string>>;
}

const isoDate = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && parseDate(s) === s, 'must be a real date written YYYY-MM-DD');

// Source is free text (data-contract.md): a blank one counts as none, a long one is cut to 200 characters.
const sourceText = z.string().transform((text) => text.trim().slice(0, 200) || undefined);
const extractJson = z.object({ asOf: isoDate.optional(), source: sourceText.optional() }).loose();

const contractColumns = new Set(files.flatMap((f) => f.columns.map((c) => c.name)));
// Ids and dates are taken as written (a date in either accepted format): only values with names can be aliased.
const unaliasable = new Map(files.flatMap((f) => f.columns.filter((c) => c.type === 'id' || c.type === 'date').map((c) => [c.name, c.type] as const)));
const mappingJson = z.strictObject({
  columns: z.partialRecord(z.enum(files.map((f) => f.file) as [CsvFile, ...CsvFile[]]), z.record(z.string(), z.string())).optional(),
  values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});

/**
 * extract.json alone (as-of date and source), so a run aborted over mapping.json still records them; `warnings`
 * names the keys it holds but does not read (a source system's own fields, or a misspelt "asof").
 */
export function readExtractInfo(folder: string): Pick<ExtractSettings, 'asOf' | 'source'> & { warnings: string[] } {
  const extract = readJson(folder, 'extract.json', extractJson) as (z.infer<typeof extractJson> & Record<string, unknown>) | undefined;
  const known = ['asOf', 'source'];
  const warnings = Object.keys(extract ?? {})
    .filter((key) => !known.includes(key))
    .map((key) => {
      const meant = known.find((k) => k.toLowerCase() === key.trim().toLowerCase());
      return `extract.json: "${key}" is not read (only asOf and source are)${meant ? `; did you mean "${meant}"?` : ''}`;
    });
  return { asOf: extract?.asOf, source: extract?.source, warnings };
}

/**
 * Reads the folder's optional JSON files (extract.json's part given when already read); throws ExtractFileError
 * naming the file and the problem.
 */
export function readExtractSettings(folder: string, extract = readExtractInfo(folder)): ExtractSettings {
  const mapping = readJson(folder, 'mapping.json', mappingJson);
  const columnAliases: ExtractSettings['columnAliases'] = {};
  for (const [file, aliases] of Object.entries(mapping?.columns ?? {})) {
    const fileColumns = new Set(files.find((f) => f.file === file)!.columns.map((c) => c.name));
    const map = new Map<string, string>();
    for (const [source, written] of Object.entries(aliases)) {
      // Contract names are matched as headers are: case-insensitively, trimmed.
      const target = written.trim().toLowerCase();
      if (!fileColumns.has(target)) {
        throw new ExtractFileError('mapping.json', `mapping.json renames "${source}" in ${file} to "${target}", which is not a column of ${file}.`);
      }
      map.set(source.trim().toLowerCase(), target);
    }
    columnAliases[file as CsvFile] = map;
  }
  return { asOf: extract?.asOf, source: extract?.source, columnAliases, valueAliases: valueLookups(mapping?.values ?? {}) };
}

function valueLookups(values: Record<string, Record<string, string>>): Map<string, Map<string, string>> {
  const lookups = new Map<string, Map<string, string>>();
  const enumOf = new Map(files.flatMap((f) => f.columns.filter((c) => c.enum).map((c) => [c.name, c.enum!] as const)));
  for (const [column, aliases] of Object.entries(values)) {
    if (!contractColumns.has(column)) throw new ExtractFileError('mapping.json', `mapping.json has value aliases for "${column}", which is not a column of the contract.`);
    const kind = unaliasable.get(column);
    if (kind) throw new ExtractFileError('mapping.json', `mapping.json has value aliases for "${column}", ${kind === 'id' ? 'an id' : 'a date'}: ids and dates are taken as written; only named values (roles, genders, exit reasons, languages…) can be aliased.`, column);
    const e = enumOf.get(column);
    const map = new Map<string, string>();
    for (const [source, written] of Object.entries(aliases)) {
      // An enum's value is matched as its cells are: case-insensitively, trimmed.
      const target = e ? written.trim().toLowerCase() : written;
      if (e && !enumValues[e].includes(target)) {
        throw new ExtractFileError('mapping.json', `mapping.json maps ${column} "${source}" to "${target}", which is not one of: ${enumValues[e].join(', ')}.`, column);
      }
      map.set(enumKey(source), target);
    }
    lookups.set(column, map);
  }
  // Built-ins come after the agency's own aliases, which therefore win.
  for (const [column, e] of enumOf) {
    const map = lookups.get(column) ?? new Map<string, string>();
    for (const [alias, value] of builtInLookup(e as EnumName)) if (!map.has(alias)) map.set(alias, value);
    lookups.set(column, map);
  }
  return lookups;
}

function readJson<T>(folder: string, file: string, schema: z.ZodType<T>): T | undefined {
  const full = path.join(folder, file);
  if (!fs.existsSync(full)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(full, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ExtractFileError(file, `${file} is not valid JSON: ${(error as Error).message}.`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length ? ` at "${issue.path.join('.')}"` : '';
    throw new ExtractFileError(file, `${file} is not valid${where}: ${issue.message}.`);
  }
  return result.data;
}
