// Overview: the headline figures with intervals, the previous period and a quarterly trend; the facilitator spread, the largest equity gap, data freshness.
import { ApiError, csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { annualRate, comparedFacilitators, count, days, daysInterval, interval, longDate, medianInterval, medianWithInterval, percent, rateWithInterval, ratio, sentenceCase, shareWithInterval, SMALL_CELL_TEXT, spreadSentence, timestamp, turnoverCell, turnoverWithheld, WITHHELD_TEXT } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { metricQuery, pick, periodKeys } from '../query.ts';
import { previousPeriod } from '../periods.ts';
import { trendChart, type TrendPoint } from '../charts/trend.ts';
import type { PageContext } from '../context.ts';
import type { EquityGroup, EquityResponse, FacilitatorsResponse, MetricResponse, ProportionEstimate, SurvivalEstimate, TrendMetric, TrendResponse, WorkforceResponse } from '../types.ts';
import { equityDimensions, dimensionNames, estimateColumns, intervalLegend, metricTitle, pageHeading, section, turnoverColumns, nothingCompared } from './common.ts';

const QUARTERS = 8;

function periodQuery(base: URLSearchParams, period: { from: string; to: string }): URLSearchParams {
  const q = new URLSearchParams(base);
  q.set('from', period.from);
  q.set('to', period.to);
  return q;
}

/**
 * Fetches one figure for the period, the previous period, and each quarter before the period's end from
 * /api/trend (one request, whose CSV is exactly the trend chart's numbers). A quarter's value has the shape of
 * the endpoint's own answer where the page reads it: `overall` for a metric, the figures for workforce.
 */
async function headline<T extends { params: { from: string; to: string } }>(endpoint: string, query: URLSearchParams, metric: TrendMetric) {
  const trendQuery = new URLSearchParams(query);
  trendQuery.set('metric', metric);
  trendQuery.set('count', String(QUARTERS));
  const trendAsked = getJson<TrendResponse>('/api/trend', trendQuery);
  // Should the current figure fail first, the page shows that error; the trend's own failure is then moot.
  trendAsked.catch(() => undefined);
  const current = await getJson<T>(endpoint, query);
  // The previous period follows from the resolved one, asked while the trend is still coming.
  const [previous, trend] = await Promise.all([getJson<T>(endpoint, periodQuery(query, previousPeriod(current.params.from, current.params.to))), trendAsked]);
  const value = (row: TrendResponse['periods'][number]) => (metric === 'workforce' ? row : { overall: row }) as unknown as T;
  return { current, previous, trendQuery, trend: trend.periods.map((row) => ({ label: row.period, from: row.from, to: row.to, value: value(row) })) };
}

function proportionPoint(period: string, estimate: ProportionEstimate, series: string): TrendPoint {
  return {
    period, series, value: estimate.rate, low: estimate.ciLow, high: estimate.ciHigh, suppressed: estimate.suppressed, unstable: Boolean(estimate.unstable),
    title: `${period}: ${rateWithInterval(estimate)}`,
  };
}

/** A headline card; each says its own period (re-entry's default one lies a follow-up window before the others'). */
function card(id: string, title: string, period: { from: string; to: string }, value: string, detail: string, previous: string): HTMLElement {
  return h('div', { class: 'headline-card', 'data-headline': id },
    h('h3', {}, title), h('p', { class: 'headline-period' }, `${longDate(period.from)} to ${longDate(period.to)}`),
    h('p', { class: 'headline-value' }, value), h('p', { class: 'headline-detail' }, detail), h('p', { class: 'headline-previous' }, previous));
}

function proportionCard(id: string, title: string, period: { from: string; to: string }, current: ProportionEstimate, previous: ProportionEstimate, unit: string): HTMLElement {
  const value = current.suppressed ? SMALL_CELL_TEXT : percent(current.rate);
  const detail = current.suppressed ? 'withheld: small number' : `95% CI ${interval(current.ciLow, current.ciHigh)} · ${count(current.n)} ${unit}`;
  return card(id, title, period, value, detail, `Previous period: ${rateWithInterval(previous)}`);
}

/** The proportion headline: card, trend figure and table. */
function proportionHeadline(ctx: PageContext, metric: 'reentry' | 'successful-exits', data: Awaited<ReturnType<typeof headline<MetricResponse>>>) {
  const title = metricTitle(metric, data.current.params.window);
  const unit = 'exits';
  const points = data.trend.map((q) => proportionPoint(q.label, q.value.overall, 'agency'));
  const shown = points.filter((p) => p.value != null);
  const first = shown[0];
  const last = shown[shown.length - 1];
  const takeaway = first && last
    ? `${metric === 'reentry' ? sentenceCase(title) : 'The share of successful exits'} was ${shareWithInterval(last.value, last.low, last.high)} in ${last.period}, against ${shareWithInterval(first.value, first.low, first.high)} in ${first.period}.`
    : `Too few cases to show a quarterly trend of ${title.toLowerCase()}.`;
  const figure = chartFigure({
    id: `overview-${metric}`,
    title: `${title}, by quarter of exit`,
    takeaway,
    description: `Line chart of ${title.toLowerCase()} for the last ${QUARTERS} quarters, each with its 95% interval.`,
    draw: (width) => trendChart(points, { width, label: `${title} by quarter`, description: takeaway, yLabel: 'Rate', kind: 'share', periods: data.trend.map((q) => q.label), series: ['agency'] }),
    legend: intervalLegend(),
    table: { columns: [{ label: 'Quarter', value: (r: (typeof data.trend)[number]) => r.label }, ...estimateColumns((r: (typeof data.trend)[number]) => r.value.overall, unit)], rows: data.trend },
    csv: csvHref('/api/trend', data.trendQuery),
  });
  return { card: proportionCard(metric, title, data.current.params, data.current.overall, data.previous.overall, unit), figure };
}

function timeHeadline(ctx: PageContext, data: Awaited<ReturnType<typeof headline<MetricResponse<SurvivalEstimate>>>>) {
  const o = data.current.overall;
  const points: TrendPoint[] = data.trend.map((q) => ({
    period: q.label, series: 'agency', value: q.value.overall.median, low: q.value.overall.medianLow ?? null, high: q.value.overall.medianHigh ?? null,
    suppressed: Boolean(q.value.overall.suppressed),
    title: `${q.label}: median ${medianWithInterval(q.value.overall)}`,
    note: q.value.overall.n === 0 ? 'no entries' : 'not reached',
  }));
  const reached = points.filter((p) => p.value != null);
  const takeaway = reached.length
    ? `Half of the families who started services in ${reached[reached.length - 1].period} were still in services after ${days(reached[reached.length - 1].value)}.`
    : 'Families who started in recent quarters are still mostly in services, so their median is not reached yet.';
  const figure = chartFigure({
    id: 'overview-time-in-services',
    title: 'Median time in services, by quarter of entry',
    takeaway,
    description: `Line chart of the median days in services for families entering in each of the last ${QUARTERS} quarters (Kaplan-Meier; missing where not reached yet).`,
    draw: (width) => trendChart(points, { width, label: 'Median time in services by quarter of entry', description: takeaway, yLabel: 'Days', kind: 'days', periods: data.trend.map((q) => q.label), series: ['agency'] }),
    table: {
      columns: [
        { label: 'Quarter of entry', value: (r: (typeof data.trend)[number]) => r.label },
        { label: 'Median', numeric: true, value: (r) => (r.value.overall.suppressed ? SMALL_CELL_TEXT : days(r.value.overall.median)) },
        { label: '95% CI', numeric: true, value: (r) => medianInterval(r.value.overall) },
        { label: 'Middle half (25%–75%)', numeric: true, value: (r) => (r.value.overall.suppressed ? '–' : `${days(r.value.overall.q25)} – ${days(r.value.overall.q75)}`) },
        { label: 'Episodes', numeric: true, value: (r) => count(r.value.overall.n, r.value.overall.suppressed) },
      ],
      rows: data.trend,
    },
    csv: csvHref('/api/trend', data.trendQuery),
  });
  const cardNode = card('time-in-services', 'Median time in services', data.current.params, o.suppressed ? SMALL_CELL_TEXT : days(o.median),
    o.suppressed ? 'withheld: small number' : [o.median == null ? '' : `95% CI ${daysInterval(o.median, o.medianLow, o.medianHigh)}`, `middle half ${days(o.q25)} to ${days(o.q75)}`, `${count(o.n)} episodes`].filter(Boolean).join(' · '),
    `Previous period: ${data.previous.overall.suppressed ? SMALL_CELL_TEXT : medianWithInterval(data.previous.overall)}`);
  return { card: cardNode, figure };
}

/** "212 days (95% CI 180 to 240 days)", or "not reached". */

/** The page's answer: this period's re-entry against the period before, in words even with no or few cases. */
function headlineAnswer(title: string, current: MetricResponse, previous: MetricResponse['overall']): string {
  const period = `${longDate(current.params.from)} to ${longDate(current.params.to)}`;
  const { overall } = current;
  if (overall.suppressed) return `${title} is withheld for ${period}: ${SMALL_CELL_TEXT} exits or re-entries.`;
  if (overall.rate == null) return `No exits in this selection could be followed for ${title.toLowerCase()} from ${period}.`;
  const before = previous.suppressed ? `; the period before is withheld (${SMALL_CELL_TEXT})`
    : previous.rate == null ? '; the period before had no exits to follow' : `, against ${rateWithInterval(previous)} the period before`;
  return `${title} was ${rateWithInterval(overall)} for ${period}${before}.`;
}

function workforceHeadline(ctx: PageContext, data: Awaited<ReturnType<typeof headline<WorkforceResponse>>>) {
  const turnoverText = (w: WorkforceResponse) => (w.turnover.all == null ? turnoverCell(null, w.headcount.average) : `${percent(w.turnover.all)} a year`);
  const points: TrendPoint[] = data.trend.map((q) => ({
    // Turnover is withheld from funders when its separations or headcount are small: drawn as such, not left out.
    period: q.label, series: 'agency', value: q.value.turnover.all, low: q.value.turnover.allLow, high: q.value.turnover.allHigh,
    suppressed: turnoverWithheld(q.value.turnover.all, q.value.headcount.average),
    title: `${q.label}: ${turnoverText(q.value)}`,
  }));
  const shown = points.filter((p) => p.value != null);
  const takeaway = shown.length
    ? `Facilitator turnover ran at an annual rate of ${percent(shown[shown.length - 1].value)} in ${shown[shown.length - 1].period}.`
    : points.some((p) => p.suppressed)
      ? 'Facilitator turnover is withheld for these quarters: with the headcounts, it would give away a small number (of hires, leavers or staff).'
      : 'No facilitators were employed in these quarters.';
  const figure = chartFigure({
    id: 'overview-turnover',
    title: 'Facilitator turnover (annual rate), by quarter',
    takeaway,
    description: `Line chart of annualised facilitator turnover for each of the last ${QUARTERS} quarters.`,
    draw: (width) => trendChart(points, { width, label: 'Facilitator turnover by quarter', description: takeaway, yLabel: 'Annual turnover', kind: 'share', periods: data.trend.map((q) => q.label), series: ['agency'], withheldText: 'withheld' }),
    table: {
      columns: [
        { label: 'Quarter', value: (r: (typeof data.trend)[number]) => r.label },
        ...turnoverColumns((r: (typeof data.trend)[number]) => r.value),
      ],
      rows: data.trend,
    },
    csv: csvHref('/api/trend', data.trendQuery),
  });
  const c = data.current;
  const retention = c.retention12m;
  const cardNode = card('turnover', 'Facilitator turnover', c.params, turnoverText(c),
    [c.turnover.all == null ? '' : `95% CI ${interval(c.turnover.allLow, c.turnover.allHigh)}`,
      `${count(c.separations.all, c.separations.all == null)} ${c.separations.all === 1 ? 'separation' : 'separations'}`,
      // Withheld with the headcounts (its n is the first day's), not only when small itself.
      `12-month retention ${retention ? rateWithInterval(retention, WITHHELD_TEXT) : 'not yet known'}`].filter(Boolean).join(' · '),
    `Previous period: ${data.previous.turnover.all == null ? turnoverCell(null, data.previous.headcount.average) : annualRate(data.previous.turnover.all, data.previous.turnover.allLow, data.previous.turnover.allHigh)}`);
  return { card: cardNode, figure };
}

/** The group with the largest significant gap across the demographic dimensions, with the API's own sentence for it. */
function largestGap(responses: EquityResponse[]): string {
  let best: { group: EquityGroup; response: EquityResponse } | null = null;
  for (const response of responses) {
    for (const group of response.groups) {
      if (!group.gap || group.ratio == null || group.ratio <= 0) continue;
      if (!best || Math.abs(Math.log(group.ratio)) > Math.abs(Math.log(best.group.ratio!))) best = { group, response };
    }
  }
  // Withheld groups (a funder's small cells) were compared with nothing, and a dimension whose reference group is
  // withheld or absent compared nothing at all: "no group" would overstate.
  const withheld = responses.reduce((sum, r) => sum + r.groups.filter((g) => g.suppressed).length, 0);
  const uncompared = responses.filter((r) => nothingCompared(r)).map((r) => (dimensionNames[r.dimension] ?? r.dimension).toLowerCase());
  if (uncompared.length === responses.length) return 'Nothing could be compared for any dimension: in each, the reference group or every other group is withheld or has no records in this selection.';
  const uncomparedNote = uncompared.length ? ` Nothing could be compared by ${uncompared.join(' or ')}: the reference group, or every other group, is withheld or has no records.` : '';
  if (!best) {
    return (withheld
      ? `No group shown differs from its reference group by more than chance would explain, for any dimension compared; ${withheld === 1 ? 'one group is' : `${withheld} groups are`} withheld to protect small numbers and not compared.`
      : 'No group differs from its reference group by more than chance would explain, for any dimension.') + uncomparedNote;
  }
  const statement = best.response.statements.find((s) => s.includes(best.group.label))
    ?? `${best.group.label} (${dimensionNames[best.response.dimension] ?? best.response.dimension}): ${ratio(best.group.ratio)} times the reference group's rate (95% CI ${ratio(best.group.ratioLow)} to ${ratio(best.group.ratioHigh)}).`;
  // A gap beyond chance can still rest on a handful of cases: said, so nobody acts on it alone.
  return (best.group.unstable && best.group.n != null ? `${statement} It rests on ${count(best.group.n)} ${best.group.n === 1 ? 'case' : 'cases'}, too few for a stable figure.` : statement) + uncomparedNote;
}

/** A failed request becomes a note in its own section instead of blanking the whole page (401 still signs the reader out). */
function settle<T>(promise: Promise<T>): Promise<T | Error> {
  return promise.catch((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) throw error;
    return error instanceof Error ? error : new Error(String(error));
  });
}

