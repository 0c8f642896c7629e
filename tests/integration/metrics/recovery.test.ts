// On a generated extract, the re-entry disparity planted in truth.json shows in
// the equity figures: in its direction and roughly its size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { generateExtract, type Truth } from '../../../etl/generate/index.ts';
import { importExtract } from '../../../etl/importExtract.ts';
import { getEquity, getReentry, type EquityResponse } from '../../../metrics/index.ts';

// Exits from the generator's start to a year before its as-of date: every one has full follow-up.
const period = { from: '2019-01-01', to: '2024-06-30' };
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-recovery-'));
let truth: Truth;

beforeAll(async () => {
  truth = await generateExtract(folder, { seed: 1, clients: 4000, start: '2019-01-01', asOf: '2025-06-30' });
}, 120_000);
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/**
 * The rate ratio to White that truth implies at the observed White rate: the
 * planted log-odds scaled by each facilitator kind's disparity amplifier,
 * averaged over the kinds' shares (a marginal, not a typical-facilitator, ratio).
 */
function impliedRatio(race: string, whiteRate: number): number {
  const { amplifying, equitable, typical } = truth.model.disparityAmplifier;
  const logit = Math.log(whiteRate / (1 - whiteRate));
  const rateAt = (amplifier: number) => 1 / (1 + Math.exp(-(logit + truth.disparity.logOdds[race] * amplifier)));
  const typicalShare = 1 - amplifying.share - equitable.share;
  const rate = amplifying.share * rateAt(amplifying.value) + equitable.share * rateAt(equitable.value) + typicalShare * rateAt(typical);
  return rate / whiteRate;
}

describeEachDatabase('recovery of the planted disparity', (get) => {
  let equity: EquityResponse;
  beforeAll(async () => {
    const result = await importExtract(get().warehouse, folder);
    expect(result.status).toBe('committed');
    equity = (await getEquity(get().warehouse, { ...period, metric: 'reentry', dimension: 'race_ethnicity' })) as EquityResponse;
  }, 120_000);

  it('overall re-entry is near the planted base rate', async () => {
    const reentry = await getReentry(get().warehouse, period);
    expect(reentry.overall.n).toBeGreaterThan(1000);
    expect(Math.abs(reentry.overall.rate! - truth.reentry.baseRate)).toBeLessThan(0.05);
  });

  it('shows the largest planted gap (Black clients) as a gap in the worse direction', () => {
    const black = equity.groups.find((g) => g.key === 'black')!;
    // Planted: the largest log-odds among groups with hundreds of exits.
    expect(truth.disparity.logOdds.black).toBeGreaterThan(0.4);
    expect(black.n).toBeGreaterThan(300);
    expect(black).toMatchObject({ gap: true, direction: 'worse' });
    expect(black.ratio!).toBeGreaterThan(1);
    expect(black.diff!).toBeGreaterThan(0);
    expect(equity.statements.filter((line) => /^Black clients re-entered services \d+\.\d times as often as White clients \(95% CI /.test(line))).toHaveLength(1);
  });

  it('has the size truth implies inside the 95% interval of each large group', () => {
    const white = equity.groups.find((g) => g.key === 'white')!;
    expect(white.isReference).toBe(true);
    for (const race of ['black', 'hispanic_latino', 'asian']) {
      const group = equity.groups.find((g) => g.key === race)!;
      const implied = impliedRatio(race, white.rate!);
      expect([race, group.ratioLow! <= implied && implied <= group.ratioHigh!]).toEqual([race, true]);
    }
  });

  it('reports unknown on its own and the share known', () => {
    const unknown = equity.groups.find((g) => g.key === 'unknown');
    expect(unknown?.ratio ?? null).toBeNull();
    expect(equity.shareKnown).toBeGreaterThan(0.8);
    expect(equity.shareKnown).toBeLessThan(1);
  });
});
