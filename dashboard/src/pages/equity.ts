// Equity: each group's rate with its interval, its ratio to the reference group, the API's plain-language gap statements;
// for leaders, a facilitator x group heat map of the same measure and dimension.
import { ApiError, csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { count, days, interval, medianInterval, percent, ratio, sentenceCase, SMALL_CELL_TEXT } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { choice, metricQuery } from '../query.ts';
import { intervalChart, type IntervalRow } from '../charts/intervals.ts';
import { survivalChart } from '../charts/survival.ts';
import { heatmapChart, heatmapTop, type HeatCell } from '../charts/heatmap.ts';
import type { PageContext } from '../context.ts';
import { withLabels } from '../facilitatorLabels.ts';
import type { EquityGroup, EquityResponse, FacilitatorRow, FacilitatorsResponse } from '../types.ts';
import { dimensionNames, equityDimensions, estimateColumns, intervalRow, legend, metricInfo, metricTitle, pageHeading, section, nothingCompared, type NothingCompared } from './common.ts';

const equityMetrics = ['reentry', 'successful-exits', 'repeat-entries', 'time-in-services'] as const;

function gapWords(g: EquityGroup): string {
  if (g.suppressed) return 'withheld: small number';
  if (g.isReference) return 'reference';
  if (g.key === 'unknown' && g.ratio == null) return 'not compared: unknown';
  if (g.gap == null) return 'reference';
  return g.gap ? `gap: fares ${g.direction ?? 'differently'}` : 'no clear gap';
}

function ratioRow(g: EquityGroup, referenceLabel: string): IntervalRow {
  return {
    label: g.label, value: g.ratio, low: g.ratioLow, high: g.ratioHigh, suppressed: g.suppressed, missing: 'no ratio: no events in a group',
    title: g.ratio == null ? `${g.label}: ${g.suppressed ? SMALL_CELL_TEXT : 'no ratio'}` : `${g.label}: ${ratio(g.ratio)} times ${referenceLabel} (95% CI ${ratio(g.ratioLow)} to ${ratio(g.ratioHigh)})${g.gap ? `, fares ${g.direction}` : ''}`,
    highlight: Boolean(g.gap),
  };
}

/** The heat map draws this many facilitators (those with the most cases); the table lists every one. */
export const heatmapRows = 30;
/** Cells with fewer cases are hatched with their count instead of coloured by a rate (the flag threshold of metrics.md 8). */
export const heatmapMinimumCases = 10;

type HeatRow = FacilitatorRow & { label: string };

/** The rows with cells, labelled as on the Facilitators page (a name two facilitators share gets the staff id). */
function heatRows(rows: FacilitatorRow[]): HeatRow[] {
  return withLabels(rows).filter((r) => r.groups);
}

const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);

