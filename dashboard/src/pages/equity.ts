// Equity: each group's rate with its interval, its ratio to the reference group, the API's plain-language gap statements.
import { csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { count, days, interval, percent, ratio, SMALL_CELL_TEXT } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { choice, metricQuery } from '../query.ts';
import { intervalChart, type IntervalRow } from '../charts/intervals.ts';
import { survivalChart } from '../charts/survival.ts';
import type { PageContext } from '../context.ts';
import type { EquityGroup, EquityResponse } from '../types.ts';
import { dimensionNames, equityDimensions, estimateColumns, intervalRow, legend, metricInfo, metricTitle, pageHeading, section } from './common.ts';

const equityMetrics = ['reentry', 'successful-exits', 'repeat-entries', 'time-in-services'] as const;

function gapWords(g: EquityGroup): string {
  if (g.suppressed) return 'withheld: small number';
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

export async function equityPage(ctx: PageContext): Promise<Node[]> {
  const metric = choice(ctx.query, 'metric', equityMetrics, 'reentry');
  const dimension = choice(ctx.query, 'dimension', equityDimensions, 'race_ethnicity');
  const reference = ctx.query.get('reference') ?? undefined;
  const apiQuery = metricQuery(ctx.query, metric, { metric, dimension, reference });
  const response = await getJson<EquityResponse>('/api/equity', apiQuery);
  const title = metricTitle(metric, response.params.window);
  const dimensionName = dimensionNames[dimension].toLowerCase();
  const referenceGroup = response.groups.find((g) => g.key === response.reference);
  const referenceLabel = response.reference === 'rest' ? 'all other groups' : referenceGroup?.label ?? response.reference;
  const gapStatements = response.statements;
  const gaps = response.groups.filter((g) => g.gap);
  const answer = gaps.length
    ? (gapStatements[0] ?? `${gaps.length} groups fare differently from ${referenceLabel}.`)
    : `No group's ${metricInfo[metric].noun} differs from ${referenceLabel} by more than chance would explain.`;
  const known = response.shareKnown == null ? '' : `${percent(response.shareKnown)} of records have the ${dimensionName} recorded; unknown is shown on its own and is never the reference.`;
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
      description: `Kaplan-Meier curves of the share still in services by days since entry, one step line per ${dimensionName} group.${groups.length > drawable.length ? ' Groups with fewer than 11 episodes are not drawn.' : ''}`,
      draw: (width) => survivalChart(drawable.map((g) => ({ label: g.label, curve: g.curve! })), { width, label: `Time in services by ${dimensionName}`, description: takeaway, xLabel: 'Days since entry', yLabel: 'Still in services' }),
      table: {
        columns: [
          { label: 'Group', value: (g: EquityGroup) => g.label },
          { label: 'Median', numeric: true, value: (g) => (g.suppressed ? SMALL_CELL_TEXT : days(g.median)) },
          { label: 'Still in services at 365 days', numeric: true, value: (g) => (g.suppressed ? '–' : percent(g.stillInServices?.['365'])) },
          { label: `Median ratio to ${referenceLabel}`, numeric: true, value: (g) => ratio(g.ratio) },
          { label: 'Difference at 365 days', numeric: true, value: (g) => (g.diff == null ? '–' : `${percent(g.diff)} (${interval(g.diffLow, g.diffHigh)})`) },
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
    const ratioTakeaway = gaps.length
      ? `${gaps.map((g) => g.label).join(', ')} ${gaps.length === 1 ? 'differs' : 'differ'} from ${referenceLabel} by more than chance (the interval excludes 1).`
      : `Every interval includes 1: no group differs from ${referenceLabel} by more than chance.`;
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
        rows: compared,
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
        { key: 'dimension', label: 'Compare by', value: dimension, options: equityDimensions.map((d) => ({ value: d, label: dimensionNames[d] })) },
        { key: 'reference', label: 'Reference group', value: response.reference, options: referenceOptions },
      ],
    }),
    h('p', { class: 'known-share', 'data-known': '' }, known),
    section('Gaps in plain words', gapStatements.length ? h('ul', { class: 'statements' }, gapStatements.map((s) => h('li', {}, s))) : h('p', {}, 'No gaps beyond chance.')),
    ...figures.map((f) => h('section', { class: 'page-section' }, f)),
  ];
}
