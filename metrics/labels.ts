// How group keys read to agency staff: OMB category names, capitalised words,
// "Unknown" for missing values, and an order where unknown comes last.
import type { Dimension } from './types.ts';

export const unknownKey = 'unknown';

const raceLabels: Record<string, string> = {
  american_indian_alaska_native: 'American Indian or Alaska Native',
  asian: 'Asian',
  black: 'Black',
  hispanic_latino: 'Hispanic or Latino',
  middle_eastern_north_african: 'Middle Eastern or North African',
  native_hawaiian_pacific_islander: 'Native Hawaiian or Pacific Islander',
  white: 'White',
  multiracial: 'Multiracial',
};

/** The known groups of the dimensions whose values are a fixed list (data-contract.md; age groups of metrics.md). */
export const fixedGroupKeys: Partial<Record<Dimension, readonly string[]>> = {
  race_ethnicity: Object.keys(raceLabels),
  gender: ['female', 'male', 'nonbinary'],
  age_group: ['0-5', '6-11', '12-17', '18-24', '25-44', '45-64', '65+'],
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether a group key stands for a missing value (staff ids and program names are never "missing"). */
export function isUnknownGroup(by: Dimension, key: string): boolean {
  return key === unknownKey && by !== 'facilitator' && by !== 'program';
}

/** The label of a group key; `stored` is the name or spelling the database returned (staff, programs). */
export function groupLabel(by: Dimension, key: string, stored: string | null): string {
  if (isUnknownGroup(by, key)) return 'Unknown';
  if (stored) return stored;
  if (by === 'race_ethnicity') return raceLabels[key] ?? capitalise(key.replace(/_/g, ' '));
  if (by === 'gender' || by === 'primary_language') return capitalise(key);
  return key;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** By label (numbers in order, so age groups read 0-5, 6-11, ..., 65+), unknown last. */
export function byLabelUnknownLast(a: { key: string; label: string }, b: { key: string; label: string }): number {
  const ua = a.label === 'Unknown' ? 1 : 0;
  const ub = b.label === 'Unknown' ? 1 : 0;
  return ua - ub || collator.compare(a.label, b.label) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** Words for a dimension in a sentence ("all other clients with a known race or ethnicity"). */
export const dimensionWords: Record<Exclude<Dimension, 'none'>, string> = {
  race_ethnicity: 'race or ethnicity',
  gender: 'gender',
  age_group: 'age group',
  primary_language: 'primary language',
  county: 'county',
  program: 'program',
  facilitator: 'facilitator',
  supervisor: 'supervisor',
};

/** How a group of clients is named in a sentence, e.g. "Black clients", "clients aged 12-17". */
export function clientsOf(by: Exclude<Dimension, 'none'>, label: string): string {
  switch (by) {
    case 'race_ethnicity':
    case 'gender':
      return `${label} clients`;
    case 'primary_language':
      return `${label}-speaking clients`;
    case 'age_group':
      return `clients aged ${label}`;
    case 'county':
      return `clients in ${label}`;
    case 'program':
      return `clients of ${label}`;
    case 'facilitator':
      return `clients of ${label}`;
    case 'supervisor':
      return `clients of ${label}'s team`;
  }
}
