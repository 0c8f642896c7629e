// The shared parameter schemas and the default period (no database needed).
import { describe, expect, it } from 'vitest';
import { equityParamsSchema, metricParamsSchema, resolveParams } from '../../../../metrics/index.ts';

describe('metric parameters', () => {
  it('accepts query-string text and repeated filters', () => {
    expect(metricParamsSchema.parse({ from: '2024-02-29', to: '2024-12-31', window: '730', minStay: '0', program: 'Wrap', county: ['Lake', 'River'], by: 'county' }))
      .toEqual({ from: '2024-02-29', to: '2024-12-31', window: 730, minStay: 0, program: ['Wrap'], county: ['Lake', 'River'], by: 'county' });
    expect(metricParamsSchema.parse({})).toEqual({});
  });

  const refused: [string, Record<string, unknown>][] = [
    ['from', { from: '2023-02-30' }],
    ['from', { from: '2023/01/01' }],
    ['to', { to: '2023-13-45' }],
    ['from', { from: '2024-01-02', to: '2024-01-01' }],
    ['window', { window: '200' }],
    ['window', { window: '' }],
    ['minStay', { minStay: '' }],
    ['minStay', { minStay: '366' }],
    ['minStay', { minStay: '7.5' }],
    ['minStay', { minStay: '-1' }],
    ['program', { program: ['x'.repeat(201)] }],
    ['county', { county: [''] }],
    ['by', { by: 'colour' }],
  ];
  for (const [path, input] of refused) {
    it(`refuses ${JSON.stringify(input).slice(0, 60)} naming ${path}`, () => {
      const result = metricParamsSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(result.error!.issues[0].path[0]).toBe(path);
    });
  }

  it('gives the equity extras their defaults and refuses an unknown metric or dimension', () => {
    expect(equityParamsSchema.parse({})).toEqual({ metric: 'reentry', dimension: 'race_ethnicity' });
    expect(equityParamsSchema.safeParse({ metric: 'workforce' }).success).toBe(false);
    expect(equityParamsSchema.safeParse({ dimension: 'none' }).success).toBe(false);
  });

  it('defaults to the 12 full months before asOf, shifted back by whole months for re-entry', () => {
    // asOf 2025-06-30: July is not over, so the months are 2024-06..2025-05; shifts 6, 12, 24 months.
    expect(resolveParams('successful-exits', {}, '2025-06-30')).toEqual({ from: '2024-06-01', to: '2025-05-31', minStay: 8, program: [], county: [], by: 'none' });
    expect(resolveParams('reentry', { window: 180 }, '2025-06-30')).toMatchObject({ from: '2023-12-01', to: '2024-11-30', window: 180 });
    expect(resolveParams('reentry', {}, '2025-06-30')).toMatchObject({ from: '2023-06-01', to: '2024-05-31', window: 365 });
    expect(resolveParams('reentry', { window: 730 }, '2025-03-01')).toMatchObject({ from: '2022-03-01', to: '2023-02-28', window: 730 });
    // Only one bound given: the other makes a 12-month period with it.
    expect(resolveParams('reentry', { from: '2024-02-29' }, '2025-06-30')).toMatchObject({ from: '2024-02-29', to: '2025-02-28' });
    expect(resolveParams('reentry', { to: '2024-02-29' }, '2025-06-30')).toMatchObject({ from: '2023-03-01', to: '2024-02-29' });
  });
});
