// The caseload mart (sql/marts/030_facilitator_caseload.sql) counts, on every
// month start, exactly what the fixture's episodes and assignments give when counted in plain code.
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

/**
 * The caseload counted in plain code from the fixture, day by day as an agency would (not from the mart's SQL). On
 * each month's first day, an episode open that day (started on or before it, not exited on or before it) is on the
 * caseload of its facilitator that day: with assignments, each one whose period holds the day, except one whose last
 * day it is when another of the episode's assignments starts that day (a handover day belongs to the receiver);
 * without assignments, the facilitator of record.
 */
function expectedCaseload(agency: ReturnType<typeof randomAgency>): { month: string; staff_id: string; open_episodes: number }[] {
  const rows: { month: string; staff_id: string; open_episodes: number }[] = [];
  for (let month = '2023-01-01'; month <= '2024-12-01'; month = nextMonthStart(month)) {
    const perStaff = new Map<string, number>();
    for (const e of agency.episodes) {
      if (e.start > month || (e.end != null && e.end <= month)) continue;
      const own = agency.assignments.filter((a) => a.episode === e.id);
      const carriers = own.length === 0
        ? [e.facilitator!]
        : own
            .filter((a) => a.start <= month && (a.end == null || month <= a.end))
            .filter((a) => !(a.end === month && own.some((n) => n !== a && n.start === month)))
            .map((a) => a.staff!);
      for (const staff of carriers) perStaff.set(staff, (perStaff.get(staff) ?? 0) + 1);
    }
    for (const staff of [...perStaff.keys()].sort()) rows.push({ month, staff_id: staff, open_episodes: perStaff.get(staff)! });
  }
  return rows;
}

describeEachDatabase('facilitator caseload mart', (get) => {
  const agency = randomAgency();

  beforeAll(async () => {
    await loadWarehouse(get().warehouse, agency);
  });

  it('counts, on every month start, what the fixture says day by day', async () => {
    const { rows: mart } = await get().warehouse.withClient((c) =>
      c.query('SELECT month, staff_id, open_episodes FROM facilitator_caseload ORDER BY month, staff_id'),
    );
    const direct = expectedCaseload(agency);
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
