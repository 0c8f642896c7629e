// Who sees what (metrics.md section 9), in one place: the access checks made
// before a metric is computed and the shaping of its result (names, small
// cells) made after it and before any rendering, JSON or CSV alike.
import { forbidden, HttpError } from './errors.ts';
import type { Viewer } from './access/tables.ts';
import { isUnknownGroup } from '../metrics/labels.ts';
import type { Dimension } from '../metrics/types.ts';

/** The kinds of response the API renders; each has its own shaping rules. */
export type ResponseKind = 'metric' | 'equity' | 'facilitators' | 'facilitatorDetail' | 'workforce' | 'trend';

export interface Disclosure {
  /** counts from 1 to suppressBelow - 1 are withheld from funders (default 11) */
  suppressBelow: number;
  /** staff ids a supervisor may see named: their own and the facilitators whose supervisor_id is theirs */
  team: ReadonlySet<string>;
}

type Json = Record<string, any>;

// ------------------------------------------------------------ access checks

const staffDimensions = new Set(['facilitator', 'supervisor']);

/** Refuses a request the viewer's role may not make at all (403), before any figure is computed. */
export function assertMayRequest(viewer: Viewer, kind: ResponseKind, params: { by?: string; dimension?: string; reference?: string }, disclosure: Disclosure, staffId?: string): void {
  if (viewer.role === 'leader') return;
  if (viewer.role === 'funder') {
    if (kind === 'facilitatorDetail') throw forbidden('Funders see facilitator results only as an unnamed distribution.');
    if (params.by && staffDimensions.has(params.by)) throw forbidden(`Funders may not group by ${params.by}: facilitator and supervisor identities are not shared with funders.`);
    if (params.dimension && staffDimensions.has(params.dimension)) throw forbidden(`Funders may not compare by ${params.dimension}.`);
    if (kind === 'workforce' && params.by && params.by !== 'none') throw forbidden('Funders see workforce figures at agency level only.');
    if (kind === 'facilitators' && params.by && params.by !== 'none') {
      throw forbidden(`Funders may not split facilitators by ${params.by}: each facilitator's cases by group are not an aggregate; facilitator results reach funders only as an unnamed distribution.`);
    }
    return;
  }
  if (kind === 'facilitatorDetail' && !(staffId && disclosure.team.has(staffId))) {
    throw forbidden('Supervisors may open the detail of their own team’s facilitators only.');
  }
  // The reference's figures would come back beside its id.
  const { reference } = params;
  if (kind === 'equity' && staffDimensions.has(params.dimension ?? '') && reference !== undefined && reference.toLowerCase() !== 'rest' && !disclosure.team.has(reference)) {
    throw forbidden('Supervisors may compare against their own team or "rest" only.');
  }
}

/** Import runs and rejects are for leaders only. */
export function assertMaySeeImports(viewer: Viewer): void {
  if (viewer.role !== 'leader') throw forbidden('Only leaders see import runs and rejected rows.');
}

// ------------------------------------------------------------------ shaping

/** The response as the viewer may see it; the input is never modified. */
export function shapeForViewer<T>(kind: ResponseKind, body: T, viewer: Viewer, disclosure: Disclosure): T {
  // Leaders see the result as computed; it is only serialised, never changed, so no copy is needed.
  if (viewer.role === 'leader') return body;
  const copy = copyForShaping(body) as Json;
  if (viewer.role === 'supervisor') return shapeForSupervisor(kind, copy, disclosure) as T;
  const shaped = shapeForFunder(kind, copy, disclosure);
  assertNoSmallCounts(shaped, disclosure.suppressBelow);
  return shaped as T;
}

/**
 * A deep copy of a response to shape, all but its survival curves: shaping replaces a curve, never changes one in
 * place, and curves are most of a large response (10,000 points by race at a million episodes).
 */
function copyForShaping(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return key === 'curve' ? value : value.map((item) => copyForShaping(item));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyForShaping(v, k)]));
  return value;
}

