// Facilitators: how much outcomes depend on the facilitator (funnel plot, shrunken rates); names only where the reader may see them.
import { csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { comparedFacilitators, count, decimal, interval, percent, ratio, sentenceCase, SMALL_CELL_TEXT, spreadSentence } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { choice, metricQuery } from '../query.ts';
import { funnelChart, type FunnelPoint } from '../charts/funnel.ts';
import { intervalChart, type IntervalRow } from '../charts/intervals.ts';
import { labelled } from '../facilitatorLabels.ts';
import type { PageContext } from '../context.ts';
import type { FacilitatorRow, FacilitatorsResponse, MetricResponse } from '../types.ts';
import { legend, metricInfo, metricTitle, pageHeading, proportionMetrics, section } from './common.ts';

const flagWords = { alert: 'Alert: above the 99.8% limit on the bad side', watch: 'Watch: outside the 95% limit on the bad side', exemplary: 'Exemplary: outside the 95% limit on the good side' } as const;
const flagShort = { alert: '▲ alert', watch: '◆ watch', exemplary: '★ exemplary' } as const;

export async function facilitatorsPage(ctx: PageContext): Promise<Node[]> {
  const metric = choice(ctx.query, 'metric', proportionMetrics, 'reentry');
  const adjusted = choice(ctx.query, 'view', ['raw', 'adjusted'] as const, 'raw') === 'adjusted';
  const apiQuery = metricQuery(ctx.query, metric, { metric, adjusted: adjusted ? 'true' : undefined });
  const role = ctx.me.role;
  // A funder's comparison is of the facilitators without a small cell; the agency's own rate goes beside it, asked
  // for alongside rather than after.
  const agency = role === 'funder' ? getJson<MetricResponse>(`/api/metrics/${metric}`, metricQuery(ctx.query, metric)).then((r) => r.overall.rate, () => null) : null;
  const response = await getJson<FacilitatorsResponse>('/api/facilitators', apiQuery);
  const info = metricInfo[metric];
  const title = metricTitle(metric, response.params.window);
  const rows = labelled(response.facilitators);
  const highlighting = role === 'supervisor';
  const team = rows.filter((r) => r.name != null);
  const valueOf = (r: FacilitatorRow) => (adjusted ? r.adjustedRate ?? null : r.rate);

  const { p10, p90 } = response.spread;
  // A funder's comparison leaves out, altogether, facilitators with a small cell (the API's params.minimumCell): its
  // centre line and spread are those of the facilitators compared, said so, with the agency's own rate beside them.
  const { minimumCell } = response.params;
  const compared = minimumCell ? comparedFacilitators(minimumCell, 'events', await agency) : null;
  const centre = compared ? 'the rate of the facilitators compared' : 'the agency rate';
  const answer = p10 != null && p90 != null
    ? spreadSentence(title, p10, p90, '', compared?.who) + (compared?.note ?? '')
    : minimumCell
      ? `Too few facilitators have at least ${minimumCell} cases and ${minimumCell} events (or none) to say how much ${info.noun} depends on the facilitator without showing small numbers.`
      : `Too few facilitators have 10 or more cases to say how much ${info.noun} depends on the facilitator.`;

  const points: FunnelPoint[] = rows
    .filter((r) => r.n != null && valueOf(r) != null)
    .map((r) => ({
      n: r.n!, value: valueOf(r)!, flag: r.flag, highlight: highlighting && r.name != null, unstable: r.n! < 20,
      limits: r.limits ?? { lower95: null, upper95: null, lower998: null, upper998: null },
      title: `${r.label}: ${percent(valueOf(r))} of ${count(r.n)} cases${r.flag ? ` (${r.flag})` : ''}`,
    }));
  const notDrawn = rows.length - points.length;
  const flagged = rows.filter((r) => r.flag === 'alert' || r.flag === 'watch').length;
  const exemplary = rows.filter((r) => r.flag === 'exemplary').length;
  const facilitatorsWord = (k: number) => (k === 0 ? 'no facilitator is' : k === 1 ? 'one facilitator is' : `${k} facilitators are`);
  const leftOut = minimumCell ? ` Only facilitators with at least ${minimumCell} cases and ${minimumCell} events (or none) are compared here; the others are left out, so that no small number can be worked out.` : '';
  const withheld = minimumCell
    // Not "no facilitator has …": one that has may still be left out, so that the others' small numbers stay hidden.
    ? `No facilitator can be compared here for this period without showing small numbers (each compared needs at least ${minimumCell} cases and ${minimumCell} events, or none).`
    : 'No facilitator has a rate to draw for this period.';
  // Only a case-mix adjusted rate can be missing (no event in any of the facilitator's strata, agency-wide): the
  // takeaway says how many are not drawn, and why.
  const notDrawnNote = (notDrawn ? ` ${notDrawn === 1 ? 'One more facilitator is' : `${notDrawn} more facilitators are`} not drawn: no adjusted rate, as none of their strata had an event.` : '') + leftOut;
  const funnelTakeaway = points.length === 0 ? withheld : (flagged + exemplary === 0
    ? `Every facilitator${notDrawn ? ' drawn' : compared ? ' compared' : ''} is inside the 95% limits: the differences between them are no larger than chance would give.`
    : `${sentenceCase(facilitatorsWord(flagged))} outside the 95% limit on the bad side and ${facilitatorsWord(exemplary)} outside it on the good side; the rest differ from ${compared ? 'the rate of those compared' : 'the agency'} by no more than chance.`) + notDrawnNote;
  const yLabel = adjusted ? `${title}, adjusted for case mix` : title;

  const funnel = chartFigure({
    id: 'facilitators-funnel',
    title: `${yLabel}: funnel plot`,
    takeaway: funnelTakeaway,
    description: `Each facilitator's ${adjusted ? 'case-mix adjusted ' : ''}rate plotted against their number of cases, with ${centre} as a solid line and 95% (dashed) and 99.8% (dotted) control limits.${notDrawn ? ` ${notDrawn} facilitators without an adjusted rate are not drawn.` : ''}`,
    tableOpen: points.length === 0,
    draw: (width) => points.length === 0 ? h('p', { class: 'chart-empty' }, withheld) : funnelChart(points, { width, label: `Funnel plot of ${yLabel.toLowerCase()} by facilitator`, description: funnelTakeaway, yLabel, agency: response.overall.rate, highlighting }),
    legend: legend([
      { symbol: '—', text: `${compared ? 'rate of those compared' : 'agency rate'}${response.overall.rate == null ? '' : ` ${percent(response.overall.rate)}`}` },
      { symbol: '- -', text: '95% limits' },
      { symbol: '···', text: '99.8% limits' },
      { symbol: '▲', text: 'alert' }, { symbol: '◆', text: 'watch' }, { symbol: '★', text: 'exemplary' }, { symbol: '●', text: 'within limits' },
      { symbol: '○', text: 'hollow: fewer than 20 cases' },
      ...(highlighting ? [{ symbol: '■', text: 'your team in colour, others grey' }] : []),
    ]),
    table: {
      columns: [
        { label: 'Facilitator', value: (r: (typeof rows)[number]) => (r.staffId && role !== 'funder' ? h('a', { href: `/facilitators/${encodeURIComponent(r.staffId)}?${metricQuery(ctx.query, metric, { metric })}`, 'data-nav': '' }, r.label) : r.label) },
        { label: 'Cases (n)', numeric: true, value: (r) => count(r.n, r.suppressed || r.n == null) },
        { label: 'Rate', numeric: true, value: (r) => (r.rate == null ? SMALL_CELL_TEXT : percent(r.rate)) },
        { label: '95% interval', numeric: true, value: (r) => interval(r.ciLow, r.ciHigh) },
        { label: 'Adjusted rate', numeric: true, value: (r) => percent(r.adjustedRate) },
        { label: 'Adjusted 95% interval', numeric: true, value: (r) => interval(r.adjustedLow, r.adjustedHigh) },
        { label: 'Observed / expected', numeric: true, value: (r) => (r.oe == null ? '–' : `${ratio(r.oe)} (${ratio(r.oeLow)} to ${ratio(r.oeHigh)})`) },
        { label: 'Expected events', numeric: true, value: (r) => decimal(r.expected) },
        { label: 'Flag', value: (r) => (r.flag ? flagShort[r.flag] : '') },
      ],
      rows,
      highlight: (r) => highlighting && r.name != null,
      highlightNote: 'your team',
    },
    csv: csvHref('/api/facilitators', apiQuery),
  });

  // Withheld facilitators keep their row, drawn as "fewer than 11".
  const shrunkRows: IntervalRow[] = rows.map((r) => ({
    label: r.label, value: r.shrunk, low: r.shrunkLow, high: r.shrunkHigh, suppressed: r.shrunk == null,
    unstable: r.n != null && r.n < 20, highlight: highlighting && r.name != null,
    title: r.shrunk == null ? `${r.label}: ${SMALL_CELL_TEXT}` : `${r.label}: ${percent(r.shrunk)} (95% interval ${interval(r.shrunkLow, r.shrunkHigh)})`,
  }));
  const noneShrunk = shrunkRows.every((r) => r.suppressed);
  const shrunkTakeaway = noneShrunk ? withheld : `Allowing for chance pulls small caseloads towards ${centre}, ${percent(response.overall.rate)}; the intervals show how sure each figure is.`;
  const shrunk = chartFigure({
    id: 'facilitators-shrunk',
    title: `${title} after allowing for chance (shrunken rates)`,
    takeaway: shrunkTakeaway,
    description: `Each facilitator's shrunken (empirical Bayes) rate with its 95% interval, against ${centre} as a dashed line.`,
    draw: (width) => noneShrunk ? h('p', { class: 'chart-empty' }, withheld) : intervalChart(shrunkRows, { width, label: `Shrunken ${title.toLowerCase()} by facilitator`, description: shrunkTakeaway, xLabel: title, kind: 'share', reference: response.overall.rate == null ? undefined : { value: response.overall.rate, label: compared ? 'compared' : 'agency' } }),
    legend: legend([{ symbol: '●', text: 'shrunken rate' }, { symbol: '○', text: 'fewer than 20 cases' }, { symbol: '—', text: '95% interval' }, { symbol: '┆', text: compared ? 'rate of those compared' : 'agency rate' }, ...(highlighting ? [{ symbol: '◆', text: 'your team' }] : [])]),
    table: {
      columns: [
        { label: 'Facilitator', value: (r: (typeof rows)[number]) => r.label },
        { label: 'Shrunken rate', numeric: true, value: (r) => (r.shrunk == null ? SMALL_CELL_TEXT : percent(r.shrunk)) },
        { label: '95% interval', numeric: true, value: (r) => interval(r.shrunkLow, r.shrunkHigh) },
        { label: 'Reliability', numeric: true, value: (r) => decimal(r.reliability, 2) },
      ],
      rows,
      highlight: (r) => highlighting && r.name != null,
      highlightNote: 'your team',
    },
    csv: csvHref('/api/facilitators', apiQuery),
  });

  const teamNote = role === 'supervisor'
    ? h('p', { class: 'team-note', 'data-team': '' }, team.length ? `Your team, named and highlighted: ${team.map((r) => r.label).join(', ')}. Other facilitators are shown without names.` : 'None of your team has cases in this period. Other facilitators are shown without names.')
    : role === 'funder' ? h('p', { class: 'team-note' }, 'Facilitators are shown as an unnamed distribution; small caseloads are withheld.') : null;

  return [
    ...pageHeading('Facilitators', answer),
    filterBar(ctx, {
      resolved: response.params, window: metric === 'reentry',
      choices: [
        { key: 'metric', label: 'Measure', value: metric, options: proportionMetrics.map((m) => ({ value: m, label: metricInfo[m].title })) },
        { key: 'view', label: 'Rates', value: adjusted ? 'adjusted' : 'raw', options: [{ value: 'raw', label: 'As recorded' }, { value: 'adjusted', label: 'Adjusted for case mix' }] },
      ],
    }),
    teamNote,
    section('Funnel plot', funnel),
    section('Rates after allowing for chance', shrunk),
    section('What the flags mean', h('ul', {}, Object.values(flagWords).map((w) => h('li', {}, w))), h('p', {}, `Flags are never given below 10 cases. Facilitators are not ranked: a rate inside the limits is consistent with ${centre}.`)),
  ].filter((n): n is HTMLElement => n != null);
}
