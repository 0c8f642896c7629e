// The workforce query parameters: groupings, tenure cohort and roles (no database).
import { describe, expect, it } from 'vitest';
import { resolveWorkforceParams, workforceParamsSchema } from '../../../../metrics/workforce/params.ts';

describe('workforce parameters', () => {
  it('accepts roles as a list or comma-separated, and only known roles and groupings', () => {
    expect(workforceParamsSchema.parse({ roles: 'facilitator,other' })).toEqual({ roles: ['facilitator', 'other'] });
    expect(workforceParamsSchema.parse({ roles: ['supervisor'], by: 'certified', cohort: 'all' })).toEqual({ roles: ['supervisor'], by: 'certified', cohort: 'all' });
    expect(workforceParamsSchema.safeParse({ roles: 'manager' }).success).toBe(false);
    expect(workforceParamsSchema.safeParse({ by: 'county' }).success).toBe(false);
    expect(workforceParamsSchema.safeParse({ cohort: 'recent' }).success).toBe(false);
    expect(workforceParamsSchema.safeParse({ from: '2024-02-01', to: '2024-01-01' }).success).toBe(false);
  });

  it('defaults to facilitators, hires in the period and the 12 full months before asOf', () => {
    // asOf 2025-06-30: June is not complete, so 2024-06-01..2025-05-31.
    expect(resolveWorkforceParams({}, '2025-06-30')).toEqual({
      from: '2024-06-01', to: '2025-05-31', minStay: 8, program: [], county: [], by: 'none', cohort: 'period', roles: ['facilitator'],
    });
    expect(resolveWorkforceParams({ roles: ['Other', 'facilitator', 'other'] }, '2025-06-30').roles).toEqual(['facilitator', 'other']);
  });
});