function heatmapFigure(heat: FacilitatorsResponse, equity: EquityResponse, options: { title: string; dimensionName: string; unit: string; csv: string }): HTMLElement {
  const { title, dimensionName, unit } = options;
  const rows = heatRows(heat.facilitators);
  // The most cases first (ties by staff id, so the choice is stable), then drawn in alphabetical order: no ranking is shown.
  const drawn = [...rows]
    .sort((a, b) => (b.n ?? 0) - (a.n ?? 0) || String(a.staffId).localeCompare(String(b.staffId)))
    .slice(0, heatmapRows)
    .sort(byLabel);
  // Columns in the Equity chart's order (label, Unknown last), then any group only facilitators have.
  const columns = [...equity.groups.map((g) => g.label)];
  for (const r of rows) for (const g of r.groups!) if (!columns.includes(g.label)) columns.push(g.label);
  const cells: HeatCell[] = drawn.flatMap((r) => r.groups!.map((g) => {
    const small = g.suppressed || g.n < heatmapMinimumCases;
    return {
      row: r.label, column: g.label, rate: g.suppressed ? null : g.rate, low: g.ciLow, high: g.ciHigh, n: g.n, small, suppressed: g.suppressed,
      title: g.suppressed
        ? `${r.label}, ${g.label}: ${SMALL_CELL_TEXT}`
        : `${r.label}, ${g.label}: ${percent(g.rate)} (95% CI ${interval(g.ciLow, g.ciHigh)}), ${count(g.events)} of ${count(g.n)} ${unit}${small ? ' — too few cases to colour' : ''}`,
    };
  }));
  const top = heatmapTop(cells);

  // The takeaway: how far the facilitators drawn differ for the agency's largest known group.
  const largest = [...equity.groups].filter((g) => g.key !== 'unknown' && !g.suppressed).sort((a, b) => (b.n ?? 0) - (a.n ?? 0))[0];
  const rates = largest ? cells.filter((c) => c.column === largest.label && !c.small && c.rate != null).map((c) => c.rate!) : [];
  const spread = rates.length >= 2
    ? `For the ${largest.label} group, the rate of ${title.toLowerCase()} ranges from ${percent(Math.min(...rates), 0)} to ${percent(Math.max(...rates), 0)} across the facilitators drawn (cells of ${heatmapMinimumCases} or more cases).`
    : `Too few facilitators have ${heatmapMinimumCases} or more cases in one ${dimensionName} group to compare them.`;
  const which = drawn.length < rows.length
    ? `The ${drawn.length} facilitators with the most cases are drawn, of ${rows.length.toLocaleString('en-US')}; the table lists every one.`
    : 'Every facilitator with cases is drawn.';
  const takeaway = rows.length === 0 ? 'No facilitator has cases for these filters.' : `${spread} ${which}`;
  const label = `${title} by facilitator and ${dimensionName}`;
  const description = `Heat map: one row per facilitator (${drawn.length} with the most cases, in alphabetical order), one column per ${dimensionName} group. Each cell is that facilitator's ${title.toLowerCase()} for the group, written in the cell over its 95% interval and darker for a higher rate; cells with fewer than ${heatmapMinimumCases} cases are hatched grey and show their count instead; a blank means no cases.`;

  return chartFigure({
    id: 'equity-heatmap',
    title: label,
    takeaway,
    description,
    tableOpen: cells.length === 0,
    draw: (width) => cells.length === 0
      ? h('p', { class: 'chart-empty' }, takeaway)
      : heatmapChart(cells, { width, label, description: takeaway, rows: drawn.map((r) => r.label), columns, xLabel: `${sentenceCase(dimensionName)} →` }),
    legend: legend([
      { symbol: '■', text: `darker: higher rate (lightest 0%, darkest ${percent(top, 0)}); each rate over its 95% interval` },
      { symbol: '▨', text: `too few cases: fewer than ${heatmapMinimumCases}, count shown (n)` },
      { symbol: '□', text: 'blank: no cases' },
    ]),
    table: {
      columns: [
        { label: 'Facilitator', value: (r: HeatRow) => r.label },
        { label: `Cases (${unit})`, numeric: true, value: (r) => count(r.n, r.suppressed) },
        ...columns.map((column) => ({
          label: column,
          numeric: true,
          value: (r: HeatRow) => {
            const g = r.groups!.find((x) => x.label === column);
            if (!g) return '–';
            if (g.suppressed) return SMALL_CELL_TEXT;
            return `${percent(g.rate)} (95% CI ${interval(g.ciLow, g.ciHigh)}; ${count(g.events)} of ${count(g.n)})${g.n < heatmapMinimumCases ? ', too few' : ''}`;
          },
        })),
      ],
      rows: [...rows].sort(byLabel),
      highlight: (r) => drawn.includes(r),
      highlightNote: 'in the chart',
    },
    csv: options.csv,
  });
}

/** The heat map's response, or the reason it could not be had (a signed-out session still signs out). */
async function settleHeat(request: Promise<FacilitatorsResponse>): Promise<FacilitatorsResponse | Error> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return error instanceof Error ? error : new Error(String(error));
  }
}

