// Section 7: equity gaps with hand-computed Katz ratios and Newcombe differences.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { compareGroups, getEquity, MetricInputError, getSuccessfulExits } from '../../../../metrics/index.ts';
import { groupOfExits, loadFixture } from '../proportions/fixture.ts';

const year2023 = { from: '2023-01-01', to: '2023-12-31' };

// Exits in 2023, re-entered (or, for successful exits, completed):
// Black 10 of 20 (0.5), White 8 of 40 (0.2), Hispanic 2 of 10 (0.2), unknown 1 of 5.
const groups = [
  groupOfExits('b', 'black', 20, 10),
  groupOfExits('w', 'white', 40, 8),
  groupOfExits('h', 'hispanic_latino', 10, 2),
  groupOfExits('u', 'unknown', 5, 1),
];

describeEachDatabase('equity gaps (section 7)', (get) => {
  beforeAll(async () => {
    await loadFixture(get().warehouse, {
      asOf: '2024-12-31',
      clients: groups.flatMap((g) => g.clients),
      episodes: groups.flatMap((g) => g.episodes),
    });
  });

  it('compares each group with White clients by default', async () => {
    const result = await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity' });
    expect(result.reference).toBe('white');
    expect(result.referenceLabel).toBe('White');
    // 70 of the 75 exits have a known race or ethnicity.
    expect(result.shareKnown).toBe(70 / 75);
    expect(result.groups.map((g) => [g.key, g.n, g.events])).toEqual([['black', 20, 10], ['hispanic_latino', 10, 2], ['white', 40, 8], ['unknown', 5, 1]]);
    const [black, hispanic, white, unknown] = result.groups;
    // Black vs White: RR = 0.5 / 0.2 = 2.5; se = sqrt(1/10 - 1/20 + 1/8 - 1/40) = sqrt(0.15) = 0.387298;
    //   exp(ln 2.5 -+ 1.96 * 0.387298) = exp(0.916291 -+ 0.759104) = 1.170213 to 5.340907.
    // Newcombe: Wilson 10/20 = 0.299298..0.700702, 8/40 = 0.105000..0.347573; diff 0.3,
    //   low 0.3 - sqrt(0.200702^2 + 0.147573^2) = 0.050883, high 0.3 + sqrt(0.200702^2 + 0.095000^2) = 0.522050.
    expect(black).toMatchObject({
      ratio: 2.5, ratioLow: expect.closeTo(1.170213, 6), ratioHigh: expect.closeTo(5.340907, 6),
      diff: expect.closeTo(0.3, 12), diffLow: expect.closeTo(0.050883, 6), diffHigh: expect.closeTo(0.52205, 6),
      gap: true, direction: 'worse', isReference: false,
    });
    // Hispanic vs White: RR 1; se = sqrt(1/2 - 1/10 + 1/8 - 1/40) = sqrt(0.5); exp(-+1.385929) = 0.250091 to 3.998540: no gap.
    expect(hispanic).toMatchObject({
      ratio: 1, ratioLow: expect.closeTo(0.250091, 6), ratioHigh: expect.closeTo(3.99854, 5),
      diff: 0, diffLow: expect.closeTo(-0.205713, 6), diffHigh: expect.closeTo(0.324075, 6),
      gap: false, direction: null,
    });
    expect(white).toMatchObject({ ratio: 1, ratioLow: null, diff: 0, gap: false, direction: null, isReference: true });
    // Unknown is reported on its own, never compared.
    expect(unknown).toMatchObject({ label: 'Unknown', n: 5, events: 1, ratio: null, diff: null, gap: false, direction: null });
    expect(result.statements).toEqual(['Black clients re-entered services 2.5 times as often as White clients (95% CI 1.2 to 5.3).']);
  });

  it('pools all other known groups for reference "rest"', async () => {
    const result = await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity', reference: 'rest' });
    expect(result.reference).toBe('rest');
    const byKey = Object.fromEntries(result.groups.map((g) => [g.key, g]));
    // Black vs White + Hispanic (10 of 50): RR 2.5, se = sqrt(1/10 - 1/20 + 1/10 - 1/50) = sqrt(0.13) -> 1.233188 to 5.068165.
    expect(byKey.black).toMatchObject({ ratio: 2.5, ratioLow: expect.closeTo(1.233188, 6), ratioHigh: expect.closeTo(5.068165, 6), gap: true, direction: 'worse' });
    // White vs Black + Hispanic (12 of 30): RR 0.5, se = sqrt(1/8 - 1/40 + 1/12 - 1/30) = sqrt(0.15) -> 0.234043 to 1.068181.
    expect(byKey.white).toMatchObject({ ratio: 0.5, ratioLow: expect.closeTo(0.234043, 6), ratioHigh: expect.closeTo(1.068181, 6), gap: false, isReference: false });
    expect(byKey.white.diff).toBeCloseTo(-0.2, 12);
    // Hispanic vs Black + White (18 of 60): RR 0.2 / 0.3 = 0.666667 -> 0.181965 to 2.442469.
    expect(byKey.hispanic_latino).toMatchObject({ ratioLow: expect.closeTo(0.181965, 6), ratioHigh: expect.closeTo(2.442469, 6), gap: false });
    expect(byKey.unknown).toMatchObject({ ratio: null, gap: false });
    expect(result.statements).toEqual([
      'Black clients re-entered services 2.5 times as often as all other clients with a known race or ethnicity (95% CI 1.2 to 5.1).',
    ]);
  });

  it('compares with a chosen group and words a lower rate', async () => {
    const result = await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity', reference: 'black' });
    const byKey = Object.fromEntries(result.groups.map((g) => [g.key, g]));
    // White vs Black: RR 0.4, se sqrt(0.15) -> exp(-0.916291 -+ 0.759104) = 0.187234 to 0.854545: a gap, and re-entering less is better.
    expect(byKey.white).toMatchObject({ ratio: expect.closeTo(0.4, 12), ratioLow: expect.closeTo(0.187234, 6), ratioHigh: expect.closeTo(0.854545, 6), gap: true, direction: 'better' });
    // Hispanic vs Black: RR 0.4, se = sqrt(1/2 - 1/10 + 1/10 - 1/20) = sqrt(0.45) -> 0.107410 to 1.489614: no gap.
    expect(byKey.hispanic_latino).toMatchObject({ ratioLow: expect.closeTo(0.10741, 6), ratioHigh: expect.closeTo(1.489614, 6), gap: false });
    expect(byKey.black.isReference).toBe(true);
    expect(result.statements).toEqual(['White clients re-entered services 0.40 times as often as Black clients (95% CI 0.19 to 0.85).']);
  });

  it('never takes unknown as the reference', async () => {
    await expect(
      getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity', reference: 'unknown' }),
    ).rejects.toThrow(MetricInputError);
  });

  it('refuses a reference outside a fixed-list dimension, and takes a free-text group absent from the period', async () => {
    await expect(
      getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity', reference: 'caucasian' }),
    ).rejects.toThrow('"caucasian" is not a group of race_ethnicity.');
    await expect(getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'gender', reference: 'f' })).rejects.toThrow(MetricInputError);
    // Any case of a listed key, and `rest` in any case.
    expect((await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'race_ethnicity', reference: 'BLACK' })).reference).toBe('black');
    expect((await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'age_group', reference: 'Rest' })).reference).toBe('rest');
    // A program is free text: one with no exits in the period is a reference without figures.
    const program = await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'program', reference: 'closed program' });
    expect([program.reference, program.referenceLabel, program.statements]).toEqual(['closed program', null, []]);
  });

  it('uses the metric polarity for successful exits', async () => {
    const result = await getEquity(get().warehouse, { ...year2023, metric: 'successful-exits', dimension: 'race_ethnicity' });
    // Successes are the same counts (completed exits): Black 10/20 vs White 8/40, RR 2.5 (1.170213 to 5.340907), higher is better.
    const black = result.groups.find((g) => g.key === 'black')!;
    expect(black).toMatchObject({ n: 20, events: 10, ratio: 2.5, gap: true, direction: 'better' });
    expect(result.statements).toEqual(['Black clients left services successfully 2.5 times as often as White clients (95% CI 1.2 to 5.3).']);
  });

  it('gives no ratio when a group or the reference has no events, and no statement without a reference', async () => {
    const success = await getSuccessfulExits(get().warehouse, { ...year2023, by: 'race_ethnicity' });
    // Only Black and unknown exits remain: the default reference White is absent.
    const noWhite = { ...success, groups: success.groups.filter((g) => g.key !== 'white' && g.key !== 'hispanic_latino') };
    const result = compareGroups('successful-exits', 'race_ethnicity', undefined, noWhite);
    expect(result.reference).toBeNull();
    expect(result.groups.every((g) => g.ratio === null && !g.gap)).toBe(true);
    expect(result.statements).toEqual([]);
    // A group with 0 events against White: the Katz interval is undefined, the difference is not.
    const zero = { ...success, groups: success.groups.map((g) => (g.key === 'hispanic_latino' ? { ...g, events: 0 } : g)) };
    const hispanic = compareGroups('successful-exits', 'race_ethnicity', undefined, zero).groups.find((g) => g.key === 'hispanic_latino')!;
    // diff = 0 - 0.2 = -0.2
    expect(hispanic).toMatchObject({ ratio: null, ratioLow: null, gap: false, diff: expect.closeTo(-0.2, 12) });
  });

  it('uses the largest known group as the default reference of other dimensions', async () => {
    const result = await getEquity(get().warehouse, { ...year2023, metric: 'reentry', dimension: 'gender' });
    // Every fixture client is female: one group, the reference, shareKnown 1.
    expect(result.reference).toBe('female');
    expect(result.shareKnown).toBe(1);
    expect(result.groups).toHaveLength(1);
    expect(result.statements).toEqual([]);
  });
});
