// A CSV download: the file, named for what and when, with its audit log row (every export is audited).
import type { Request, Response } from 'express';
import type { Warehouse } from '../../sql/db.ts';
import { audit } from '../access/audit.ts';
import type { Viewer } from '../access/tables.ts';
import { renderCsv, type Table } from '../csv.ts';

export async function sendCsvDownload(warehouse: Warehouse, req: Request, res: Response, viewer: Viewer, fileName: string, table: Table): Promise<void> {
  await audit(warehouse, { action: 'csv_export', viewer, address: req.ip, detail: { file: fileName } });
  res.type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.send(renderCsv(table));
}