export async function equityPage(ctx: PageContext): Promise<Node[]> {
  const metric = choice(ctx.query, 'metric', equityMetrics, 'reentry');
  const dimension = choice(ctx.query, 'dimension', equityDimensions, 'race_ethnicity');
  const reference = ctx.query.get('reference') ?? undefined;
  const apiQuery = metricQuery(ctx.query, metric, { metric, dimension, reference });
  // Leaders also see each facilitator's rate per group (a proportion measure only), asked for alongside.
  const heatQuery = metricQuery(ctx.query, metric, { metric, by: dimension });
  const heatWanted = ctx.me.role === 'leader';
  const heatRequest = heatWanted && metric !== 'time-in-services' ? settleHeat(getJson<FacilitatorsResponse>('/api/facilitators', heatQuery)) : null;
  const response = await getJson<EquityResponse>('/api/equity', apiQuery);
  const heat = heatRequest ? await heatRequest : null;
  const title = metricTitle(metric, response.params.window);
  const dimensionName = dimensionNames[dimension].toLowerCase();
  const referenceGroup = response.groups.find((g) => g.key === response.reference);
  const referenceLabel = response.reference === 'rest' ? 'all other groups' : referenceGroup?.label ?? response.reference;
  const gapStatements = response.statements;
  const gaps = response.groups.filter((g) => g.gap);
  // Withheld groups (a count from 1 to 10, or withheld so that another's cannot be worked out) are compared with
  // nothing: a sentence about "every group" would overstate.
  const withheldCount = response.groups.filter((g) => g.suppressed).length;
  const withheldNote = withheldCount ? ` ${withheldCount === 1 ? 'One group is' : `${withheldCount} groups are`} withheld to protect small numbers and not compared.` : '';
  // Nothing compared (a reference withheld or absent, a bookmark or another period; every other group withheld):
  // said so, not "no group shown differs", which would be empty words.
  const nothing = nothingCompared(response);
  const noun = metricInfo[metric].noun;
  const nothingSentence: Record<NothingCompared, [answer: string, inWords: string]> = {
    'reference withheld': [`${referenceLabel} is withheld to protect small numbers, so no group can be compared with it in ${noun}; choose another reference group.`, 'Nothing compared: the reference group is withheld.'],
    'reference absent': [`${response.reference ?? 'The usual reference group'} has no records in this selection, so no group can be compared with it; choose another reference group.`, 'Nothing compared: the reference group has no records here.'],
    'others withheld': [response.reference === 'rest'
      ? `Every group is withheld to protect small numbers, so none can be compared with the others in ${noun}.`
      : `Every group but ${referenceLabel} is withheld to protect small numbers, so none can be compared with it in ${noun}.`, 'Nothing compared: every other group is withheld.'],
    'no others': [`No other group has records in this selection, so nothing can be compared in ${noun}.`, 'Nothing compared: no other group has records.'],
  };
  const answer = nothing
    ? nothingSentence[nothing][0]
    : (gaps.length
      ? (gapStatements[0] ?? `${gaps.length} groups fare differently from ${referenceLabel}.`)
      : `No ${withheldCount ? 'group shown' : 'group'} differs from ${referenceLabel} in ${noun} by more than chance would explain.`) + withheldNote;
  const unknownWithheld = response.groups.some((g) => g.key === 'unknown' && g.suppressed);
  const known = response.shareKnown != null
    ? `${percent(response.shareKnown)} of records have the ${dimensionName} recorded; unknown is shown on its own and is never the reference.`
    : unknownWithheld ? `The share of records with the ${dimensionName} recorded is withheld with the Unknown group, whose size it would give away.` : '';
  const groups = response.groups;
  const survival = metric === 'time-in-services';

  const figures: HTMLElement[] = [];
  if (survival) {
    const drawable = groups.filter((g) => !g.suppressed && g.curve && g.curve.length);
    const takeaway = answer;
    figures.push(chartFigure({
      id: 'equity-survival',
      title: `Time in services by ${dimensionName}`,
      takeaway,
      description: `Kaplan-Meier curves of the share still in services by days since entry, one step line per ${dimensionName} group.${groups.length > drawable.length ? ` Groups with ${SMALL_CELL_TEXT} episodes are not drawn.` : ''}`,
      draw: (width) => survivalChart(drawable.map((g) => ({ label: g.label, curve: g.curve! })), { width, label: `Time in services by ${dimensionName}`, description: takeaway, xLabel: 'Days since entry', yLabel: 'Still in services' }),
      table: {
        columns: [
          { label: 'Group', value: (g: EquityGroup) => g.label },
          { label: 'Median', numeric: true, value: (g) => (g.suppressed ? SMALL_CELL_TEXT : days(g.median)) },
          { label: 'Median 95% CI', numeric: true, value: (g) => medianInterval(g) },
          { label: 'Still in services at 365 days', numeric: true, value: (g) => (g.suppressed ? '–' : percent(g.stillInServices?.['365'])) },
          { label: `Median ratio to ${referenceLabel}`, numeric: true, value: (g) => ratio(g.ratio) },
          // The survival comparison's difference has no interval (metrics/README); it is shown as a plain difference.
          { label: 'Difference at 365 days', numeric: true, value: (g) => (g.diff == null ? '–' : g.diffLow == null ? percent(g.diff) : `${percent(g.diff)} (${interval(g.diffLow, g.diffHigh)})`) },
          { label: 'Log-rank p', numeric: true, value: (g) => (g.logRankP == null ? '–' : g.logRankP.toFixed(3)) },
          { label: 'Episodes', numeric: true, value: (g) => count(g.n, g.suppressed) },
          { label: 'Comparison', value: gapWords },
        ],
        rows: groups,
        highlight: (g) => g.key === response.reference,
        highlightNote: 'reference',
      },
      csv: csvHref('/api/equity', apiQuery),
    }));
  } else {
    const rateTakeaway = `${title} by ${dimensionName}, each with its 95% interval; ${referenceLabel} is the reference.`;
    figures.push(chartFigure({
      id: 'equity-rates',
      title: `${title} by ${dimensionName}`,
      takeaway: rateTakeaway,
      description: `Dot-and-interval chart of ${title.toLowerCase()} for each ${dimensionName} group.`,
      draw: (width) => intervalChart(groups.map((g) => intervalRow(g.label, g, g.key === response.reference)), { width, label: `${title} by ${dimensionName}`, description: rateTakeaway, xLabel: title, kind: 'share' }),
      legend: legend([{ symbol: '◆', text: `reference: ${referenceLabel}` }, { symbol: '●', text: 'rate' }, { symbol: '○', text: 'fewer than 20 cases' }, { symbol: '—', text: '95% interval' }]),
      table: {
        columns: [{ label: 'Group', value: (g: EquityGroup) => g.label }, ...estimateColumns((g: EquityGroup) => g, metricInfo[metric].unit)],
        rows: groups,
        highlight: (g) => g.key === response.reference,
        highlightNote: 'reference',
      },
      csv: csvHref('/api/equity', apiQuery),
    }));
    const compared = groups.filter((g) => g.key !== response.reference && g.key !== 'unknown' || (g.key === 'unknown' && g.ratio != null));
    const ratioTakeaway = nothing
      ? answer
      : gaps.length
        ? `${gaps.map((g) => g.label).join(', ')} ${gaps.length === 1 ? 'differs' : 'differ'} from ${referenceLabel} by more than chance (the interval excludes 1).`
        : `Every interval${withheldCount ? ' shown' : ''} includes 1: no group${withheldCount ? ' shown' : ''} differs from ${referenceLabel} by more than chance.${withheldNote}`;
    figures.push(chartFigure({
      id: 'equity-ratios',
      title: `Rate ratio against ${referenceLabel}`,
      takeaway: ratioTakeaway,
      description: `Each group's rate divided by ${referenceLabel}'s, with its 95% interval, on a log scale; the dashed line at 1 means no difference.`,
      draw: (width) => intervalChart(compared.map((g) => ratioRow(g, referenceLabel)), { width, label: `Rate ratio against ${referenceLabel}`, description: ratioTakeaway, xLabel: 'Rate ratio (log scale)', kind: 'ratio', reference: { value: 1, label: 'no difference' } }),
      legend: legend([{ symbol: '◆', text: 'gap: interval excludes 1' }, { symbol: '●', text: 'no clear gap' }, { symbol: '—', text: '95% interval' }, { symbol: '┆', text: 'no difference (1)' }]),
      table: {
        columns: [
          { label: 'Group', value: (g: EquityGroup) => g.label },
          { label: 'Rate ratio', numeric: true, value: (g) => (g.suppressed ? SMALL_CELL_TEXT : ratio(g.ratio)) },
          { label: '95% interval', numeric: true, value: (g) => (g.ratioLow == null ? '–' : `${ratio(g.ratioLow)} to ${ratio(g.ratioHigh)}`) },
          { label: 'Difference (points)', numeric: true, value: (g) => (g.diff == null ? '–' : `${(g.diff * 100).toFixed(1)} (${(g.diffLow! * 100).toFixed(1)} to ${(g.diffHigh! * 100).toFixed(1)})`) },
          { label: 'Comparison', value: gapWords },
        ],
        // Every group, as the CSV has them: the reference and unknown rows say why they are not drawn.
        rows: groups,
        highlight: (g) => g.key === response.reference,
        highlightNote: 'reference',
      },
      csv: csvHref('/api/equity', apiQuery),
    }));
  }

  const referenceOptions = [
    ...groups.filter((g) => g.key !== 'unknown').map((g) => ({ value: g.key, label: g.label })),
    { value: 'rest', label: 'All other groups' },
  ];
  return [
    ...pageHeading('Equity', answer, 'Are families of every race, ethnicity, gender, age and language getting the same results?'),
    filterBar(ctx, {
      resolved: response.params, window: metric === 'reentry',
      choices: [
        { key: 'metric', label: 'Measure', value: metric, options: equityMetrics.map((m) => ({ value: m, label: metricInfo[m].title })) },
        // A reference group belongs to its dimension: another dimension starts from its own default.
        { key: 'dimension', label: 'Compare by', value: dimension, options: equityDimensions.map((d) => ({ value: d, label: dimensionNames[d] })), clears: ['reference'] },
        { key: 'reference', label: 'Reference group', value: response.reference, options: referenceOptions },
      ],
    }),
    h('p', { class: 'known-share', 'data-known': '' }, known),
    section('Gaps in plain words', gapStatements.length ? h('ul', { class: 'statements' }, gapStatements.map((s) => h('li', {}, s))) : h('p', {}, nothing ? nothingSentence[nothing][1] : withheldCount ? 'No gaps beyond chance among the groups shown.' : 'No gaps beyond chance.')),
    // The charts' own heading, so their titles (h3) are not read as part of the gaps above.
    h('h2', { class: 'section-heading' }, `${title} by ${dimensionName}`),
    ...figures.map((f) => h('section', { class: 'page-section' }, f)),
    heatWanted ? section('Facilitators by group', heatSection()) : null,
  ].filter((n): n is HTMLElement => n != null);

  function heatSection(): HTMLElement {
    if (!heat) return h('p', {}, 'The facilitator by group heat map is drawn for re-entry, successful exits and repeat entries; choose one of those measures to see it.');
    if (heat instanceof Error) return h('p', { class: 'chart-empty' }, `The facilitator by group heat map could not be loaded: ${heat.message}`);
    return heatmapFigure(heat, response, { title, dimensionName, unit: metricInfo[metric].unit, csv: csvHref('/api/facilitators', heatQuery) });
  }
}
