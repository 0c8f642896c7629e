// The JSON the pages read (interfaces.md); type-only, so nothing of ours is bundled from outside dashboard/.
import type { ProportionEstimate, SurvivalEstimate, MetricResponse, Group, ResolvedParams } from '../../metrics/types.ts';

export type { ProportionEstimate, SurvivalEstimate, MetricResponse, Group, ResolvedParams };

export type Role = 'leader' | 'supervisor' | 'funder';
export interface Me { username: string; role: Role; staffId: string | null }

export interface Health { status: string; database: string; asOf: string | null; lastImport: { id: number; finishedAt: string | null; status: string } | null; suppressBelow: number }

export interface Filters { asOf: string | null; programs: { key: string; label: string }[]; counties: string[]; period: { first: string | null; last: string | null } }

export interface FunnelLimits { lower95: number | null; upper95: number | null; lower998: number | null; upper998: number | null }
export interface FacilitatorRow {
  staffId: string | null; name: string | null; supervisorId?: string | null;
  n: number | null; events: number | null; rate: number | null; ciLow: number | null; ciHigh: number | null;
  shrunk: number | null; shrunkLow: number | null; shrunkHigh: number | null; reliability?: number | null;
  expected: number | null; oe: number | null; oeLow: number | null; oeHigh: number | null;
  adjustedRate?: number | null; adjustedLow?: number | null; adjustedHigh?: number | null;
  limits: FunnelLimits; flag: 'alert' | 'watch' | 'exemplary' | null; suppressed?: boolean;
  /** With `by` (a client dimension): the facilitator's cases per group (leaders; a supervisor's own team). */
  groups?: Group<ProportionEstimate>[];
}
export interface FacilitatorsResponse {
  /** minimumCell: a funder's comparison leaves out facilitators with fewer cases or events (none counts). */
  metric: string; params: ResolvedParams & { minimumCell?: number }; asOf: string | null; overall: ProportionEstimate;
  funnel: { phi: number; tau2: number }; prior: { a: number; b: number };
  spread: { p10: number | null; p90: number | null; sd: number | null };
  facilitators: FacilitatorRow[];
}

export interface FacilitatorDetail {
  metric: string; params: ResolvedParams; asOf: string | null;
  facilitator: { staffId: string; name: string; supervisorId: string | null; supervisorName: string | null; hireDate: string; separationDate: string | null; certifiedDate: string | null; caseload: number };
  figures: Record<string, { facilitator: ProportionEstimate; agency: ProportionEstimate }>;
  trend: { quarter: string; facilitator: ProportionEstimate; agency: ProportionEstimate }[];
  caseloadByGroup: { dimension: string; key: string; label: string; n: number }[];
  equity: { dimension: string; key: string; label: string; ratio: number | null; ratioLow: number | null; ratioHigh: number | null; n: number; events: number; referenceN: number; referenceEvents: number }[];
  certification: { before: ProportionEstimate; after: ProportionEstimate } | null;
}

export type EquityGroup = Group<ProportionEstimate & Partial<SurvivalEstimate>> & {
  ratio: number | null; ratioLow: number | null; ratioHigh: number | null;
  diff: number | null; diffLow: number | null; diffHigh: number | null;
  gap: boolean | null; direction: 'worse' | 'better' | null; logRankP?: number | null; isReference?: boolean;
};
export interface EquityResponse {
  metric: string; dimension: string; reference: string; params: ResolvedParams; asOf: string | null;
  shareKnown: number | null; groups: EquityGroup[]; statements: string[]; logRankP?: number | null;
}

export interface WorkforceFigures {
  headcount: { start: number | null; end: number | null; average: number | null };
  separations: { all: number | null; voluntary: number | null };
  turnover: {
    all: number | null; allLow: number | null; allHigh: number | null;
    voluntary: number | null; voluntaryLow: number | null; voluntaryHigh: number | null;
  };
  retention12m: ProportionEstimate | null;
  tenure: SurvivalEstimate | null;
  continuity: ProportionEstimate | null;
  caseload?: { month: string; facilitators: number; openEpisodes: number; perFacilitator: number | null }[];
  suppressed?: boolean;
}
export type WorkforceResponse = WorkforceFigures & {
  metric: 'workforce'; params: ResolvedParams; asOf: string | null;
  caseload: { month: string; facilitators: number; openEpisodes: number; perFacilitator: number | null }[];
  groups: ({ key: string; label: string } & WorkforceFigures)[];
};

export interface ImportRun {
  id: number; status: string; startedAt?: string | null; finishedAt?: string | null; folder?: string; asOf?: string | null;
  source?: string | null; replaceAll?: boolean; files?: Record<string, { read: number; loaded: number; rejected: number }>;
  warnings?: string[]; message?: string | null;
}
export interface RejectRow { file: string; line: number; column?: string | null; columnName?: string | null; reason: string; rawLine?: string | null; raw?: string | null }

export type { TrendMetric } from '../../metrics/trend/getTrend.ts';
import type { TrendMetric } from '../../metrics/trend/getTrend.ts';
/** GET /api/trend: each quarter's key and days with the metric's figure (a workforce quarter: its figures). */
export interface TrendResponse {
  metric: TrendMetric; params: ResolvedParams; asOf: string | null;
  periods: ({ period: string; from: string; to: string } & Partial<ProportionEstimate> & Partial<SurvivalEstimate> & Partial<WorkforceFigures>)[];
}