// --------------------------------------------------------------- supervisor

function shapeForSupervisor(kind: ResponseKind, body: Json, disclosure: Disclosure): Json {
  const by = body.params?.by;
  if ((kind === 'metric' || kind === 'workforce') && staffDimensions.has(by)) {
    body.groups = unnameGroups(body.groups ?? [], disclosure.team);
  }
  if (kind === 'equity' && staffDimensions.has(body.dimension)) {
    body.groups = unnameGroups(body.groups ?? [], disclosure.team);
    body.statements = [];
    // The default reference (the largest group) may be someone else's facilitator: it stays unnamed.
    if (body.reference !== 'rest' && !disclosedKey(body.reference, disclosure.team)) Object.assign(body, { reference: null, referenceLabel: null });
  }
  if (kind === 'facilitators') {
    const own = (body.facilitators ?? []).filter((f: Json) => disclosure.team.has(f.staffId));
    // An unnamed facilitator's caseload by group (the heat map's row) could tell who it is: removed.
    const others = (body.facilitators ?? [])
      .filter((f: Json) => !disclosure.team.has(f.staffId))
      .map(({ groups: _groups, ...f }: Json) => ({ ...f, staffId: null, name: null, supervisorId: null }));
    body.facilitators = [...own, ...others.sort(byFigures)];
  }
  return body;
}

/** Groups keyed by a staff id: names kept for the team, others anonymous and moved to the end. */
function unnameGroups(groups: Json[], team: ReadonlySet<string>): Json[] {
  const own = groups.filter((g) => disclosedKey(g.key, team));
  const others = groups.filter((g) => !disclosedKey(g.key, team)).map((g) => ({ ...g, key: null, label: null }));
  return [...own, ...others.sort(byFigures)];
}

// 'unknown' (no supervisor on record) names nobody.
const disclosedKey = (key: unknown, team: ReadonlySet<string>) => typeof key === 'string' && (team.has(key) || key === 'unknown');

/** A stable order that says nothing about who is who: by size, then events, then rate. */
function byFigures(a: Json, b: Json): number {
  return (a.n ?? Infinity) - (b.n ?? Infinity) || (a.events ?? Infinity) - (b.events ?? Infinity) || (a.rate ?? Infinity) - (b.rate ?? Infinity);
}

// ------------------------------------------------------------------- funder

function shapeForFunder(kind: ResponseKind, body: Json, d: Disclosure): Json {
  const small = (v: unknown) => isSmallCount(v, d.suppressBelow);
  if (body.excluded && typeof body.excluded === 'object') {
    for (const key of Object.keys(body.excluded)) if (small(body.excluded[key])) body.excluded[key] = null;
  }
  switch (kind) {
    case 'metric': {
      // Shaping writes copies: the groups as computed stay at hand to see what was cut.
      const computed: Json[] = body.groups ?? [];
      body.overall = suppressEstimate(body.overall, small);
      body.groups = suppressGroups(computed, small, suppressEstimate, poolsOf(computed, body.params?.by));
      if (isSurvivalEstimate(body.overall) && body.groups.length) {
        withholdGroupsBeyondRest(body.groups, computed, small);
        withholdOverallBeyondGroups(body, computed);
      }
      return body;
    }
    case 'equity':
      return shapeEquityForFunder(body, small);
    case 'facilitators':
      return shapeFacilitatorsForFunder(body, small);
    case 'workforce':
      return shapeWorkforceForFunder(body, small);
    case 'trend':
      // Each quarter as its metric's own figure would be shaped (a workforce quarter: its figures).
      body.periods = (body.periods ?? []).map((row: Json) => (body.metric === 'workforce' ? shapeWorkforceFiguresForFunder(row, small, tenureIsHires(body)) : suppressEstimate(row, small)));
      if (body.metric === 'workforce') withholdChainedHeadcounts(body.periods);
      return body;
    case 'facilitatorDetail':
      // assertMayRequest refuses it; never render one by mistake.
      throw forbidden('Funders see facilitator results only as an unnamed distribution.');
  }
}

