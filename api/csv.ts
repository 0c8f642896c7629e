// CSV downloads: the same rows as the JSON (already shaped for the viewer),
// one table per response kind, safe to open in a spreadsheet.
import type { ResponseKind } from './roles.ts';

export type Cell = string | number | boolean | null | undefined;
export interface Table {
  columns: string[];
  rows: Cell[][];
}
type Json = Record<string, any>;

export type TableKind = ResponseKind | 'imports' | 'rejects';

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
const survivalColumns = ['n', 'events', 'censored', 'median', 'q25', 'q75', 'stillInServices90', 'stillInServices180', 'stillInServices365', 'stillInServices730', 'suppressed'];

const isSurvival = (estimate: Json | null | undefined) => Boolean(estimate && ('censored' in estimate || 'curve' in estimate));

function estimateCells(estimate: Json | null | undefined, survival: boolean): Cell[] {
  const e = estimate ?? {};
  if (!survival) return [e.n, e.events, e.rate, e.ciLow, e.ciHigh, e.unstable, Boolean(e.suppressed)];
  const still = e.stillInServices ?? {};
  return [e.n, e.events, e.censored, e.median, e.q25, e.q75, still['90'], still['180'], still['365'], still['730'], Boolean(e.suppressed)];
}

/** Overall and groups, one row each (or, with curve, one row per step of each curve). */
function metricTable(body: Json, curve: boolean): Table {
  const survival = isSurvival(body.overall);
  const rows: [string, Json][] = [['overall', { key: null, label: 'All', ...body.overall }], ...(body.groups ?? []).map((g: Json) => ['group', g] as [string, Json])];
  if (survival && curve) {
    return {
      columns: ['row', 'key', 'label', 't', 's', 'low', 'high', 'suppressed'],
      rows: rows.flatMap(([row, g]) =>
        g.suppressed ? [[row, g.key, g.label, null, null, null, null, true]] : (g.curve ?? []).map((p: Json) => [row, g.key, g.label, p.t, p.s, p.low, p.high, false]),
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
  'expected', 'oe', 'oeLow', 'oeHigh', 'adjustedRate', 'lower95', 'upper95', 'lower998', 'upper998', 'flag', 'suppressed',
];

/** With `by`: one row per facilitator x group, exactly the cells of the JSON (unnamed rows carry none). */
const facilitatorGroupColumns = ['staffId', 'name', 'groupKey', 'groupLabel', 'n', 'events', 'rate', 'ciLow', 'ciHigh', 'unstable', 'suppressed'];

function facilitatorsTable(body: Json): Table {
  const by = body.params?.by;
  if (by && by !== 'none') {
    return {
      columns: facilitatorGroupColumns,
      rows: (body.facilitators ?? []).flatMap((f: Json) =>
        (f.groups ?? []).map((g: Json) => [f.staffId, f.name, g.key, g.label, ...estimateCells(g, false)]),
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
  const rows: Cell[][] = [];
  const row = (section: string, metric: Cell, quarter: Cell, who: Cell, estimate: Json | null, extra: Cell[] = []) =>
    rows.push([section, metric, quarter, who, ...estimateCells(estimate, false), ...extra]);
  for (const [metric, pair] of Object.entries(body.figures ?? {}) as [string, Json][]) {
    row('figures', metric, null, 'facilitator', pair.facilitator);
    row('figures', metric, null, 'agency', pair.agency);
  }
  for (const q of body.trend ?? []) {
    row('trend', body.metric, q.quarter, 'facilitator', q.facilitator);
    row('trend', body.metric, q.quarter, 'agency', q.agency);
  }
  for (const g of body.caseloadByGroup ?? []) row('caseload', null, null, 'facilitator', { n: g.n, suppressed: g.suppressed }, [g.dimension, g.key, g.label]);
  for (const g of body.equity ?? []) {
    row('equity', body.metric, null, 'facilitator', { n: g.n, events: g.events, suppressed: g.suppressed }, [g.dimension, g.key, g.label, g.ratio, g.ratioLow, g.ratioHigh, g.referenceN, g.referenceEvents]);
  }
  const certification = body.certification;
  if (certification) {
    for (const when of ['before', 'after']) row('certification', body.metric, null, when, certification[when], [null, null, null, null, null, null, null, null, certification.certifiedDate]);
  }
  const width = 4 + proportionColumns.length + detailExtraColumns.length;
  const chosen = section ? rows.filter((r) => r[0] === section) : rows;
  return { columns: ['section', 'metric', 'quarter', 'who', ...proportionColumns, ...detailExtraColumns], rows: chosen.map((r) => [...r, ...new Array(width - r.length).fill(null)]) };
}

const detailExtraColumns = ['dimension', 'key', 'label', 'ratio', 'ratioLow', 'ratioHigh', 'referenceN', 'referenceEvents', 'certifiedDate'];

const workforceColumns = [
  'row', 'key', 'label', 'headcountStart', 'headcountEnd', 'headcountAverage', 'separations', 'voluntarySeparations',
  'turnover', 'voluntaryTurnover', 'retention12mN', 'retention12mEvents', 'retention12m', 'retention12mLow', 'retention12mHigh',
  'tenureN', 'tenureEvents', 'tenureMedian', 'retained180', 'retained365', 'retained730', 'continuity', 'continuityLow', 'continuityHigh', 'suppressed',
  // Caseload rows: one per month, as the JSON's caseload.
  'month', 'facilitators', 'openEpisodes', 'perFacilitator',
];

function workforceRow(row: string, key: Cell, label: Cell, w: Json): Cell[] {
  const r = w.retention12m ?? {};
  const t = w.tenure ?? {};
  const c = w.continuity ?? {};
  const suppressed = [r, t, c].some((e) => e.suppressed) || [w.headcount?.start, w.headcount?.end, w.headcount?.average, w.separations?.all].some((v) => v === null);
  return [
    row, key, label, w.headcount?.start, w.headcount?.end, w.headcount?.average, w.separations?.all, w.separations?.voluntary,
    w.turnover?.all, w.turnover?.voluntary, r.n, r.events, r.rate, r.ciLow, r.ciHigh,
    t.n, t.events, t.median, t.stillInServices?.['180'], t.stillInServices?.['365'], t.stillInServices?.['730'], c.rate, c.ciLow, c.ciHigh, suppressed,
  ];
}

function workforceTable(body: Json): Table {
  const caseloadAt = workforceColumns.indexOf('month');
  const caseload = (body.caseload ?? []).map((m: Json) => {
    const cells: Cell[] = new Array(workforceColumns.length).fill(null);
    cells[0] = 'caseload';
    cells[workforceColumns.indexOf('suppressed')] = m.facilitators === null || m.openEpisodes === null;
    cells.splice(caseloadAt, 4, m.month, m.facilitators, m.openEpisodes, m.perFacilitator);
    return cells;
  });
  return {
    columns: workforceColumns,
    rows: [
      [...workforceRow('overall', null, 'All', body), null, null, null, null],
      ...(body.groups ?? []).map((g: Json) => [...workforceRow('group', g.key, g.label, g), null, null, null, null]),
      ...caseload,
    ],
  };
}

/** One row per quarter: its key and days, then the metric's figure (workforce: its summary columns). */
function trendTable(body: Json): Table {
  const periods: Json[] = body.periods ?? [];
  const head = (p: Json): Cell[] => [p.period, p.from, p.to];
  if (body.metric === 'workforce') {
    const figures = workforceColumns.slice(3, workforceColumns.indexOf('month'));
    return { columns: ['period', 'from', 'to', ...figures], rows: periods.map((p) => [...head(p), ...workforceRow('', null, null, p).slice(3)]) };
  }
  const survival = body.metric === 'time-in-services';
  return { columns: ['period', 'from', 'to', ...(survival ? survivalColumns : proportionColumns)], rows: periods.map((p) => [...head(p), ...estimateCells(p, survival)]) };
}

function importsTable(body: Json): Table {
  const columns = ['id', 'status', 'startedAt', 'finishedAt', 'asOf', 'source', 'replace', 'read', 'loaded', 'rejected', 'message'];
  return {
    columns,
    rows: (body.runs ?? []).map((r: Json) => {
      const files = Object.values(r.files ?? {}) as Json[];
      const sum = (k: string) => files.reduce((s, f) => s + (Number(f[k]) || 0), 0);
      return [r.id, r.status, r.startedAt, r.finishedAt, r.asOf, r.source, r.replace, sum('read'), sum('loaded'), sum('rejected'), r.message];
    }),
  };
}

function rejectsTable(body: Json): Table {
  const columns = ['file', 'line', 'column', 'reason', 'rawLine'];
  return { columns, rows: (body.rejects ?? []).map((r: Json) => [r.file, r.line, r.column, r.reason, r.rawLine]) };
}

export function toTable(kind: TableKind, body: Json, options: { curve?: boolean; section?: string } = {}): Table {
  switch (kind) {
    case 'metric': return metricTable(body, Boolean(options.curve));
    case 'equity': return equityTable(body);
    case 'facilitators': return facilitatorsTable(body);
    case 'facilitatorDetail': return facilitatorDetailTable(body, options.section);
    case 'workforce': return workforceTable(body);
    case 'trend': return trendTable(body);
    case 'imports': return importsTable(body);
    case 'rejects': return rejectsTable(body);
  }
}

/** A file name that says what and when: reentry_by-race_ethnicity_2022-01-01_2022-12-31_asof-2025-06-30.csv */
export function csvFileName(parts: (string | null | undefined)[]): string {
  const name = parts.filter((p): p is string => Boolean(p)).join('_').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `${name.slice(0, 180) || 'export'}.csv`;
}
