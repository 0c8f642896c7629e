// Why an equity answer compared nothing decides the Equity page's answer and the Overview's largest gap: each
// reason from a response shaped as the API sends it (a funder's withheld groups carry `suppressed: true`).
import { describe, expect, it } from 'vitest';
import { nothingCompared } from '../../../dashboard/src/pages/common.ts';

const group = (key: string, suppressed = false) => ({ key, suppressed }) as never;

describe('nothingCompared', () => {
  it('names a withheld reference before anything else', () => {
    expect(nothingCompared({ reference: 'white', groups: [group('white', true), group('black', true)] })).toBe('reference withheld');
  });

  it('names a reference without records in the selection, but never "all other groups"', () => {
    expect(nothingCompared({ reference: 'white', groups: [group('black'), group('asian')] })).toBe('reference absent');
    expect(nothingCompared({ reference: 'rest', groups: [group('black'), group('asian')] })).toBeNull();
  });

  it('tells every other group withheld from no other group at all; Unknown is never compared, so it counts as neither', () => {
    expect(nothingCompared({ reference: 'white', groups: [group('white'), group('black', true), group('unknown')] })).toBe('others withheld');
    expect(nothingCompared({ reference: 'rest', groups: [group('black', true), group('asian', true)] })).toBe('others withheld');
    expect(nothingCompared({ reference: 'white', groups: [group('white'), group('unknown')] })).toBe('no others');
    expect(nothingCompared({ reference: 'white', groups: [group('white')] })).toBe('no others');
  });

  it('is null when one group besides the reference is shown', () => {
    expect(nothingCompared({ reference: 'white', groups: [group('white'), group('black', true), group('asian')] })).toBeNull();
    expect(nothingCompared({ reference: 'rest', groups: [group('black', true), group('asian')] })).toBeNull();
  });
});
