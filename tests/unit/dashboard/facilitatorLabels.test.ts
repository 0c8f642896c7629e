import { describe, expect, it } from 'vitest';
import { labelled, withLabels } from '../../../dashboard/src/facilitatorLabels.ts';
import type { FacilitatorRow } from '../../../dashboard/src/types.ts';

const row = (staffId: string | null, name: string | null) => ({ staffId, name }) as FacilitatorRow;

describe('facilitator labels', () => {
  it('tells two facilitators of the same name apart by staff id, so a chart keeps a row for each', () => {
    const labels = labelled([row('S0024', 'Fatima Lopez'), row('S0003', 'Ada Byron'), row(null, null), row('S0012', 'Fatima Lopez')]).map((r) => r.label);
    expect(labels).toEqual(['Ada Byron', 'Fatima Lopez (S0012)', 'Fatima Lopez (S0024)', 'Unnamed facilitator 1']);
  });

  it('keeps the rows in their order where the caller sorts them itself (the heat map)', () => {
    expect(withLabels([row('S0024', 'Fatima Lopez'), row('S0003', 'Ada Byron'), row('S0012', 'Fatima Lopez')]).map((r) => r.label)).toEqual([
      'Fatima Lopez (S0024)', 'Ada Byron', 'Fatima Lopez (S0012)',
    ]);
  });
});
