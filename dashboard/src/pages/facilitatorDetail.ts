// One facilitator against the agency: figures, quarterly trend, caseload by group, within-caseload gaps, certification.
import { csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { count, longDate, rateWithInterval, ratio } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { choice, metricQuery } from '../query.ts';
import { intervalChart, type IntervalRow } from '../charts/intervals.ts';
import { trendChart, type TrendPoint } from '../charts/trend.ts';
import type { PageContext } from '../context.ts';
import type { FacilitatorDetail, ProportionEstimate } from '../types.ts';
import { dimensionNames, estimateColumns, intervalLegend, intervalRow, legend, metricInfo, metricTitle, pageHeading, proportionMetrics, section } from './common.ts';

function comparison(a: ProportionEstimate, b: ProportionEstimate, lowerIsBetter: boolean): string {
  if (a.rate == null || b.rate == null || a.ciLow == null || a.ciHigh == null) return 'too few cases to compare with';
  if (a.ciLow > b.rate) return lowerIsBetter ? 'higher (worse) than' : 'higher (better) than';
  if (a.ciHigh < b.rate) return lowerIsBetter ? 'lower (better) than' : 'lower (worse) than';
  return 'in line with';
}

export async function facilitatorDetailPage(ctx: PageContext): Promise<Node[]> {
  const metric = choice(ctx.query, 'metric', proportionMetrics, 'reentry');
  const apiQuery = metricQuery(ctx.query, metric, { metric });
  // Each figure downloads its own part of the detail's CSV.
  const sectionQuery = (section: string) => {
    const query = new URLSearchParams(apiQuery);
    query.set('section', section);
    return query;
  };
  const path = `/api/facilitators/${encodeURIComponent(ctx.params.staffId)}`;
  const detail = await getJson<FacilitatorDetail>(path, apiQuery);
  const person = detail.facilitator;
  const info = metricInfo[metric];
  const title = metricTitle(metric, detail.params.window);
  const own = detail.figures[metric];
  const answer = own
    ? `${person.name}'s ${title.toLowerCase()} is ${rateWithInterval(own.facilitator)}, ${comparison(own.facilitator, own.agency, info.lowerIsBetter)} the agency's ${rateWithInterval(own.agency)}.`
    : `${person.name} has no cases for this measure in the period.`;

  const figureRows = proportionMetrics.filter((m) => detail.figures[m]).flatMap((m) => [
    { key: `${m}-f`, label: `${metricInfo[m].title}: ${person.name}`, estimate: detail.figures[m].facilitator, highlight: true },
    { key: `${m}-a`, label: `${metricInfo[m].title}: agency`, estimate: detail.figures[m].agency, highlight: false },
  ]);
  const figuresTakeaway = answer;
  const figures = chartFigure({
    id: 'detail-figures',
    title: `${person.name} against the agency`,
    takeaway: figuresTakeaway,
    description: `Each measure's rate for ${person.name} and for the agency, with 95% intervals.`,
    draw: (width) => intervalChart(figureRows.map((r) => intervalRow(r.label, r.estimate, r.highlight)), { width, label: `${person.name} against the agency`, description: figuresTakeaway, xLabel: 'Rate', kind: 'share' }),
    legend: legend([{ symbol: '◆', text: person.name }, { symbol: '●', text: 'agency' }, { symbol: '—', text: '95% interval' }]),
    table: { columns: [{ label: 'Measure', value: (r: (typeof figureRows)[number]) => r.label }, ...estimateColumns((r: (typeof figureRows)[number]) => r.estimate, metricInfo[metric].unit)], rows: figureRows },
    csv: csvHref(path, sectionQuery('figures')),
  });

  const series = [person.name, 'Agency'];
  const points: TrendPoint[] = detail.trend.flatMap((q) => [
    { period: q.quarter, series: person.name, value: q.facilitator.rate, low: q.facilitator.ciLow, high: q.facilitator.ciHigh, suppressed: q.facilitator.suppressed, unstable: Boolean(q.facilitator.unstable), title: `${q.quarter}, ${person.name}: ${rateWithInterval(q.facilitator)}` },
    { period: q.quarter, series: 'Agency', value: q.agency.rate, low: q.agency.ciLow, high: q.agency.ciHigh, suppressed: q.agency.suppressed, unstable: Boolean(q.agency.unstable), title: `${q.quarter}, agency: ${rateWithInterval(q.agency)}` },
  ]);
  const trendTakeaway = `Quarter by quarter, ${person.name}'s ${title.toLowerCase()} beside the agency's; wide intervals mean few cases that quarter.`;
  const trend = chartFigure({
    id: 'detail-trend',
    title: `${title} by quarter`,
    takeaway: trendTakeaway,
    description: `Two lines, ${person.name} (solid, circles) and the agency (dashed, squares), with 95% intervals, for the last ${detail.trend.length} quarters.`,
    draw: (width) => trendChart(points, { width, label: `${title} by quarter, ${person.name} and agency`, description: trendTakeaway, yLabel: 'Rate', kind: 'share', periods: detail.trend.map((q) => q.quarter), series }),
    legend: legend([{ symbol: '● —', text: person.name }, { symbol: '■ - -', text: 'agency' }]),
    table: {
      columns: [
        { label: 'Quarter', value: (r: (typeof detail.trend)[number]) => r.quarter },
        { label: person.name, numeric: true, value: (r) => rateWithInterval(r.facilitator) },
        { label: 'Cases', numeric: true, value: (r) => count(r.facilitator.n, r.facilitator.suppressed) },
        { label: 'Agency', numeric: true, value: (r) => rateWithInterval(r.agency) },
      ],
      rows: detail.trend,
    },
    csv: csvHref(path, sectionQuery('trend')),
  });

  const gaps = detail.equity.filter((g) => g.ratio != null);
  const gapRows: IntervalRow[] = gaps.map((g) => ({
    label: `${g.label} (${dimensionNames[g.dimension] ?? g.dimension})`, value: g.ratio, low: g.ratioLow, high: g.ratioHigh, suppressed: false,
    title: `${g.label}: ${ratio(g.ratio)} times the reference rate (95% CI ${ratio(g.ratioLow)} to ${ratio(g.ratioHigh)})`,
  }));
  const gapTakeaway = gaps.length
    ? `Within ${person.name}'s caseload, ${gaps.filter((g) => g.ratioLow != null && (g.ratioLow > 1 || (g.ratioHigh ?? 0) < 1)).length} of ${gaps.length} groups differ from White clients by more than chance.`
    : 'No group in this caseload has the 10 cases needed to compare it with White clients.';
  const equity = chartFigure({
    id: 'detail-equity',
    title: 'Gaps within the caseload (rate ratio against White clients)',
    takeaway: gapTakeaway,
    description: 'Rate ratio of each group against White clients within this caseload, with its 95% interval, on a log scale; 1 means no difference.',
    draw: (width) => gapRows.length === 0 ? h('p', { class: 'chart-empty' }, gapTakeaway) : intervalChart(gapRows, { width, label: 'Rate ratios within the caseload', description: gapTakeaway, xLabel: 'Rate ratio (log scale)', kind: 'ratio', reference: { value: 1, label: 'no difference' } }),
    table: {
      columns: [
        { label: 'Group', value: (r: (typeof detail.equity)[number]) => `${r.label} (${dimensionNames[r.dimension] ?? r.dimension})` },
        { label: 'Rate ratio', numeric: true, value: (r) => ratio(r.ratio) },
        { label: '95% interval', numeric: true, value: (r) => `${ratio(r.ratioLow)} to ${ratio(r.ratioHigh)}` },
        { label: 'Cases', numeric: true, value: (r) => count(r.n) },
        { label: 'Events', numeric: true, value: (r) => count(r.events) },
        { label: 'White clients: cases', numeric: true, value: (r) => count(r.referenceN) },
        { label: 'White clients: events', numeric: true, value: (r) => count(r.referenceEvents) },
      ],
      rows: detail.equity,
    },
    csv: csvHref(path, sectionQuery('equity')),
  });

  const caseload = detail.caseloadByGroup;
  const profile = h('table', { class: 'data-table facts' }, h('caption', {}, 'Facilitator'), h('tbody', {},
    [
      ['Supervisor', person.supervisorName ?? '–'],
      ['Hired', longDate(person.hireDate)],
      ['Separated', person.separationDate ? longDate(person.separationDate) : 'still employed'],
      ['Certified', person.certifiedDate ? longDate(person.certifiedDate) : 'not certified'],
      ['Open episodes on the as-of date', count(person.caseload)],
    ].map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v)))));

  const cert = detail.certification;
  const certSection = cert
    ? section('Before and after certification',
        h('p', { class: 'statement' }, `Before certification on ${longDate(person.certifiedDate)}: ${rateWithInterval(cert.before)}; after: ${rateWithInterval(cert.after)}.`),
        chartFigure({
          id: 'detail-certification',
          title: `${title} before and after certification`,
          takeaway: `After certification ${title.toLowerCase()} was ${rateWithInterval(cert.after)}, against ${rateWithInterval(cert.before)} before.`,
          description: 'Rate before and after the certification date with 95% intervals.',
          draw: (width) => intervalChart([intervalRow('Before certification', cert.before), intervalRow('After certification', cert.after, true)], { width, label: 'Before and after certification', description: 'Rates before and after certification', xLabel: 'Rate', kind: 'share' }),
          legend: intervalLegend(),
          table: { columns: [{ label: 'Period', value: (r: { label: string; e: ProportionEstimate }) => r.label }, ...estimateColumns((r: { label: string; e: ProportionEstimate }) => r.e, metricInfo[metric].unit)], rows: [{ label: 'Before certification', e: cert.before }, { label: 'After certification', e: cert.after }] },
          csv: csvHref(path, sectionQuery('certification')),
        }))
    : section('Certification', h('p', {}, person.certifiedDate ? 'Too few cases on one side of the certification date to compare.' : 'Not certified.'));

  return [
    h('p', { class: 'breadcrumb' }, h('a', { href: `/facilitators?${metricQuery(ctx.query, metric, { metric })}`, 'data-nav': '' }, '← All facilitators')),
    ...pageHeading(person.name, answer),
    filterBar(ctx, {
      resolved: detail.params, window: metric === 'reentry',
      choices: [{ key: 'metric', label: 'Measure', value: metric, options: proportionMetrics.map((m) => ({ value: m, label: metricInfo[m].title })) }],
    }),
    section('Profile', profile),
    section('Against the agency', figures),
    section('Trend', trend),
    section('Caseload by group',
      h('table', { class: 'data-table' }, h('caption', {}, 'Cases in the period by group'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Dimension'), h('th', { scope: 'col' }, 'Group'), h('th', { scope: 'col', class: 'num' }, 'Cases'))),
        h('tbody', {}, caseload.map((c) => h('tr', {}, h('td', {}, dimensionNames[c.dimension] ?? c.dimension), h('th', { scope: 'row' }, c.label), h('td', { class: 'num' }, count(c.n))))))),
    section('Gaps within the caseload', equity),
    certSection,
  ];
}
