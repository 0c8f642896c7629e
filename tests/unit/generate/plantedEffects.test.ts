// The planted effects in truth.json show in raw counts taken straight from the CSV files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../../etl/generate/index.ts';
import { day, rate, readExtract, reentryOutcomes, type Extract } from './readExtract.ts';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

describe.each([1, 2])('planted effects, seed %i', (seed) => {
  let root: string;
  let x: Extract;
  let outcomes: ReturnType<typeof reentryOutcomes>;
  const planted = (staffId: string) => x.truth.facilitators.find((f) => f.staffId === staffId)!;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'generate-effects-'));
    await generateExtract(root, { seed, clients: 5000, facilitators: 100 });
    x = readExtract(root);
    outcomes = reentryOutcomes(x);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists every facilitator with its planted effects and the groups', () => {
    const { facilitators, reentry, disparity } = x.truth;
    expect(facilitators).toHaveLength(100);
    expect(reentry.struggling).toEqual(facilitators.filter((f) => f.struggling).map((f) => f.staffId));
    expect(reentry.struggling.length).toBeGreaterThan(5);
    expect(reentry.exemplary.length).toBeGreaterThan(5);
    expect(disparity.amplifying.length).toBeGreaterThan(5);
    expect(disparity.equitable.length).toBeGreaterThan(5);
    for (const f of facilitators) expect(f.reentryOddsRatio).toBeCloseTo(Math.exp(f.reentryEffect), 3);
  });

  it("struggling facilitators' community exits re-enter within 365 days more often than exemplary ones'", () => {
    const struggling = rate(outcomes.filter((o) => planted(o.episode.facilitator_id).struggling));
    const exemplary = rate(outcomes.filter((o) => planted(o.episode.facilitator_id).exemplary));
    expect(struggling.n).toBeGreaterThan(150);
    expect(exemplary.n).toBeGreaterThan(150);
    // Planted odds ratio exp(1.6) = 5; diluted by concurrent services, it still shows as 1.5 times or more.
    expect(struggling.rate).toBeGreaterThan(1.5 * exemplary.rate);
  });

  it('black clients re-enter more often than white clients, and more so with amplifying facilitators', () => {
    const race = new Map(x.clients.map((c) => [c.client_id, c.race_ethnicity]));
    const ratio = (keep: (staffId: string) => boolean) => {
      const mine = outcomes.filter((o) => keep(o.episode.facilitator_id));
      const black = rate(mine.filter((o) => race.get(o.episode.client_id) === 'black'));
      const white = rate(mine.filter((o) => race.get(o.episode.client_id) === 'white'));
      return black.rate / white.rate;
    };
    // Planted odds ratio exp(0.6) = 1.82 for an average facilitator.
    expect(ratio(() => true)).toBeGreaterThan(1.3);
    const amplifying = new Set(x.truth.disparity.amplifying);
    const equitable = new Set(x.truth.disparity.equitable);
    expect(ratio((id) => amplifying.has(id))).toBeGreaterThan(ratio((id) => equitable.has(id)));
  });

  it('struggling facilitators separate more often per year employed than exemplary ones', () => {
    const start = day('2019-01-01'), asOf = day('2025-06-30');
    const perYear = (kind: 'struggling' | 'exemplary') => {
      let separations = 0, years = 0;
      for (const s of x.staff.filter((s) => s.role === 'facilitator' && planted(s.staff_id)[kind])) {
        const leaves = s.separation_date ? day(s.separation_date) : asOf;
        years += Math.max(0, leaves - Math.max(start, day(s.hire_date))) / 365.25;
        if (s.separation_date) separations++;
      }
      return separations / years;
    };
    // Planted annual hazards: 0.6 against 0.12.
    expect(perYear('struggling')).toBeGreaterThan(2 * perYear('exemplary'));
    const involuntary = (kind: 'struggling' | 'exemplary') =>
      x.staff.filter((s) => s.separation_reason === 'involuntary' && s.role === 'facilitator' && planted(s.staff_id)[kind]).length;
    expect(involuntary('struggling')).toBeGreaterThan(involuntary('exemplary'));
  });

  it("re-entry after a facilitator's certification is lower than before it", () => {
    const certified = new Map(x.staff.filter((s) => s.certified_date).map((s) => [s.staff_id, s.certified_date]));
    const mine = outcomes.filter((o) => certified.has(o.episode.facilitator_id));
    const before = rate(mine.filter((o) => o.episode.end_date < certified.get(o.episode.facilitator_id)!));
    const after = rate(mine.filter((o) => o.episode.end_date >= certified.get(o.episode.facilitator_id)!));
    expect(before.n).toBeGreaterThan(300);
    expect(after.n).toBeGreaterThan(300);
    // Planted odds ratio exp(-0.6) = 0.55.
    expect(after.rate).toBeLessThan(0.9 * before.rate);
  });

  it('struggling facilitators keep cases longer and complete fewer of them', () => {
    const closed = x.episodes.filter((e) => e.end_date && day(e.end_date) - day(e.start_date) >= 8);
    const of = (kind: 'struggling' | 'exemplary') => closed.filter((e) => planted(e.facilitator_id)[kind]);
    const stay = (episodes: typeof closed) => median(episodes.map((e) => day(e.end_date) - day(e.start_date)));
    const completed = (episodes: typeof closed) => episodes.filter((e) => e.exit_reason === 'completed').length / episodes.length;
    // Planted length-of-stay multipliers: 1.5 against 0.8; a leaver's long cases close under someone else, so less shows.
    expect(stay(of('struggling'))).toBeGreaterThan(1.15 * stay(of('exemplary')));
    expect(completed(of('struggling'))).toBeLessThan(completed(of('exemplary')));
  });
});
