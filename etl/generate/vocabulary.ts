// The values the generator writes: the contract's enums and realistic free-text values with their weights.
import { cumulative } from './random.ts';

export const raceValues = [
  'american_indian_alaska_native', 'asian', 'black', 'hispanic_latino', 'middle_eastern_north_african',
  'native_hawaiian_pacific_islander', 'white', 'multiracial', 'unknown',
] as const;
// Shares loosely follow children served by US child-welfare and family services.
export const raceWeights = cumulative([3.5, 3.5, 22, 22, 1.5, 1, 37, 6, 3.5]);

export const genderValues = ['female', 'male', 'nonbinary', 'unknown'] as const;
export const genderWeights = cumulative([48.5, 48.5, 1.5, 1.5]);

export const exitReasons = ['completed', 'stepped_down', 'disengaged', 'out_of_home', 'moved', 'aged_out', 'transferred', 'other'] as const;
export type ExitReason = (typeof exitReasons)[number];
export const communityExit: readonly boolean[] = exitReasons.map((r) => ['completed', 'stepped_down', 'disengaged', 'other'].includes(r));
export const exitIndex = Object.fromEntries(exitReasons.map((r, i) => [r, i])) as Record<ExitReason, number>;

export interface Program {
  name: string;
  minAge: number;
  /** Oldest age served; the client ages out on the next birthday. */
  maxAge: number;
  weight: number;
  /** Median length of stay in days for an average facilitator. */
  medianStay: number;
}

export const programs: readonly Program[] = [
  { name: 'intensive wraparound', minAge: 0, maxAge: 20, weight: 30, medianStay: 220 },
  { name: 'family preservation', minAge: 0, maxAge: 200, weight: 25, medianStay: 120 },
  { name: 'in-home therapy', minAge: 0, maxAge: 200, weight: 20, medianStay: 150 },
  { name: 'youth mentoring', minAge: 6, maxAge: 17, weight: 15, medianStay: 280 },
  { name: 'transition-age youth', minAge: 16, maxAge: 24, weight: 10, medianStay: 200 },
  { name: 'adult community support', minAge: 18, maxAge: 200, weight: 20, medianStay: 180 },
];

/** Age at first contact: most clients are children and youth, a few adults up to 80. */
export const ageBands: readonly { min: number; max: number; weight: number }[] = [
  { min: 0, max: 5, weight: 22 },
  { min: 6, max: 11, weight: 25 },
  { min: 12, max: 17, weight: 33 },
  { min: 18, max: 24, weight: 9 },
  { min: 25, max: 44, weight: 6 },
  { min: 45, max: 64, weight: 3.5 },
  { min: 65, max: 80, weight: 1.5 },
];
export const ageBandWeights = cumulative(ageBands.map((b) => b.weight));

/** Primary language by race/ethnicity ('' = not recorded). */
const englishMostly = { values: ['english', 'spanish', ''], weights: cumulative([94, 3, 3]) };
export const languagesByRace: Record<(typeof raceValues)[number], { values: string[]; weights: Float64Array }> = {
  american_indian_alaska_native: { values: ['english', 'navajo', ''], weights: cumulative([88, 8, 4]) },
  asian: { values: ['english', 'vietnamese', 'chinese', 'hmong', 'korean', 'tagalog', ''], weights: cumulative([45, 18, 12, 10, 5, 6, 4]) },
  black: { values: ['english', 'somali', 'haitian creole', 'french', ''], weights: cumulative([86, 7, 2, 2, 3]) },
  hispanic_latino: { values: ['spanish', 'english', ''], weights: cumulative([45, 51, 4]) },
  middle_eastern_north_african: { values: ['english', 'arabic', 'farsi', ''], weights: cumulative([45, 40, 10, 5]) },
  native_hawaiian_pacific_islander: { values: ['english', 'samoan', 'marshallese', ''], weights: cumulative([70, 15, 10, 5]) },
  white: { values: ['english', 'russian', 'ukrainian', ''], weights: cumulative([95, 1, 1, 3]) },
  multiracial: englishMostly,
  unknown: { values: ['english', 'spanish', ''], weights: cumulative([70, 10, 20]) },
};

export const counties = ['Franklin', 'Hamilton', 'Jefferson', 'Lincoln', 'Marion', 'Washington', 'Clark', 'Riverside', ''];
export const countyWeights = cumulative([24, 18, 14, 11, 9, 8, 7, 6, 3]);

export const firstNames = [
  'Maria', 'James', 'Aisha', 'David', 'Nguyen', 'Fatima', 'Michael', 'Jennifer', 'Carlos', 'Linh', 'Robert', 'Keisha',
  'Ahmed', 'Sarah', 'Luis', 'Hannah', 'DeShawn', 'Emily', 'Tomás', 'Grace', 'Omar', 'Rachel', 'Jamal', 'Ana',
  'Kevin', 'Mei', 'Brian', 'Latoya', 'Daniel', 'Sofia', 'Marcus', 'Olga', 'Joseph', 'Priya', 'Tyrone', 'Megan',
];
export const lastNames = [
  'Garcia', 'Johnson', 'Smith', 'Williams', 'Tran', 'Hassan', 'Brown', 'Martinez', 'Jones', 'Davis', 'Nguyen', 'Miller',
  'Rodriguez', "O'Connor", 'Wilson', 'Lee', 'Anderson', 'Thomas', 'Yazzie', 'Jackson', 'White', 'Lopez', 'Harris',
  'Kim', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Ali', 'Young', 'Hernandez', 'King', 'Begay', 'Wright', 'Scott', 'Green',
];
