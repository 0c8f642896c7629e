// The quarters of the facilitator trend (pure date arithmetic, no database).
import { describe, expect, it } from 'vitest';
import { lastCompleteQuarters } from '../../../../metrics/facilitators/quarters.ts';

describe('lastCompleteQuarters', () => {
  it('ends with the last quarter that has closed on asOf', () => {
    // 2024-02-10 is inside 2024-Q1, so 2023-Q4 is the last complete quarter.
    expect(lastCompleteQuarters('2024-02-10', 0, 3)).toEqual([
      { key: '2023-Q2', from: '2023-04-01', to: '2023-06-30' },
      { key: '2023-Q3', from: '2023-07-01', to: '2023-09-30' },
      { key: '2023-Q4', from: '2023-10-01', to: '2023-12-31' },
    ]);
    // On a quarter's last day that quarter is complete.
    expect(lastCompleteQuarters('2024-03-31', 0, 1)).toEqual([{ key: '2024-Q1', from: '2024-01-01', to: '2024-03-31' }]);
  });

  it('leaves room for the follow-up window', () => {
    // 2024-12-31 - 180 days = 2024-07-04: 2024-Q2 (ends 2024-06-30) is the last quarter followed 180 days.
    expect(lastCompleteQuarters('2024-12-31', 180, 1)).toEqual([{ key: '2024-Q2', from: '2024-04-01', to: '2024-06-30' }]);
    // 2025-06-29 - 180 days = 2024-12-31, the last day of 2024-Q4.
    expect(lastCompleteQuarters('2025-06-29', 180, 1)[0].key).toBe('2024-Q4');
    expect(lastCompleteQuarters('2025-06-28', 180, 1)[0].key).toBe('2024-Q3');
  });
});
