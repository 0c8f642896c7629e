// Streams one CSV file through the row checks straight into its staging
// table with COPY; rejected rows are kept aside with their line and text.
import path from 'node:path';
import type { Client } from '../sql/db.ts';
import type { FileSpec } from './contract.ts';
import { ExtractFileError, readCsvRecords } from './csvRecords.ts';
import type { ExtractSettings } from './extractSettings.ts';
import { stagingTable } from './queries/createStagingTables.ts';
import type { RejectedRow } from './queries/insertRejects.ts';
import { rejectedRowText, resolveHeader, RowValidator, type HeaderLayout } from './rowValidator.ts';

export interface StagedFile {
  read: number;
  rejects: RejectedRow[];
  /** The key cells of rejected rows whose key was valid: a staged row with the same key is a duplicate. */
  rejectedKeys: string[][];
  /** For a file of sets (spec.setColumn), the set of each rejected row as written (trimmed): those sets are incomplete. */
  rejectedSets: string[];
  warnings: string[];
  /** The header's columns (set once the header is read): what a rejected row's kept text may show. */
  layout?: HeaderLayout;
}

export interface FileProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

export async function stageFile(
  client: Client,
  folder: string,
  spec: FileSpec,
  settings: ExtractSettings,
  asOf: string,
  onProgress?: (progress: FileProgress) => void,
): Promise<StagedFile> {
  const staged: StagedFile = { read: 0, rejects: [], rejectedKeys: [], rejectedSets: [], warnings: [] };
  let validator: RowValidator | undefined;
  let setPosition = -1;
  let out = '';

  const onRecord = (fields: string[], line: number, raw: () => string) => {
    if (!validator) {
      const layout = (staged.layout = resolveHeader(spec, fields, settings));
      staged.warnings.push(...layout.warnings);
      if (spec.setColumn) setPosition = layout.positions[spec.columns.findIndex((c) => c.name === spec.setColumn)];
      validator = new RowValidator(spec, layout, settings, asOf);
      return;
    }
    staged.read++;
    const row = validator.validate(fields, line);
    if (row !== null) {
      out += row;
      return;
    }
    staged.rejects.push({ file: spec.file, line, column: validator.column, reason: validator.reason, message: validator.message, raw: rejectedRowText(staged.layout!, fields, raw) });
    // Duplicates are found in SQL among staged rows; a rejected copy still makes the others duplicates.
    const key = validator.key();
    if (key) staged.rejectedKeys.push(key);
    const set = setPosition >= 0 ? fields[setPosition]?.trim() : undefined;
    if (set) staged.rejectedSets.push(set);
  };

  async function* stagingCsv(): AsyncGenerator<string> {
    for await (const progress of readCsvRecords(path.join(folder, spec.file), spec.file, onRecord)) {
      onProgress?.({ file: spec.file, ...progress, rows: staged.read });
      if (out.length) {
        const chunk = out;
        out = '';
        yield chunk;
      }
    }
    if (!validator) throw new ExtractFileError(spec.file, `${spec.file} is empty: it needs at least a header row.`);
  }

  const columns = ['line', ...spec.columns.map((c) => c.name)];
  await client.copyCsv(stagingTable[spec.file], columns, stagingCsv());
  staged.warnings.push(...(validator?.warnings() ?? []));
  return staged;
}
