// Time in services: Kaplan-Meier curves by group, medians and quartiles, share still in services at 90/180/365/730 days.
import { csvHref, getJson } from '../api.ts';
import { h } from '../dom.ts';
import { chartFigure } from '../figure.ts';
import { count, days, medianInterval, shareWithInterval, SMALL_CELL_TEXT } from '../format.ts';
import { filterBar } from '../filterBar.ts';
import { choice, pick, periodKeys } from '../query.ts';
import { survivalChart } from '../charts/survival.ts';
import type { PageContext } from '../context.ts';
import type { Group, MetricResponse, SurvivalEstimate } from '../types.ts';
import { dimensionNames, pageHeading, section } from './common.ts';

const byChoices = ['none', 'program', 'race_ethnicity', 'gender', 'age_group', 'primary_language', 'county'] as const;
type Row = Group<SurvivalEstimate>;

export async function timeInServicesPage(ctx: PageContext): Promise<Node[]> {
  const by = choice(ctx.query, 'by', byChoices, 'none');
  const apiQuery = pick(ctx.query, periodKeys, { by: by === 'none' ? undefined : by });
  const response = await getJson<MetricResponse<SurvivalEstimate>>('/api/metrics/time-in-services', apiQuery);
  const o = response.overall;
  const rows: Row[] = [{ key: 'all', label: 'All episodes', ...o }, ...response.groups];
  const drawable = (by === 'none' ? rows.slice(0, 1) : response.groups).filter((g) => !g.suppressed && g.curve?.length);
  const answer = o.suppressed
    ? 'Too few episodes in this selection to show time in services.'
    : o.n === 0
      ? 'No episodes started in this selection, so there is no time in services to show.'
      : o.median != null
        ? `Half of the families who started services in the period were still in services after ${days(o.median)}; ${o.q75 != null ? `a quarter stayed beyond ${days(o.q75)}` : 'more than a quarter are still in services'}.`
        : `More than half of the families who started services in the period are still in services, so the median is not reached yet.`;
  const groupWord = by === 'none' ? '' : ` by ${dimensionNames[by].toLowerCase()}`;
  const figure = chartFigure({
    id: 'time-in-services-curves',
    title: `Share still in services, days since entry${groupWord}`,
    takeaway: answer,
    description: `Kaplan-Meier step curves of the share of episodes still open by days since entry${groupWord}, with 95% pointwise bands where given; the dashed line marks half.${by !== 'none' && drawable.length < response.groups.length ? ` Groups with ${SMALL_CELL_TEXT} episodes are not drawn.` : ''}`,
    draw: (width) => drawable.length === 0
      ? h('p', { class: 'chart-empty' }, o.n === 0 ? 'No episodes to draw.' : 'No group has enough episodes to draw.')
      : survivalChart(drawable.map((g) => ({ label: g.label, curve: g.curve })), { width, label: `Time in services${groupWord}`, description: answer, xLabel: 'Days since entry', yLabel: 'Still in services' }),
    table: {
      columns: [
        { label: 'Group', value: (r: Row) => r.label },
        { label: 'Episodes', numeric: true, value: (r) => count(r.n, r.suppressed) },
        { label: 'Closed', numeric: true, value: (r) => count(r.events, r.suppressed) },
        { label: 'Still open (censored)', numeric: true, value: (r) => count(r.censored, r.suppressed) },
        { label: '25% left by', numeric: true, value: (r) => (r.suppressed ? SMALL_CELL_TEXT : days(r.q25)) },
        { label: 'Median', numeric: true, value: (r) => (r.suppressed ? SMALL_CELL_TEXT : days(r.median)) },
        { label: 'Median 95% CI', numeric: true, value: (r) => medianInterval(r) },
        { label: '75% left by', numeric: true, value: (r) => (r.suppressed ? SMALL_CELL_TEXT : days(r.q75)) },
        ...(['90', '180', '365', '730'] as const).map((d) => ({
          label: `Still in services at ${d} days (95% CI)`, numeric: true,
          value: (r: Row) => (r.suppressed ? '–' : shareWithInterval(r.stillInServices?.[d], r.stillInServicesLow?.[d], r.stillInServicesHigh?.[d])),
        })),
      ],
      rows,
    },
    csv: csvHref('/api/metrics/time-in-services', apiQuery),
  });
  const excluded = Object.entries(response.excluded ?? {}).filter(([, v]) => v != null);
  return [
    ...pageHeading('Time in services', answer, 'How long do families stay in services?'),
    filterBar(ctx, {
      resolved: response.params,
      choices: [{ key: 'by', label: 'Compare by', value: by, options: byChoices.map((b) => ({ value: b, label: b === 'none' ? 'No grouping' : dimensionNames[b] })) }],
    }),
    section('Kaplan-Meier curves', figure),
    section('Who is counted', h('p', {}, `Episodes that started in the period; those still open on the as-of date count up to that day. ${excluded.map(([k, v]) => `${k === 'shortStay' ? 'Stays shorter than the minimum (no-shows) left out' : k}: ${count(v)}.`).join(' ')}`)),
  ];
}
