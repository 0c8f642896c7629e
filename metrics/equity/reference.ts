// Which reference groups an equity comparison accepts (metrics.md 7): any group of the dimension or `rest`,
// never `unknown`. Dimensions with a fixed list of values refuse a key outside it, so a typo answers 400
// instead of a page of empty ratios; free-text dimensions (program, county, language, staff) cannot be
// checked without the data, and a group absent from the period simply has no ratios.
import { MetricInputError } from '../errors.ts';
import { fixedGroupKeys, isUnknownGroup } from '../labels.ts';
import type { EquityDimension } from '../params.ts';

export function assertReference(dimension: EquityDimension, reference: string | undefined): void {
  if (reference === undefined) return;
  const key = reference.toLowerCase();
  if (isUnknownGroup(dimension, key)) {
    throw new MetricInputError('The unknown group cannot be the reference; choose a known group or "rest".', [
      { path: 'reference', message: 'unknown is never the reference' },
    ]);
  }
  const keys = fixedGroupKeys[dimension];
  if (keys && key !== 'rest' && !keys.includes(key)) {
    throw new MetricInputError(`"${reference}" is not a group of ${dimension}.`, [
      { path: 'reference', message: `must be rest or one of ${keys.join(', ')}` },
    ]);
  }
}

/**
 * The reference group among the known groups: the one asked for (exact key first, then its label as stored, then
 * ignoring case); by default White for race and ethnicity, else the largest known group by `size`.
 */
export function findReference<G extends { key: string; label?: string }>(
  dimension: EquityDimension,
  requested: string | undefined,
  known: G[],
  size: (group: G) => number,
): G | undefined {
  if (requested !== undefined) {
    // The label as stored: a county's key is the database's lower case (İzmir -> izmir), which JavaScript's is not.
    return known.find((g) => g.key === requested) ?? known.find((g) => g.label === requested) ?? known.find((g) => g.key.toLowerCase() === requested.toLowerCase());
  }
  if (dimension === 'race_ethnicity') return known.find((g) => g.key === 'white');
  return known.reduce<G | undefined>((largest, g) => (!largest || size(g) > size(largest) ? g : largest), undefined);
}
