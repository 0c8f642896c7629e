// The caseload mart (sql/marts/030_facilitator_caseload.sql) counts, on every
// month start, exactly what a direct range join over episodes and assignments counts.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../helpers/databases.ts';
import { loadWarehouse, type AssignmentRow, type EpisodeRow } from '../timeInServices/warehouseFixture.ts';

/** A small seeded generator, so the fixture is the same on every run and engine. */
function lcg(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    // The high bits: an LCG's low bits cycle with a short period.
    return Math.floor((state / 2147483648) * n);
  };
}

const nextMonthStart = (d: string) => new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 1)).toISOString().slice(0, 10);
const day = (base: string, plus: number) => new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

// 150 episodes over 2023-2024 among 6 facilitators; half get 1-3 assignments
// (handovers on any day, some on the 1st, on the last day or the day after, the last one open-ended), some episodes stay open.
function randomAgency() {
  const next = lcg(2024);
  const staffIds = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
  const episodes: EpisodeRow[] = [];
  const assignments: AssignmentRow[] = [];
  for (let i = 0; i < 150; i++) {
    const start = day('2023-01-01', next(600));
    const length = next(5) === 0 ? null : next(200);
    const end = length === null || day(start, length) > '2024-12-31' ? null : day(start, length);
    const id = `e${i}`;
    episodes.push({ id, client: `c${i % 40}`, start, end, facilitator: staffIds[next(6)] });
    if (next(2) === 0) {
      let from = start;
      const handovers = next(3);
      for (let h = 0; h <= handovers; h++) {
        const last = h === handovers;
        // Handovers on any day, a third of them on the first of the next month.
        const until = last ? null : next(3) === 0 ? nextMonthStart(from) : day(from, 1 + next(60));
        if (until !== null && (end === null ? until > '2024-12-31' : until >= end)) break;
        assignments.push({ episode: id, staff: staffIds[next(6)], start: from, end: until });
        // Half the handovers on the last day itself, half the next day (the last day then belongs to the one leaving).
        if (until) from = next(2) === 0 ? until : day(until, 1);
      }
    }
  }
  return {
    asOf: '2024-12-31',
    staff: staffIds.map((id) => ({ id, hired: '2020-01-01' })),
    clients: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}` })),
    episodes,
    // (episode, staff, start) is the key: keep the first of any duplicate.
    assignments: assignments.filter((a, i) => assignments.findIndex((b) => b.episode === a.episode && b.staff === a.staff && b.start === a.start) === i),
  };
}

const directCountSql = `
-- Carriers: assignments up to their last day, which is the next one's when it starts that day (an open-ended one
-- ends with the episode), else the facilitator of record; nobody carries an episode on its exit day.
WITH carriers AS (
  SELECT a.staff_id, a.start_date, a.end_date AS last_day, e.end_date AS exit_date,
         EXISTS (SELECT 1 FROM assignments n WHERE n.episode_id = a.episode_id AND n.start_date = a.end_date
                   AND (n.staff_id, n.start_date) <> (a.staff_id, a.start_date)) AS handed_over
  FROM assignments a JOIN episodes e USING (episode_id)
  UNION ALL
  SELECT e.facilitator_id, e.start_date, NULL, e.end_date, false FROM episodes e WHERE NOT EXISTS (SELECT 1 FROM assignments a WHERE a.episode_id = e.episode_id)
),
-- Every month start the data covers.
months AS (SELECT generate_series('2023-01-01'::date, '2024-12-01'::date, interval '1 month')::date AS month)
SELECT m.month, c.staff_id, count(*)::int AS open_episodes
FROM months m JOIN carriers c
  ON c.start_date <= m.month AND (c.exit_date IS NULL OR m.month < c.exit_date)
 AND (c.last_day IS NULL OR m.month < c.last_day OR (m.month = c.last_day AND NOT c.handed_over))
GROUP BY m.month, c.staff_id
ORDER BY m.month, c.staff_id`;

describeEachDatabase('facilitator caseload mart', (get) => {
  const agency = randomAgency();

  beforeAll(async () => {
    await loadWarehouse(get().warehouse, agency);
  });

  it('matches a direct range join on every month start', async () => {
    const { mart, direct } = await get().warehouse.withClient(async (c) => ({
      mart: (await c.query('SELECT month, staff_id, open_episodes FROM facilitator_caseload ORDER BY month, staff_id')).rows,
      direct: (await c.query(directCountSql)).rows,
    }));
    // The fixture must exercise assignments and open episodes, or the comparison proves little.
    expect(agency.assignments.length).toBeGreaterThan(50);
    expect(agency.episodes.filter((e) => !e.end).length).toBeGreaterThan(10);
    expect(direct.length).toBeGreaterThan(100);
    expect(mart).toEqual(direct);
  });
});

describeEachDatabase('facilitator caseload mart, one-day assignments', (get) => {
  // Episode e1 opens 2023-05-20 and stays open (asOf 2023-07-15). f1 carries it to 2023-05-31, f2 for one day,
  // 2023-06-01, f3 from 2023-06-02. Episode e2 opens 2023-06-01 with two assignments starting that day: f1 for
  // that one day, handing over to f2 the same day, so f1 carries nothing of it. Hand count on each month start:
  //   2023-06-01: e1 -> f2 (its last day, nobody else starts then), e2 -> f2 (handed over that day) => f2: 2
  //   2023-07-01: e1 -> f3, e2 -> f2                                                              => f2: 1, f3: 1
  beforeAll(async () => {
    await loadWarehouse(get().warehouse, {
      asOf: '2023-07-15',
      staff: ['f1', 'f2', 'f3'].map((id) => ({ id, hired: '2020-01-01' })),
      clients: [{ id: 'c1' }, { id: 'c2' }],
      episodes: [
        { id: 'e1', client: 'c1', start: '2023-05-20', end: null, facilitator: 'f1' },
        { id: 'e2', client: 'c2', start: '2023-06-01', end: null, facilitator: 'f1' },
      ],
      assignments: [
        { episode: 'e1', staff: 'f1', start: '2023-05-20', end: '2023-05-31' },
        { episode: 'e1', staff: 'f2', start: '2023-06-01', end: '2023-06-01' },
        { episode: 'e1', staff: 'f3', start: '2023-06-02', end: null },
        { episode: 'e2', staff: 'f1', start: '2023-06-01', end: '2023-06-01' },
        { episode: 'e2', staff: 'f2', start: '2023-06-01', end: null },
      ],
    });
  });

  it('counts a one-day assignment on its day, unless another one starts that day', async () => {
    const { rows } = await get().warehouse.withClient((c) =>
      c.query('SELECT month, staff_id, open_episodes FROM facilitator_caseload ORDER BY month, staff_id'),
    );
    expect(rows).toEqual([
      { month: '2023-06-01', staff_id: 'f2', open_episodes: 2 },
      { month: '2023-07-01', staff_id: 'f2', open_episodes: 1 },
      { month: '2023-07-01', staff_id: 'f3', open_episodes: 1 },
    ]);
  });
});
