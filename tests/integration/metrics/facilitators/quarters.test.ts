// The quarters of the facilitator trend (pure date arithmetic, no database).
import { describe, expect, it } from 'vitest';
import { lastCompleteQuarters } from '../../../../metrics/facilitators/quarters.ts';

describe('lastCompleteQuarters', () => {
  it('ends with the last quarter that has closed on asOf', () => {
    // 2024-02-10 is inside 2024-Q1, so 2023-Q4 is the last complete quarter.
    expect(lastCompleteQuarters('2024-02-10', 3)).toEqual([
      { key: '2023-Q2', from: '2023-04-01', to: '2023-06-30' },
      { key: '2023-Q3', from: '2023-07-01', to: '2023-09-30' },
      { key: '2023-Q4', from: '2023-10-01', to: '2023-12-31' },
    ]);
    // On a quarter's last day that quarter is complete.
    expect(lastCompleteQuarters('2024-03-31', 1)).toEqual([{ key: '2024-Q1', from: '2024-01-01', to: '2024-03-31' }]);
  });
});
