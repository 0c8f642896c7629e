// The per-episode neighbours in episode_facts (prior episodes, previous exit, next entry, previous
// eligible exit) are computed two ways in sql/marts/010_episode_facts.sql: pairs of a client's episodes
// for clients with up to 50 episodes, window frames for clients with more (pairs would grow with the
// square). Both are checked here against the definitions, written as plain loops, on a client whose
// pattern repeats with concurrent episodes, same-day exits and entries, short stays, moves and open episodes.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { loadFixture, type EpisodeRow } from './proportions/fixture.ts';

const day = (iso: string, days: number) => new Date(Date.parse(iso) + days * 86_400_000).toISOString().slice(0, 10);

/** `blocks` repetitions of a 6-episode pattern, 200 days apart; ids sort in byte order, not in date order. */
function client(id: string, blocks: number): EpisodeRow[] {
  const rows: EpisodeRow[] = [];
  for (let k = 0; k < blocks; k++) {
    const t = day('2015-01-01', 200 * k);
    const e = (n: string) => `${id}-${String(99 - k).padStart(2, '0')}${n}`;
    rows.push(
      [e('a'), id, t, day(t, 40), 'completed'], // eligible exit
      [e('b'), id, day(t, 10), day(t, 40), 'disengaged'], // concurrent, same exit day (tie broken by id)
      [e('c'), id, day(t, 40), day(t, 45), 'completed'], // starts on the exit day (not a re-entry), 5 days: short
      [e('d'), id, day(t, 60), day(t, 100), 'moved'], // not a community exit
      [e('e'), id, day(t, 60), day(t, 150), 'other'], // same start day as d
    );
    if (k === blocks - 1) rows.push([e('f'), id, day(t, 120), null, null]); // still open
  }
  return rows;
}

interface Expected {
  episode_id: string;
  prior_episodes: number;
  days_since_prev_end: number | null;
  days_to_next_entry: number | null;
  prev_eligible_end: string | null;
}

/** metrics.md's definitions as loops over one client's episodes. */
function expected(rows: EpisodeRow[]): Expected[] {
  const days = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
  const eligible = (r: EpisodeRow) => r[3] !== null && ['completed', 'stepped_down', 'disengaged', 'other'].includes(r[4]!) && days(r[2], r[3]!) >= 8;
  return rows.map((a) => {
    const [id, , start, end] = a;
    const prevEnds = rows.filter((b) => b[3] !== null && b[3] < start).map((b) => b[3]!);
    const nextStarts = end === null ? [] : rows.filter((b) => b[2] > end).map((b) => b[2]);
    const earlierEligible = end === null ? [] : rows.filter((b) => eligible(b) && (b[3]! < end || (b[3] === end && b[0] < id))).map((b) => b[3]!);
    return {
      episode_id: id,
      prior_episodes: rows.filter((b) => b[2] < start).length,
      days_since_prev_end: prevEnds.length ? days(prevEnds.sort().at(-1)!, start) : null,
      days_to_next_entry: nextStarts.length ? days(end!, nextStarts.sort()[0]) : null,
      prev_eligible_end: earlierEligible.length ? earlierEligible.sort().at(-1)! : null,
    };
  });
}

describeEachDatabase('episode_facts neighbours', (get) => {
  const light = client('light', 8); // 41 episodes: pairs
  const heavy = client('heavy', 12); // 61 episodes: window frames
  beforeAll(async () => {
    await loadFixture(get().warehouse, { asOf: '2025-06-30', episodes: [...light, ...heavy] });
  });

  const stored = async (clientId: string) =>
    (
      await get().warehouse.withClient((c) =>
        c.query<Expected>(
          `SELECT episode_id, prior_episodes, days_since_prev_end, days_to_next_entry, prev_eligible_end
           FROM episode_facts WHERE client_id = $1 ORDER BY episode_id COLLATE "C"`,
          [clientId],
        ),
      )
    ).rows;
  const byId = (rows: Expected[]) => [...rows].sort((a, b) => (a.episode_id < b.episode_id ? -1 : 1));

  it('a client with up to 50 episodes (pairs) matches the definitions', async () => {
    expect(light.length).toBeLessThanOrEqual(50);
    expect(await stored('light')).toEqual(byId(expected(light)));
  });

  it('a client with more than 50 episodes (window frames) matches the definitions', async () => {
    expect(heavy.length).toBeGreaterThan(50);
    const rows = await stored('heavy');
    expect(rows).toEqual(byId(expected(heavy)));
    // The pattern's tricky cases are really there: a same-day tie, a concurrent start, an open episode.
    expect(rows.filter((r) => r.prev_eligible_end !== null).length).toBeGreaterThan(20);
    expect(rows.some((r) => r.days_to_next_entry === null)).toBe(true);
  });
});
