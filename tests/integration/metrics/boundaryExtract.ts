// A generated extract plus clients on the boundaries that pre-counted tables must keep exactly like the
// episodes (monthCounts.test.ts, facilitators/caseCounts.test.ts compare the two ways on it):
// CX1's second eligible exit (2022-12-10), 23 months after its first, is a later exit in a period from
// 2021-01-01 (24 months) and a first one from 2021-02-01;
// CX2 comes back exactly 365 days after an exit (a repeat entry, March 2022);
// CX3 comes back exactly 180, 365 and 730 days after its exits (re-entries within each window);
// CX4's first eligible exit is on a period's first day (2021-07-01), so its second (2022-03-31) is a later exit there.
import fs from 'node:fs';
import path from 'node:path';
import { generateExtract } from '../../../etl/generate/index.ts';

export const boundaryAsOf = '2024-12-31';

export async function writeBoundaryExtract(folder: string): Promise<void> {
  await generateExtract(folder, { seed: 9, clients: 1500, facilitators: 30, start: '2020-01-01', asOf: boundaryAsOf });
  const append = (file: string, lines: string[]) => fs.appendFileSync(path.join(folder, file), lines.join('\n') + '\n');
  const [, first] = fs.readFileSync(path.join(folder, 'episodes.csv'), 'utf8').split('\n');
  const facilitator = first.split(',')[3];
  append('clients.csv', [
    'CX1,2012-04-24,black,female,english,unknown',
    'CX2,1990-01-01,white,male,spanish,unknown',
    'CX3,2001-06-15,asian,female,english,unknown',
    'CX4,2008-02-02,white,female,english,unknown',
  ]);
  const episode = (id: string, client: string, start: string, end = '', reason = end ? 'completed' : '') =>
    `${id},${client},intensive wraparound,${facilitator},${start},${end},${reason}`;
  append('episodes.csv', [
    episode('EX1a', 'CX1', '2020-12-01', '2021-01-20'),
    episode('EX1b', 'CX1', '2022-11-01', '2022-12-10'),
    episode('EX2a', 'CX2', '2021-01-05', '2021-03-01'),
    episode('EX2b', 'CX2', '2022-03-01', '2022-05-01'),
    episode('EX3a', 'CX3', '2021-01-01', '2021-02-10'),
    episode('EX3b', 'CX3', '2021-08-09', '2021-09-30'),
    episode('EX3c', 'CX3', '2022-09-30', '2022-10-31'),
    episode('EX3d', 'CX3', '2024-10-30'),
    episode('EX4a', 'CX4', '2021-05-01', '2021-07-01'),
    episode('EX4b', 'CX4', '2021-12-01', '2022-03-31'),
  ]);
}