type IsSmall = (v: unknown) => boolean;

/**
 * What a role's answer is computed with, beyond the request's own parameters (and so part of the cache key): a
 * funder's facilitator comparison leaves out facilitators with small cells altogether, since its funnel, prior
 * and spread would otherwise carry them (a funnel's phi and spread pinned two withheld points down).
 */
export function metricVariant(viewer: Viewer, kind: ResponseKind, disclosure: Disclosure): { minimumCell?: number } {
  return viewer.role === 'funder' && kind === 'facilitators' ? { minimumCell: disclosure.suppressBelow } : {};
}

export function isSmallCount(value: unknown, suppressBelow: number): boolean {
  return typeof value === 'number' && value > 0 && value < suppressBelow;
}

/** An estimate (proportion or survival) with every figure withheld. */
function withheld(estimate: Json): Json {
  const out: Json = { ...estimate, n: null, events: null, suppressed: true };
  // `unstable` says whether n is under 20: withheld with n.
  for (const key of ['rate', 'ciLow', 'ciHigh', 'unstable']) if (key in out) out[key] = null;
  if ('censored' in out || 'curve' in out || 'median' in out) {
    Object.assign(out, { censored: null, median: null, medianLow: null, medianHigh: null, q25: null, q75: null, curve: [] });
    delete out.followedBeyond;
    const nulls = () => Object.fromEntries(Object.keys(estimate.stillInServices ?? { 90: 0, 180: 0, 365: 0, 730: 0 }).map((k) => [k, null]));
    out.stillInServices = nulls();
    if ('stillInServicesLow' in out) Object.assign(out, { stillInServicesLow: nulls(), stillInServicesHigh: nulls() });
  }
  return out;
}

function needsSuppression(estimate: Json | null | undefined, small: IsSmall): boolean {
  if (!estimate) return false;
  return small(estimate.n) || small(estimate.events) || small(estimate.censored);
}

function suppressEstimate(estimate: Json | null | undefined, small: IsSmall): Json | null | undefined {
  if (!estimate) return estimate;
  return needsSuppression(estimate, small) ? withheld(estimate) : shownSurvival({ ...estimate, suppressed: false }, small);
}

/**
 * A shown survival estimate for funders. S(t) times n is how many are still in services after t, so the curve
 * keeps its points only while 11 or more are still there after them (the next point's at-risk count; the last
 * point only where S fell to 0 or it is the flat tail after the last exit), the share still in services is
 * withheld where 1 to 10 were followed beyond that day, and the at-risk counts themselves are not sent.
 */
function shownSurvival(estimate: Json, small: IsSmall): Json {
  if (estimate.stillInServices && estimate.followedBeyond) {
    withholdShares(estimate, Object.keys(estimate.stillInServices).filter((day) => small(estimate.followedBeyond[day])));
  }
  delete estimate.followedBeyond;
  if (!Array.isArray(estimate.curve)) return estimate;
  const curve = estimate.curve as Json[];
  const keeps = (p: Json, k: number) => {
    if (small(p.atRisk)) return false;
    const next = curve[k + 1];
    if (next) return !small(next.atRisk);
    return p.s === 0 || (k > 0 && p.s === curve[k - 1].s);
  };
  const kept: Json[] = [];
  for (let k = 0; k < curve.length && keeps(curve[k], k); k++) {
    const { atRisk: _atRisk, ...point } = curve[k];
    kept.push(point);
  }
  estimate.curve = kept;
  return estimate;
}

/** Withholds the share still in services, and its interval, on these days: in copies, never the caller's objects. */
function withholdShares(estimate: Json, days: string[]): void {
  if (!days.length) return;
  for (const key of ['stillInServices', 'stillInServicesLow', 'stillInServicesHigh']) {
    if (!estimate[key]) continue;
    estimate[key] = { ...estimate[key] };
    for (const day of days) estimate[key][day] = null;
  }
}

