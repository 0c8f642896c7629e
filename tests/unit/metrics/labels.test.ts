// metrics/ may not import etl/ (architecture.md), so the fixed group lists are written there again: kept equal here.
import { describe, expect, it } from 'vitest';
import { enumValues } from '../../../etl/contract.ts';
import { fixedGroupKeys, groupLabel } from '../../../metrics/labels.ts';

describe('fixed group keys', () => {
  it("are the contract's values of race and ethnicity and of gender, less unknown", () => {
    expect(fixedGroupKeys.race_ethnicity).toEqual(enumValues.race_ethnicity.filter((v) => v !== 'unknown'));
    expect(fixedGroupKeys.gender).toEqual(enumValues.gender.filter((v) => v !== 'unknown'));
  });

  it('give every race and ethnicity its OMB label', () => {
    expect(fixedGroupKeys.race_ethnicity!.map((k) => groupLabel('race_ethnicity', k, null))).toEqual([
      'American Indian or Alaska Native', 'Asian', 'Black', 'Hispanic or Latino', 'Middle Eastern or North African',
      'Native Hawaiian or Pacific Islander', 'White', 'Multiracial',
    ]);
  });
});
