// Workforce: turnover by quarter, tenure by hire year, 12-month retention, caseload per facilitator, continuity, by supervisor team.
import { csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { annualRate, count, days, decimal, interval, medianInterval, percent, rateWithInterval, shareWithInterval, SMALL_CELL_TEXT, turnoverCell, turnoverWithheld, WITHHELD_TEXT } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { pick, withChanges } from '../query.ts';
import { trendChart, type TrendPoint } from '../charts/trend.ts';
import { survivalChart } from '../charts/survival.ts';
import { intervalChart } from '../charts/intervals.ts';
import type { PageContext } from '../context.ts';
import type { TrendResponse, WorkforceFigures, WorkforceResponse } from '../types.ts';
import { estimateColumns, intervalLegend, intervalRow, pageHeading, section, turnoverColumns } from './common.ts';

const HIRE_YEARS = 5;

const QUARTERS = 8;

export async function workforcePage(ctx: PageContext): Promise<Node[]> {
  const role = ctx.me.role;
  const apiQuery = pick(ctx.query, ['from', 'to']);
  const teamsQuery = pick(ctx.query, ['from', 'to'], { by: 'supervisor' });
  // The turnover chart's quarters come from /api/trend, whose CSV is exactly that chart's numbers.
  const trendQuery = pick(ctx.query, ['from', 'to'], { metric: 'workforce', count: String(QUARTERS) });
  const [current, byQuarter] = await Promise.all([
    getJson<WorkforceResponse>('/api/metrics/workforce', apiQuery),
    getJson<TrendResponse>('/api/trend', trendQuery),
  ]);
  // Hire-year cohorts: the last HIRE_YEARS calendar years up to the as-of date, from /api/trend (its CSV is the chart's table).
  const yearsQuery = new URLSearchParams({ metric: 'workforce', per: 'year', count: String(HIRE_YEARS), to: current.asOf ?? current.params.to });
  const [byHireYear, teams] = await Promise.all([
    getJson<TrendResponse>('/api/trend', yearsQuery),
    role === 'funder' ? Promise.resolve(null) : getJson<WorkforceResponse>('/api/metrics/workforce', teamsQuery),
  ]);

  const answer = current.turnover.all == null
    ? (current.headcount.average === 0 ? 'No facilitators were employed in this period.' : 'Turnover is withheld for this period: with the headcounts, it would give away a small number (of hires, leavers or staff).')
    : `Facilitators left at an annual rate of ${percent(current.turnover.all)} (95% CI ${interval(current.turnover.allLow, current.turnover.allHigh)}; ${current.turnover.voluntary == null ? 'voluntary turnover withheld' : `${percent(current.turnover.voluntary)} by their own choice, 95% CI ${interval(current.turnover.voluntaryLow, current.turnover.voluntaryHigh)}`}); ${current.retention12m ? `${rateWithInterval(current.retention12m)} of those employed at the start stayed a year` : 'one-year retention is not known yet'}.`;

  const quarterRows = byQuarter.periods.map((q) => ({ label: q.period, w: q as WorkforceFigures }));
  const turnoverPoints: TrendPoint[] = quarterRows.flatMap((q) => [
    // Withheld from funders when separations or headcount are small: drawn as such, not left out.
    { period: q.label, series: 'All separations', value: q.w.turnover.all, low: q.w.turnover.allLow, high: q.w.turnover.allHigh, suppressed: turnoverWithheld(q.w.turnover.all, q.w.headcount.average), title: `${q.label}: ${annualRate(q.w.turnover.all, q.w.turnover.allLow, q.w.turnover.allHigh)}, all separations` },
    { period: q.label, series: 'Voluntary', value: q.w.turnover.voluntary, low: q.w.turnover.voluntaryLow, high: q.w.turnover.voluntaryHigh, suppressed: turnoverWithheld(q.w.turnover.voluntary, q.w.headcount.average), title: `${q.label}: ${annualRate(q.w.turnover.voluntary, q.w.turnover.voluntaryLow, q.w.turnover.voluntaryHigh)}, voluntary` },
  ]);
  const turnoverTakeaway = `Annualised turnover for each of the last ${quarterRows.length} quarters, all separations and voluntary ones.`;
  const turnover = chartFigure({
    id: 'workforce-turnover',
    title: 'Turnover by quarter (annual rate)',
    takeaway: turnoverTakeaway,
    description: 'Two lines, all separations (solid, circles) and voluntary separations (dashed, squares), as annualised rates by quarter, each with its 95% interval.',
    draw: (width) => trendChart(turnoverPoints, { width, label: 'Turnover by quarter', description: turnoverTakeaway, yLabel: 'Annual turnover', kind: 'share', periods: quarterRows.map((q) => q.label), series: ['All separations', 'Voluntary'], withheldText: WITHHELD_TEXT }),
    legend: h('ul', { class: 'legend' }, h('li', {}, '● — all separations'), h('li', {}, '■ - - voluntary')),
    table: {
      columns: [
        { label: 'Quarter', value: (r: (typeof quarterRows)[number]) => r.label },
        ...turnoverColumns((r: (typeof quarterRows)[number]) => r.w),
      ],
      rows: quarterRows,
    },
    csv: csvHref('/api/trend', trendQuery),
  });

  // Every year is a table row (a withheld one says so); only years with hires and figures are drawn.
  const cohorts = byHireYear.periods.map((y) => ({ label: `Hired ${y.period}`, w: y as WorkforceFigures }));
  const drawnCohorts = cohorts.filter((c) => c.w.tenure && c.w.tenure.n != null && c.w.tenure.n > 0 && !c.w.tenure.suppressed);
  // Years withheld (fewer than 11 hires or leavers) are not drawn: the takeaway says so, so an empty chart never reads as no data.
  const withheldYears = cohorts.filter((c) => c.w.tenure?.suppressed).length;
  const withheldNote = withheldYears === 0 ? '' : withheldYears === cohorts.length
    ? ` Every hire year here is withheld: ${SMALL_CELL_TEXT} hires or leavers, too few to publish.`
    : ` ${withheldYears === 1 ? 'One hire year is' : `${withheldYears} hire years are`} withheld and not drawn: ${SMALL_CELL_TEXT} hires or leavers.`;
  const tenureTakeaway = `How long facilitators stayed, by the year they were hired; curves still high on the right mean people stay.${withheldNote}`;
  const tenure = chartFigure({
    id: 'workforce-tenure',
    title: 'Still employed, days since hire, by hire year',
    takeaway: tenureTakeaway,
    description: 'Kaplan-Meier step curves of the share of facilitators still employed by days since hire, one per hire year.',
    draw: (width) => drawnCohorts.length === 0
      ? h('p', { class: 'chart-empty' }, withheldYears ? 'No hire year can be drawn: each is withheld or had no hires.' : 'No facilitators were hired in these years.')
      : survivalChart(drawnCohorts.map((c) => ({ label: c.label, curve: c.w.tenure!.curve })), { width, label: 'Tenure by hire year', description: tenureTakeaway, xLabel: 'Days since hire', yLabel: 'Still employed' }),
    table: {
      columns: [
        { label: 'Hire year', value: (r: (typeof cohorts)[number]) => r.label },
        { label: 'Hired', numeric: true, value: (r) => count(r.w.tenure?.n, r.w.tenure?.suppressed) },
        { label: 'Left', numeric: true, value: (r) => count(r.w.tenure?.events, r.w.tenure?.suppressed) },
        { label: 'Median tenure', numeric: true, value: (r) => (r.w.tenure?.suppressed ? SMALL_CELL_TEXT : days(r.w.tenure?.median)) },
        { label: '95% CI', numeric: true, value: (r) => medianInterval(r.w.tenure) },
        ...(['180', '365', '730'] as const).map((d) => ({
          label: `Still employed at ${d} days (95% CI)`, numeric: true,
          value: (r: (typeof cohorts)[number]) => (r.w.tenure?.suppressed ? SMALL_CELL_TEXT : shareWithInterval(r.w.tenure?.stillInServices[d], r.w.tenure?.stillInServicesLow?.[d], r.w.tenure?.stillInServicesHigh?.[d])),
        })),
      ],
      rows: cohorts,
    },
    csv: csvHref('/api/trend', yearsQuery),
  });

  const caseloadRows = current.caseload ?? [];
  // A funder's month whose facilitator count is withheld has no per-facilitator figure: drawn as withheld.
  const caseloadWithheld = (c: (typeof caseloadRows)[number]) => c.perFacilitator == null && c.facilitators == null;
  const caseloadPoints: TrendPoint[] = caseloadRows.map((c) => ({ period: c.month.slice(0, 7), series: 'agency', value: c.perFacilitator, low: null, high: null, suppressed: caseloadWithheld(c), title: `${c.month.slice(0, 7)}: ${caseloadWithheld(c) ? 'withheld' : `${decimal(c.perFacilitator)} open episodes per facilitator`}` }));
  const lastCaseload = caseloadRows[caseloadRows.length - 1];
  const caseloadTakeaway = !lastCaseload
    ? 'No caseload figures for this period.'
    : caseloadWithheld(lastCaseload)
      ? 'Open episodes per facilitator are withheld for this period: the number of facilitators would give away a small number (of hires, leavers or staff).'
      : `On ${lastCaseload.month} each facilitator carried ${decimal(lastCaseload.perFacilitator)} open episodes on average.`;
  const caseload = chartFigure({
    id: 'workforce-caseload',
    title: 'Open episodes per facilitator, first day of each month',
    takeaway: caseloadTakeaway,
    description: 'Line chart of open episodes per employed facilitator on the first day of each month of the period.',
    draw: (width) => trendChart(caseloadPoints, { width, label: 'Caseload per facilitator', description: caseloadTakeaway, yLabel: 'Open episodes per facilitator', kind: 'count', periods: caseloadPoints.map((p) => p.period), series: ['agency'], withheldText: WITHHELD_TEXT }),
    table: {
      columns: [
        { label: 'Month', value: (r: (typeof caseloadRows)[number]) => r.month },
        { label: 'Facilitators', numeric: true, value: (r) => count(r.facilitators, r.facilitators == null) },
        { label: 'Open episodes', numeric: true, value: (r) => count(r.openEpisodes, r.openEpisodes == null) },
        { label: 'Per facilitator', numeric: true, value: (r) => (caseloadWithheld(r) ? WITHHELD_TEXT : decimal(r.perFacilitator)) },
      ],
      rows: caseloadRows,
    },
    // Each figure downloads its own rows of the workforce CSV (the API's `section`).
    csv: csvHref('/api/metrics/workforce', withChanges(apiQuery, { section: 'caseload' })),
  });

  // Retention is withheld with the headcounts (its n is the first day's), not only when it is small itself.
  const estimates = [
    { label: '12-month retention', e: current.retention12m, withheld: WITHHELD_TEXT },
    { label: 'Families with two or more facilitators', e: current.continuity, withheld: SMALL_CELL_TEXT },
  ].filter((r): r is { label: string; e: NonNullable<WorkforceFigures['retention12m']>; withheld: string } => r.e != null);
  const retentionTakeaway = estimates.map((r) => `${r.label}: ${rateWithInterval(r.e, r.withheld)}`).join('; ') || 'Retention and continuity are not known for this period.';
  const retention = chartFigure({
    id: 'workforce-retention',
    title: 'Retention and continuity',
    takeaway: `${retentionTakeaway}.`,
    description: 'Dot-and-interval chart of 12-month retention (of staff employed at the start of the period) and the share of closed episodes that had two or more facilitators.',
    draw: (width) => intervalChart(estimates.map((r) => intervalRow(r.label, r.e, false, r.withheld)), { width, label: 'Retention and continuity', description: retentionTakeaway, xLabel: 'Share', kind: 'share' }),
    legend: intervalLegend(),
    table: { columns: [{ label: 'Measure', value: (r: (typeof estimates)[number]) => r.label }, ...estimateColumns((r: (typeof estimates)[number]) => r.e, 'staff or episodes', (r) => r.withheld)], rows: estimates },
    csv: csvHref('/api/metrics/workforce', withChanges(apiQuery, { section: 'retention' })),
  });

  const nodes: Node[] = [
    ...pageHeading('Workforce', answer, 'Are facilitators staying, and how many families does each carry?'),
    filterBar(ctx, { resolved: current.params, programs: false }),
    h('h2', { class: 'visually-hidden' }, 'Headline figures'),
    h('div', { class: 'headline-grid' },
      h('div', { class: 'headline-card' }, h('h3', {}, 'Headcount'), h('p', { class: 'headline-value' }, count(current.headcount.end, current.headcount.end == null)),
        h('p', { class: 'headline-detail' }, `${count(current.headcount.start, current.headcount.start == null)} at the start; ${current.headcount.average == null ? WITHHELD_TEXT : decimal(current.headcount.average)} on average`)),
      h('div', { class: 'headline-card' }, h('h3', {}, 'Separations'), h('p', { class: 'headline-value' }, count(current.separations.all, current.separations.all == null)),
        h('p', { class: 'headline-detail' }, `${count(current.separations.voluntary, current.separations.voluntary == null)} voluntary`))),
    section('Turnover', turnover),
    section('Tenure', tenure),
    section('Retention and continuity', retention),
    section('Caseload', caseload),
  ];
  if (teams && teams.groups.length) {
    // A supervisor sees other teams unnamed (key and label null): numbered, so each still has a row and a label.
    let unnamed = 0;
    const teamGroups = teams.groups.map((g) => ({ ...g, label: g.label ?? `Other team ${++unnamed}` }));
    const teamRows = teamGroups.filter((g) => g.retention12m);
    const teamTakeaway = 'Twelve-month retention in each supervisor team, with 95% intervals; small teams give wide intervals.';
    nodes.push(section('By supervisor team', chartFigure({
      id: 'workforce-teams',
      title: '12-month retention by supervisor team',
      takeaway: teamTakeaway,
      description: 'Dot-and-interval chart of 12-month retention for each supervisor team.',
      draw: (width) => intervalChart(teamRows.map((g) => intervalRow(g.label, g.retention12m!, false, WITHHELD_TEXT)), { width, label: '12-month retention by team', description: teamTakeaway, xLabel: '12-month retention', kind: 'share' }),
      legend: intervalLegend(),
      table: {
        columns: [
          { label: 'Team', value: (g: (typeof teamGroups)[number]) => g.label },
          { label: 'Headcount (end)', numeric: true, value: (g) => count(g.headcount.end) },
          { label: 'Turnover (annual)', numeric: true, value: (g) => turnoverCell(g.turnover.all, g.headcount.average) },
          { label: 'Turnover 95% CI', numeric: true, value: (g) => interval(g.turnover.allLow, g.turnover.allHigh) },
          { label: '12-month retention', numeric: true, value: (g) => (g.retention12m ? rateWithInterval(g.retention12m, WITHHELD_TEXT) : '–') },
          { label: 'Two or more facilitators', numeric: true, value: (g) => (g.continuity ? rateWithInterval(g.continuity) : '–') },
        ],
        rows: teamGroups,
      },
      csv: csvHref('/api/metrics/workforce', withChanges(teamsQuery, { section: 'groups' })),
    })));
  } else if (role === 'funder') {
    nodes.push(section('By supervisor team', h('p', {}, 'Shown to agency staff only; funders see agency-level figures.')));
  }
  return nodes;
}