/**
 * Suppresses small groups, then complementary suppression (metrics.md 9): while the hidden groups of a pool
 * together carry a count from 1 to 10, the pool's next smallest group is hidden too. A pool is a set of groups
 * whose total can be worked out: all groups (the overall is shown), and for a dimension with an unknown group
 * the known ones (an equity comparison against "rest", or the share known, gives their total). With exactly
 * one group hidden this is the spec's rule; it goes on where two or more hidden groups would still add up to
 * a small count (two groups whose sizes add up to 2 are each 1).
 */
export function suppressGroups(
  groups: Json[],
  small: IsSmall,
  suppress: (g: Json, small: IsSmall) => Json | null | undefined,
  pools: number[][] = [groups.map((_, i) => i)],
): Json[] {
  const hidden = groups.map((g) => needsSuppression(g, small));
  const hiddenCarriesSmallCount = (pool: number[]) => {
    const inPool = pool.filter((i) => hidden[i]);
    return inPool.length > 0 && ['n', 'events', 'censored'].some((key) => small(inPool.reduce((sum, i) => sum + (groups[i][key] ?? 0), 0)));
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const pool of pools) {
      if (!hiddenCarriesSmallCount(pool)) continue;
      let next = -1;
      for (const i of pool) if (!hidden[i] && (groups[i].n ?? 0) > 0 && (next < 0 || groups[i].n < groups[next].n)) next = i;
      if (next >= 0) hidden[next] = changed = true;
    }
  }
  return groups.map((g, i) => (hidden[i] ? withheld(g) : (suppress(g, small) as Json)));
}

/** The pools of a dimension's groups (see suppressGroups): all of them, and the known ones when one is unknown. */
function poolsOf(groups: Json[], dimension: unknown): number[][] {
  const all = groups.map((_, i) => i);
  const known = all.filter((i) => !isUnknownGroup(dimension as Dimension, String(groups[i].key)));
  return known.length < all.length ? [all, known] : [all];
}

const comparisonFields = ['ratio', 'ratioLow', 'ratioHigh', 'diff', 'diffLow', 'diffHigh', 'gap', 'direction', 'stays', 'logRankP'];

function shapeEquityForFunder(body: Json, small: IsSmall): Json {
  const computed: Json[] = body.groups ?? [];
  const groups: Json[] = suppressGroups(computed, small, suppressEstimate, poolsOf(computed, body.dimension));
  if (body.metric === 'time-in-services') withholdGroupsBeyondRest(groups, computed, small);
  const reference = groups.find((g) => g.key === body.reference);
  const referenceHidden = Boolean(reference?.suppressed);
  body.groups = groups.map((g) => {
    if (!g.suppressed && !referenceHidden) return g;
    const out = { ...g };
    for (const key of comparisonFields) if (key in out) out[key] = null;
    return out;
  });
  if (body.metric === 'time-in-services') {
    // diff is a share still in services at 365 days less the reference's: where either share is withheld (few
    // followed that long), the difference would give it back. Against "rest", every known group's share counts.
    const shareWithheld = (g: Json | undefined) => !g || g.stillInServices?.['365'] == null;
    const known = (body.groups as Json[]).filter((g) => !isUnknownGroup(body.dimension as Dimension, String(g.key)));
    const referenceShareWithheld = body.reference === 'rest' ? known.some(shareWithheld) : shareWithheld(reference);
    body.groups = (body.groups as Json[]).map((g) => (referenceShareWithheld || shareWithheld(g) ? { ...g, diff: null } : g));
  }
  const hiddenLabels = (body.groups as Json[]).filter((g) => g.suppressed).map((g) => String(g.label ?? g.key).toLowerCase());
  body.statements = referenceHidden
    ? []
    : (body.statements ?? []).filter((s: string) => !hiddenLabels.some((label) => label && s.toLowerCase().includes(label)));
  // The unknown group's size could be read back from the share known.
  if ((body.groups as Json[]).some((g) => g.key === 'unknown' && g.suppressed)) body.shareKnown = null;
  return body;
}

