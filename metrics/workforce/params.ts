// The workforce parameters: the common period (program and county reach only
// continuity), plus how to group, which hires make the tenure cohort and which roles count.
import { z } from 'zod';
import { listParam, metricParamsObject, resolveParams } from '../params.ts';
import type { MetricParams } from '../types.ts';
import { staffRoles, workforceGroupings, type WorkforceBy } from './groups.ts';

export type TenureCohort = 'period' | 'all';

export type WorkforceParams = Omit<MetricParams, 'by'> & { by?: WorkforceBy; cohort?: TenureCohort; roles?: string[] };

/** The parameters actually used (ResolvedParams' index signature defeats Omit, so they are spelled out). */
export interface ResolvedWorkforceParams {
  from: string;
  to: string;
  minStay: number;
  program: string[];
  county: string[];
  by: WorkforceBy;
  cohort: TenureCohort;
  roles: string[];
}

/** For the API and the CLI: the query string of GET /api/metrics/workforce. */
// `window` is a common parameter (interfaces.md): accepted, as by successful exits, and of no effect here.
export const workforceParamsSchema = metricParamsObject
  .omit({ by: true })
  .extend({
    by: z.enum(workforceGroupings).optional(),
    cohort: z.enum(['period', 'all']).optional(),
    roles: z.preprocess((v) => (typeof v === 'string' ? v.split(',') : v), listParam.pipe(z.array(z.enum(staffRoles)).optional())),
  })
  .refine((p) => !(p.from && p.to && p.from > p.to), { message: 'from must be on or before to', path: ['from'] });

/** The defaults of metrics.md: the 12 full calendar months before asOf, facilitators only, hires in the period. */
export function resolveWorkforceParams(params: WorkforceParams, asOf: string | null): ResolvedWorkforceParams {
  const { by, cohort, roles, ...common } = params;
  const resolved = resolveParams('workforce', common, asOf);
  return {
    from: resolved.from,
    to: resolved.to,
    minStay: resolved.minStay,
    program: resolved.program,
    county: resolved.county,
    by: by ?? 'none',
    cohort: cohort ?? 'period',
    roles: roles && roles.length > 0 ? [...new Set(roles.map((r) => r.trim().toLowerCase()))].sort() : ['facilitator'],
  };
}