const unavailable = (what: string, error: Error) => h('p', { class: 'message', 'data-unavailable': '' }, `${what} could not be loaded: ${error.message}`);

/** A sentence that is filled in when its figures arrive, after the charts are shown. */
function laterStatement(ctx: PageContext, attribute: string, work: Promise<string>): HTMLElement {
  const p = h('p', { class: 'statement', [attribute]: '', 'aria-live': 'polite' }, 'Loading…');
  ctx.defer(work.then((text) => { p.textContent = text; }, (error: unknown) => { p.textContent = `Could not be loaded: ${error instanceof Error ? error.message : String(error)}`; }));
  return p;
}

export async function overviewPage(ctx: PageContext): Promise<Node[]> {
  const reentryQuery = metricQuery(ctx.query, 'reentry');
  const charts = Promise.all([
    headline<MetricResponse>('/api/metrics/reentry', reentryQuery, 'reentry'),
    settle(headline<MetricResponse>('/api/metrics/successful-exits', metricQuery(ctx.query, 'successful-exits'), 'successful-exits')),
    settle(headline<MetricResponse<SurvivalEstimate>>('/api/metrics/time-in-services', pick(ctx.query, periodKeys), 'time-in-services')),
    settle(headline<WorkforceResponse>('/api/metrics/workforce', pick(ctx.query, ['from', 'to']), 'workforce')),
    ctx.health,
  ]);
  // The spread and the largest gap are sentences, not charts: asked for once the charts' figures are in, and filled in after.
  const chartsIn = charts.then(() => undefined, () => undefined);
  const facilitators = chartsIn.then(() => getJson<FacilitatorsResponse>('/api/facilitators', metricQuery(ctx.query, 'reentry', { metric: 'reentry' })));
  const equity = chartsIn.then(() => Promise.all(equityDimensions.map((d) => settle(getJson<EquityResponse>('/api/equity', metricQuery(ctx.query, 'reentry', { metric: 'reentry', dimension: d }))))));
  const spreadWithheld = (params: FacilitatorsResponse['params']) => (params.minimumCell
    ? `Too few facilitators have at least ${params.minimumCell} cases and ${params.minimumCell} re-entries (or none) to describe the spread between them without showing small numbers.`
    : 'Too few facilitators have 10 or more cases to describe the spread between them.');
  const spreadStatement = Promise.all([facilitators, charts]).then(([{ spread, params }, [reentry]]) => {
    // A funder's comparison covers the facilitators without a small cell: said so, with the agency's rate beside it.
    const compared = params.minimumCell ? comparedFacilitators(params.minimumCell, 're-entries', reentry.current.overall.rate) : null;
    return spread.p10 != null && spread.p90 != null
      ? spreadSentence(metricTitle('reentry', ctx.query.get('window') ?? 365), spread.p10, spread.p90, ' (10th to 90th percentile)', compared?.who) + (compared?.note ?? '')
      : spreadWithheld(params);
  });
  const gapSentence = equity.then((responses) => {
    const loaded = responses.filter((e): e is EquityResponse => !(e instanceof Error));
    return loaded.length ? largestGap(loaded) : 'The equity comparison could not be loaded.';
  });
  // Handled where the sentences are shown; this keeps an early failure from counting as unhandled meanwhile.
  for (const sentence of [spreadStatement, gapSentence]) sentence.catch(() => undefined);
  const [reentry, exits, time, workforce, health] = await charts;
  const blocks = [
    proportionHeadline(ctx, 'reentry', reentry),
    exits instanceof Error ? { card: null, figure: unavailable('Successful exits', exits) } : proportionHeadline(ctx, 'successful-exits', exits),
    time instanceof Error ? { card: null, figure: unavailable('Time in services', time) } : timeHeadline(ctx, time),
    workforce instanceof Error ? { card: null, figure: unavailable('Facilitator turnover', workforce) } : workforceHeadline(ctx, workforce),
  ];
  const reentryTitle = metricTitle('reentry', reentry.current.params.window);
  return [
    ...pageHeading('Overview', headlineAnswer(reentryTitle, reentry.current, reentry.previous.overall)),
    filterBar(ctx, { resolved: reentry.current.params, window: true }),
    // A heading for the cards (seen by screen readers), so headings go h1, h2, h3 in order.
    h('h2', { class: 'visually-hidden' }, 'Headline figures'),
    h('div', { class: 'headline-grid' }, blocks.map((b) => b.card)),
    section('How much depends on the facilitator', laterStatement(ctx, 'data-spread', spreadStatement), h('p', {}, h('a', { href: `/facilitators?${reentryQuery}`, 'data-nav': '' }, 'Compare facilitators'))),
    section('Largest equity gap', laterStatement(ctx, 'data-gap', gapSentence), h('p', {}, h('a', { href: `/equity?${reentryQuery}`, 'data-nav': '' }, 'See equity by group'))),
    // The trend figures' own heading, so their titles (h3) are not read as part of the equity gap above.
    h('h2', { class: 'section-heading' }, 'Trends by quarter'),
    ...blocks.map((b) => h('section', { class: 'page-section' }, b.figure)),
    section('Data freshness', h('p', { 'data-freshness': '' },
      `Data as of ${longDate(health.asOf)}; last import ${health.lastImport ? `#${health.lastImport.id} finished ${timestamp(health.lastImport.finishedAt)}` : 'not yet run'}.`)),
  ];
}