const facilitatorFigures = [
  'n', 'events', 'rate', 'ciLow', 'ciHigh', 'shrunk', 'shrunkLow', 'shrunkHigh', 'reliability',
  'expected', 'oe', 'oeLow', 'oeHigh', 'adjustedRate', 'adjustedLow', 'adjustedHigh', 'limits', 'flag',
];

function shapeFacilitatorsForFunder(body: Json, small: IsSmall): Json {
  body.overall = suppressEstimate(body.overall, small);
  // assertMayRequest refuses `by` for funders; per-group cells are dropped here as well, so a slip fails closed.
  const points = (body.facilitators ?? []).map(({ groups: _groups, ...f }: Json) => ({ ...f, staffId: null, name: null, supervisorId: null }));
  const shaped = suppressGroups(points, small, (g) => ({ ...g, suppressed: false })).map((f) => {
    if (!f.suppressed) return f;
    // Reliability, expected counts and limits at n would each give n back.
    const out: Json = { ...f };
    for (const key of facilitatorFigures) if (key in out) out[key] = null;
    return out;
  });
  // Withheld points are not sent at all: even empty, their number is a count of facilitators.
  body.facilitators = shaped.filter((f) => !f.suppressed).sort(byFigures);
  return body;
}

function shapeWorkforceForFunder(body: Json, small: IsSmall): Json {
  shapeWorkforceFiguresForFunder(body, small, tenureIsHires(body));
  body.groups = [];
  return body;
}

const isSurvivalEstimate = (e: Json | null | undefined) => Boolean(e && Array.isArray(e.curve));

