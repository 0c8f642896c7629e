// CSV downloads: the same rows as the JSON (already shaped for the viewer),
// one table per response kind, safe to open in a spreadsheet.
import type { ResponseKind } from './roles.ts';

export type Cell = string | number | boolean | null | undefined;
export interface Table {
  columns: string[];
  rows: Cell[][];
}
type Json = Record<string, any>;

export type TableKind = ResponseKind | 'imports' | 'rejects' | 'filters';

// A spreadsheet runs a cell starting with one of these as a formula.
const formulaStart = /^[=+\-@\t\r]/;
const plainNumber = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = value;
  if (formulaStart.test(text) && !plainNumber.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderCsv(table: Table): string {
  const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

// ------------------------------------------------------------------ tables

const proportionColumns = ['n', 'events', 'rate', 'ciLow', 'ciHigh', 'unstable', 'suppressed'];
const stillDays = ['90', '180', '365', '730'];
const survivalColumns = [
  'n', 'events', 'censored', 'median', 'medianLow', 'medianHigh', 'q25', 'q75',
  ...stillDays.flatMap((d) => [`stillInServices${d}`, `stillInServices${d}Low`, `stillInServices${d}High`]), 'suppressed',
];

const isSurvival = (estimate: Json | null | undefined) => Boolean(estimate && ('censored' in estimate || 'curve' in estimate));

function estimateCells(estimate: Json | null | undefined, survival: boolean): Cell[] {
  const e = estimate ?? {};
  if (!survival) return [e.n, e.events, e.rate, e.ciLow, e.ciHigh, e.unstable, Boolean(e.suppressed)];
  const [still, low, high] = [e.stillInServices ?? {}, e.stillInServicesLow ?? {}, e.stillInServicesHigh ?? {}];
  return [e.n, e.events, e.censored, e.median, e.medianLow, e.medianHigh, e.q25, e.q75, ...stillDays.flatMap((d) => [still[d], low[d], high[d]]), Boolean(e.suppressed)];
}

/** Named cells as a table: each row has every column, the ones it does not name empty. */
function byName(columns: string[], rows: Record<string, Cell>[]): Table {
  return { columns, rows: rows.map((row) => columns.map((c) => row[c] ?? null)) };
}

/** Overall and groups, one row each (or, with curve, one row per step of each curve). */
function metricTable(body: Json, curve: boolean): Table {
  const survival = isSurvival(body.overall);
  const rows: [string, Json][] = [['overall', { key: null, label: 'All', ...body.overall }], ...(body.groups ?? []).map((g: Json) => ['group', g] as [string, Json])];
  if (survival && curve) {
    return {
      columns: ['row', 'key', 'label', 't', 's', 'low', 'high', 'atRisk', 'suppressed'],
      rows: rows.flatMap(([row, g]) =>
        g.suppressed ? [[row, g.key, g.label, null, null, null, null, null, true]] : (g.curve ?? []).map((p: Json) => [row, g.key, g.label, p.t, p.s, p.low, p.high, p.atRisk, false]),
      ),
    };
  }
  return {
    columns: ['row', 'key', 'label', ...(survival ? survivalColumns : proportionColumns)],
    rows: rows.map(([row, g]) => [row, g.key, g.label, ...estimateCells(g, survival)]),
  };
}

function equityTable(body: Json): Table {
  const survival = isSurvival(body.groups?.[0]);
  const comparison = ['ratio', 'ratioLow', 'ratioHigh', 'diff', 'diffLow', 'diffHigh', 'gap', 'direction', ...(survival ? ['stays', 'logRankP'] : [])];
  const estimate = survival ? survivalColumns : proportionColumns;
  return {
    columns: ['key', 'label', 'reference', ...estimate.filter((c) => c !== 'suppressed'), ...comparison, 'suppressed'],
    rows: (body.groups ?? []).map((g: Json) => {
      const cells = estimateCells(g, survival);
      return [g.key, g.label, g.key === body.reference, ...cells.slice(0, -1), ...comparison.map((c) => g[c]), Boolean(g.suppressed)];
    }),
  };
}

const facilitatorColumns = [
  'staffId', 'name', 'n', 'events', 'rate', 'ciLow', 'ciHigh', 'shrunk', 'shrunkLow', 'shrunkHigh', 'reliability',
  'expected', 'oe', 'oeLow', 'oeHigh', 'adjustedRate', 'adjustedLow', 'adjustedHigh', 'lower95', 'upper95', 'lower998', 'upper998', 'flag', 'suppressed',
];

/**
 * With `by`: one row per facilitator x group, exactly the cells of the JSON (unnamed rows carry none), each with
 * the facilitator's own number of cases (`facilitatorN`, the heat map table's total) after the cell's columns.
 */
const facilitatorGroupColumns = ['staffId', 'name', 'groupKey', 'groupLabel', 'n', 'events', 'rate', 'ciLow', 'ciHigh', 'unstable', 'suppressed', 'facilitatorN'];

function facilitatorsTable(body: Json): Table {
  const by = body.params?.by;
  if (by && by !== 'none') {
    return {
      columns: facilitatorGroupColumns,
      rows: (body.facilitators ?? []).flatMap((f: Json) =>
        (f.groups ?? []).map((g: Json) => [f.staffId, f.name, g.key, g.label, ...estimateCells(g, false), f.n]),
      ),
    };
  }
  return {
    columns: facilitatorColumns,
    rows: (body.facilitators ?? []).map((f: Json) =>
      facilitatorColumns.map((c) => (c === 'suppressed' ? Boolean(f.suppressed) : c in (f.limits ?? {}) ? f.limits[c] : f[c])),
    ),
  };
}

/**
 * The facilitator's figures against the agency, the quarterly trend, the caseload by group, the within-caseload
 * gaps and before/after certification: every section of the JSON, one row per entry, the columns a section
 * does not use left empty.
 */
function facilitatorDetailTable(body: Json, section?: string): Table {
  const rows: Record<string, Cell>[] = [];
  const row = (section: string, metric: Cell, quarter: Cell, who: Cell, estimate: Json | null, extra: Record<string, Cell> = {}) => {
    const cells = estimateCells(estimate, false);
    rows.push({ section, metric, quarter, who, ...Object.fromEntries(proportionColumns.map((c, k) => [c, cells[k]])), ...extra });
  };
  for (const [metric, pair] of Object.entries(body.figures ?? {}) as [string, Json][]) {
    row('figures', metric, null, 'facilitator', pair.facilitator);
    row('figures', metric, null, 'agency', pair.agency);
  }
  for (const q of body.trend ?? []) {
    row('trend', body.metric, q.quarter, 'facilitator', q.facilitator);
    row('trend', body.metric, q.quarter, 'agency', q.agency);
  }
  for (const g of body.caseloadByGroup ?? []) row('caseload', null, null, 'facilitator', { n: g.n, suppressed: g.suppressed }, { dimension: g.dimension, key: g.key, label: g.label });
  for (const g of body.equity ?? []) {
    const { dimension, key, label, ratio, ratioLow, ratioHigh, referenceN, referenceEvents } = g;
    row('equity', body.metric, null, 'facilitator', { n: g.n, events: g.events, suppressed: g.suppressed }, { dimension, key, label, ratio, ratioLow, ratioHigh, referenceN, referenceEvents });
  }
  const certification = body.certification;
  if (certification) {
    for (const when of ['before', 'after']) row('certification', body.metric, null, when, certification[when], { certifiedDate: certification.certifiedDate });
  }
  const columns = ['section', 'metric', 'quarter', 'who', ...proportionColumns, 'dimension', 'key', 'label', 'ratio', 'ratioLow', 'ratioHigh', 'referenceN', 'referenceEvents', 'certifiedDate'];
  return byName(columns, section ? rows.filter((r) => r.section === section) : rows);
}

/** One set of workforce figures as named cells, in the order of the CSV's columns. */
function workforceCells(w: Json): Record<string, Cell> {
  const r = w.retention12m ?? {};
  const t = w.tenure ?? {};
  const c = w.continuity ?? {};
  return {
    headcountStart: w.headcount?.start, headcountEnd: w.headcount?.end, headcountAverage: w.headcount?.average,
    separations: w.separations?.all, voluntarySeparations: w.separations?.voluntary,
    turnover: w.turnover?.all, turnoverLow: w.turnover?.allLow, turnoverHigh: w.turnover?.allHigh,
    voluntaryTurnover: w.turnover?.voluntary, voluntaryTurnoverLow: w.turnover?.voluntaryLow, voluntaryTurnoverHigh: w.turnover?.voluntaryHigh,
    retention12mN: r.n, retention12mEvents: r.events, retention12m: r.rate, retention12mLow: r.ciLow, retention12mHigh: r.ciHigh,
    tenureN: t.n, tenureEvents: t.events, tenureMedian: t.median, tenureMedianLow: t.medianLow, tenureMedianHigh: t.medianHigh,
    // The share still employed at 180, 365 and 730 days since hire, each with its interval (the tenure table's).
    retained180: t.stillInServices?.['180'], retained180Low: t.stillInServicesLow?.['180'], retained180High: t.stillInServicesHigh?.['180'],
    retained365: t.stillInServices?.['365'], retained365Low: t.stillInServicesLow?.['365'], retained365High: t.stillInServicesHigh?.['365'],
    retained730: t.stillInServices?.['730'], retained730Low: t.stillInServicesLow?.['730'], retained730High: t.stillInServicesHigh?.['730'],
    continuity: c.rate, continuityLow: c.ciLow, continuityHigh: c.ciHigh,
    suppressed: [r, t, c].some((e) => e.suppressed) || [w.headcount?.start, w.headcount?.end, w.headcount?.average, w.separations?.all].some((v) => v === null),
  };
}

// The overall and group rows' columns, then (caseload rows: one per month, as the JSON's caseload) the caseload's own.
const workforceFigureColumns = Object.keys(workforceCells({}));
const figureColumns = ['row', 'key', 'label', ...workforceFigureColumns];
const caseloadColumns = Object.keys(caseloadCells({}));
const caseloadOnly = caseloadColumns.filter((c) => c !== 'suppressed');
const workforceColumns = [...figureColumns, ...caseloadOnly];

/** The sections a workforce CSV can be cut to, one per figure of the Workforce page (none: every row). */
export const workforceSections = ['figures', 'groups', 'caseload', 'retention'] as const;

function workforceTable(body: Json, section?: string): Table {
  const figureRows = [
    { row: 'overall', label: 'All', ...workforceCells(body) },
    ...(body.groups ?? []).map((g: Json) => ({ row: 'group', key: g.key, label: g.label, ...workforceCells(g) })),
  ];
  switch (section) {
    case 'groups':
      return byName(figureColumns.slice(1), (body.groups ?? []).map((g: Json) => ({ key: g.key, label: g.label, ...workforceCells(g) })));
    case 'caseload':
      return byName(caseloadColumns, (body.caseload ?? []).map(caseloadCells));
    case 'retention': {
      // 12-month retention and continuity, as the Workforce page's dot-and-interval chart shows them.
      const measures: [string, Json][] = [['retention12m', body.retention12m], ['continuity', body.continuity]];
      return {
        columns: ['measure', ...proportionColumns],
        rows: measures.filter(([, e]) => e != null).map(([measure, e]) => [measure, ...estimateCells(e, false)]),
      };
    }
    case 'figures':
      return byName(figureColumns, figureRows);
  }
  return byName(workforceColumns, [...figureRows, ...(body.caseload ?? []).map((m: Json) => ({ row: 'caseload', ...caseloadCells(m) }))]);
}

function caseloadCells(m: Json): Record<string, Cell> {
  return { month: m.month, facilitators: m.facilitators, openEpisodes: m.openEpisodes, perFacilitator: m.perFacilitator, suppressed: m.facilitators === null || m.openEpisodes === null };
}

/** One row per quarter: its key and days, then the metric's figure (workforce: its summary columns). */
function trendTable(body: Json): Table {
  const periods: Json[] = body.periods ?? [];
  const head = (p: Json): Cell[] => [p.period, p.from, p.to];
  if (body.metric === 'workforce') {
    return byName(['period', 'from', 'to', ...workforceFigureColumns], periods.map((p) => ({ period: p.period, from: p.from, to: p.to, ...workforceCells(p) })));
  }
  const survival = body.metric === 'time-in-services';
  return { columns: ['period', 'from', 'to', ...(survival ? survivalColumns : proportionColumns)], rows: periods.map((p) => [...head(p), ...estimateCells(p, survival)]) };
}

// Imports, rejects and filters are shown only to leaders or hold no counts: nothing in them is ever suppressed,
// but every CSV has the `suppressed` column (interfaces.md).

function importsTable(body: Json): Table {
  const columns = ['id', 'status', 'startedAt', 'finishedAt', 'asOf', 'source', 'replace', 'read', 'loaded', 'rejected', 'message', 'suppressed'];
  return {
    columns,
    rows: (body.runs ?? []).map((r: Json) => {
      const files = Object.values(r.files ?? {}) as Json[];
      const sum = (k: string) => files.reduce((s, f) => s + (Number(f[k]) || 0), 0);
      return [r.id, r.status, r.startedAt, r.finishedAt, r.asOf, r.source, r.replace, sum('read'), sum('loaded'), sum('rejected'), r.message, false];
    }),
  };
}

function rejectsTable(body: Json): Table {
  const columns = ['file', 'line', 'column', 'reason', 'rawLine', 'suppressed'];
  return { columns, rows: (body.rejects ?? []).map((r: Json) => [r.file, r.line, r.column, r.reason, r.rawLine, false]) };
}

/** One row per program and county, then the period the data covers (first and last dates) and asOf. */
function filtersTable(body: Json): Table {
  const rows: Cell[][] = [
    ...(body.programs ?? []).map((p: Json) => ['program', p.key, p.label, false]),
    ...(body.counties ?? []).map((c: string) => ['county', c, c, false]),
    ['period', 'first', body.period?.first ?? null, false],
    ['period', 'last', body.period?.last ?? null, false],
    ['asOf', 'asOf', body.asOf ?? null, false],
  ];
  return { columns: ['kind', 'key', 'label', 'suppressed'], rows };
}

export function toTable(kind: TableKind, body: Json, options: { curve?: boolean; section?: string } = {}): Table {
  switch (kind) {
    case 'metric': return metricTable(body, Boolean(options.curve));
    case 'equity': return equityTable(body);
    case 'facilitators': return facilitatorsTable(body);
    case 'facilitatorDetail': return facilitatorDetailTable(body, options.section);
    case 'workforce': return workforceTable(body, options.section);
    case 'trend': return trendTable(body);
    case 'imports': return importsTable(body);
    case 'rejects': return rejectsTable(body);
    case 'filters': return filtersTable(body);
  }
}

/** A file name that says what and when: reentry_by-race_ethnicity_2022-01-01_2022-12-31_asof-2025-06-30.csv */
export function csvFileName(parts: (string | null | undefined)[]): string {
  const name = parts.filter((p): p is string => Boolean(p)).join('_').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${name.slice(0, 180) || 'export'}.csv`;
}