/** How many of a group were still in services (at risk) on day t: bounds read off its curve's points. */
function atRiskBounds(group: Json, t: number): [number, number] {
  const curve = (group.curve ?? []) as Json[];
  // The last point is the longest follow-up: no one is left after it.
  if (!curve.length || t > curve.at(-1)!.t) return [0, 0];
  // The first point on or after t, by bisection (a curve has a point per exit day).
  let [lo, hi] = [0, curve.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (curve[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  const next = curve[lo];
  if (next.t === t) return [next.atRisk, next.atRisk];
  return [next.atRisk, lo > 0 ? curve[lo - 1].atRisk : group.n];
}

/**
 * The ungrouped figure (by=none, another request) less the groups shown here gives the rest: the withheld groups
 * and the shown ones past their own cut. Complementary suppression over time (metrics.md 9): while the rest still
 * in services on some day could be 1 to 10, the next smallest group's curve ends before that day (a share still in
 * services likewise, by the count followed beyond its day). `computed` holds the groups as computed.
 */
function withholdGroupsBeyondRest(groups: Json[], computed: Json[], small: IsSmall): void {
  const shown = groups.map((g) => !g.suppressed);
  // Curves: each group is seen up to its last shown point.
  const seenUntil = groups.map((g, i) => (shown[i] && g.curve?.length ? g.curve.at(-1).t : -Infinity));
  const days = [...new Set(computed.flatMap((g) => (g.curve ?? []).flatMap((p: Json) => [p.t, p.t + 1])))].sort((a, b) => a - b);
  const restCouldBeSmall = (t: number) => {
    let [low, high] = [0, 0];
    for (let i = 0; i < computed.length; i++) {
      if (seenUntil[i] >= t) continue;
      const [l, h] = atRiskBounds(computed[i], t);
      [low, high] = [low + l, high + h];
    }
    return high > 0 && small(Math.max(low, 1));
  };
  for (;;) {
    // Days where some group is seen and the rest is not empty.
    const [restFrom, seenTo] = [Math.min(...seenUntil), Math.max(...seenUntil)];
    const day = days.find((t) => t > restFrom && t <= seenTo && restCouldBeSmall(t));
    if (day === undefined) break;
    const seen = computed.map((_, i) => i).filter((i) => seenUntil[i] >= day);
    const next = seen.reduce((a, b) => (atRiskBounds(computed[b], day)[0] < atRiskBounds(computed[a], day)[0] ? b : a));
    groups[next].curve = (groups[next].curve as Json[]).filter((p) => p.t < day);
    seenUntil[next] = groups[next].curve.length ? groups[next].curve.at(-1).t : -Infinity;
  }
  // Shares still in services: the rest is the groups whose share that day is not shown.
  for (const day of Object.keys(computed[0]?.followedBeyond ?? {})) {
    const hidden = (i: number) => !shown[i] || groups[i].stillInServices?.[day] == null;
    for (;;) {
      const rest = computed.reduce((sum, g, i) => sum + (hidden(i) ? (g.followedBeyond?.[day] ?? 0) : 0), 0);
      const seen = computed.map((_, i) => i).filter((i) => !hidden(i));
      if (!small(rest) || !seen.length) break;
      const next = seen.reduce((a, b) => (computed[b].followedBeyond[day] < computed[a].followedBeyond[day] ? b : a));
      withholdShares(groups[next], [day]);
    }
  }
}

/**
 * Time in services by a dimension: the overall less the shown groups is the withheld part. Where a group's share
 * still in services was withheld (or the whole group), the overall's share that day goes too; and the overall
 * curve stops where the first group's was cut (nothing of it, with a whole group withheld).
 */
function withholdOverallBeyondGroups(body: Json, computed: Json[]): void {
  const groups = body.groups as Json[];
  const overall = body.overall;
  if (overall.suppressed) return;
  const anyWithheld = groups.some((g) => g.suppressed);
  const cut = (day: string) => anyWithheld || groups.some((g, i) => g.stillInServices?.[day] == null && computed[i].stillInServices?.[day] != null);
  withholdShares(overall, Object.keys(overall.stillInServices ?? {}).filter(cut));
  const ends = groups.map((g, i) => {
    if (g.suppressed) return -Infinity;
    const kept = (g.curve ?? []) as Json[];
    return kept.length < (computed[i].curve?.length ?? 0) ? (kept.at(-1)?.t ?? -Infinity) : Infinity;
  });
  const until = Math.min(...ends);
  overall.curve = (overall.curve as Json[]).filter((p) => p.t <= until);
}

/** With the default tenure cohort, tenure's n is the number hired in the period. */
const tenureIsHires = (body: Json) => (body.params?.cohort ?? 'period') === 'period';

/**
 * In a workforce trend every quarter's headcount on its last day is its first day's plus hires less separations,
 * and the next quarter's first; a quarter's average pins its ends down too (exactly, in a quarter without
 * changes): a chain through the whole trend. Where one quarter's headcounts are withheld, every quarter's
 * headcounts go, with the turnover that gives the average back and 12-month retention, whose n is the first day's.
 */
function withholdChainedHeadcounts(periods: Json[]): void {
  if (!periods.some((row) => row.headcount && (row.headcount.start === null || row.headcount.end === null))) return;
  for (const row of periods) {
    if (!row.headcount) continue;
    row.headcount = { start: null, end: null, average: null };
    if (row.turnover) row.turnover = { all: null, allLow: null, allHigh: null, voluntary: null, voluntaryLow: null, voluntaryHigh: null };
    if (row.retention12m) row.retention12m = withheld(row.retention12m);
  }
}

/** Headcounts, separations, turnover, retention, tenure, continuity and caseload of one set of workforce figures. */
function shapeWorkforceFiguresForFunder(body: Json, small: IsSmall, hiresInTenure: boolean): Json {
  const hide = (obj: Json | null | undefined, keys: string[]) => {
    if (!obj) return;
    for (const key of keys) if (small(obj[key])) obj[key] = null;
  };
  hide(body.headcount, ['start', 'end', 'average']);
  hide(body.separations, ['all', 'voluntary']);
  // All separations less the voluntary ones are the others: a small number of them withholds the voluntary count.
  const { all, voluntary } = body.separations ?? {};
  if (typeof all === 'number' && typeof voluntary === 'number' && small(all - voluntary)) body.separations.voluntary = null;
  // Headcounts move by hires (tenure's n) less separations: with the separations or the hires withheld, the
  // headcounts on `from`, `to` and each month start (their average too) would give them back, so they go as well.
  const tenure = body.tenure;
  const hiresHidden = hiresInTenure && Boolean(tenure) && needsSuppression(tenure, small);
  // The headcount on `to` is the one on `from` plus hires less separations: one of them withheld (small) would
  // come back from the others, so both go.
  const endHidden = body.headcount && (body.headcount.start === null || body.headcount.end === null);
  // Whatever the tenure cohort, the headcounts and separations give the hires (to - from + separations).
  const { start, end } = body.headcount ?? {};
  const hires = typeof start === 'number' && typeof end === 'number' && typeof body.separations?.all === 'number' ? end - start + body.separations.all : null;
  const headcountsGiveBack = body.separations?.all === null || hiresHidden || Boolean(endHidden) || small(hires);
  if (headcountsGiveBack && body.headcount) body.headcount = { start: null, end: null, average: null };
  // One month's headcount withheld would come back from the average and the other months: all of them go.
  const monthHidden = headcountsGiveBack || (body.caseload ?? []).some((month: Json) => small(month.facilitators));
  if (body.turnover) {
    // Turnover divides separations by the average headcount: either hidden hides it.
    const averageHidden = body.headcount?.average === null;
    // Its interval gives the separations back as well.
    if (averageHidden || body.separations?.all === null) Object.assign(body.turnover, { all: null, allLow: null, allHigh: null });
    if (averageHidden || body.separations?.voluntary === null) Object.assign(body.turnover, { voluntary: null, voluntaryLow: null, voluntaryHigh: null });
  }
  // Those who left of the staff employed on `from` are separations too: a small number of them is withheld as well;
  // and its n is the headcount on `from`, withheld with the headcounts.
  const retention = body.retention12m;
  body.retention12m = retention && (headcountsGiveBack || small(retention.n - retention.events)) ? withheld(retention) : suppressEstimate(retention, small);
  body.tenure = suppressEstimate(body.tenure, small);
  body.continuity = suppressEstimate(body.continuity, small);
  if (body.caseload) body.caseload = (body.caseload as Json[]).map((month: Json) => {
    const out = { ...month };
    if (monthHidden || small(out.openEpisodes)) {
      if (monthHidden) out.facilitators = null;
      if (small(out.openEpisodes)) out.openEpisodes = null;
      out.perFacilitator = null;
    }
    return out;
  });
  return body;
}

// ------------------------------------------------------------- last defence

const countKeys = new Set(['n', 'events', 'censored', 'atRisk', 'referenceN', 'referenceEvents', 'facilitators', 'openEpisodes', 'caseload']);
const countContainers = new Set(['headcount', 'separations', 'excluded', 'followedBeyond']);

/**
 * Walks a funder's response and refuses to send it (500) when a count from 1
 * to suppressBelow - 1 is still there: a shaping bug must fail closed.
 */
export function assertNoSmallCounts(body: unknown, suppressBelow: number, container = ''): void {
  if (Array.isArray(body)) {
    for (const item of body) assertNoSmallCounts(item, suppressBelow);
    return;
  }
  if (!body || typeof body !== 'object') return;
  for (const key in body) {
    const value = (body as Json)[key];
    if ((countKeys.has(key) || countContainers.has(container)) && isSmallCount(value, suppressBelow)) {
      throw new HttpError(500, 'A figure could not be checked for small cells; nothing was sent.');
    }
    if (key !== 'params' && value && typeof value === 'object') assertNoSmallCounts(value, suppressBelow, key);
  }
}
