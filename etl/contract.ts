// The data contract (spec/data-contract.md) as data: files, columns, enums and
// their built-in aliases. Everything else in etl/ reads it from here.

export type ColumnType = 'id' | 'text' | 'date' | 'enum';
export type EnumName = 'role' | 'gender' | 'race_ethnicity' | 'exit_reason' | 'separation_reason';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  enum?: EnumName;
  /** How a present text value is stored. */
  normalise?: 'lower';
  /** Stored when the cell is empty (optional text columns). */
  emptyAs?: string;
}

export type CsvFile = 'staff.csv' | 'clients.csv' | 'episodes.csv' | 'assignments.csv';

export interface FileSpec {
  file: CsvFile;
  required: boolean;
  /** The column that identifies a row (unique in the file), if any. */
  idColumn?: string;
  /** Rows that stand together as one record's set (an episode's assignments): a set is replaced whole, never in part. */
  setColumn?: string;
  columns: ColumnSpec[];
}

const id = (name: string, required = true): ColumnSpec => ({ name, type: 'id', required });
const date = (name: string, required = true): ColumnSpec => ({ name, type: 'date', required });
const text = (name: string, required = true, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type: 'text', required, ...extra });
const oneOf = (name: string, e: EnumName, required = true): ColumnSpec => ({ name, type: 'enum', required, enum: e });

/** In load order: a file's references point only to files before it. */
export const files: readonly FileSpec[] = [
  {
    file: 'staff.csv',
    required: true,
    idColumn: 'staff_id',
    columns: [
      id('staff_id'),
      text('name'),
      oneOf('role', 'role'),
      id('supervisor_id', false),
      date('hire_date'),
      date('separation_date', false),
      // required when separated: checked with the dates
      oneOf('separation_reason', 'separation_reason', false),
      date('certified_date', false),
    ],
  },
  {
    file: 'clients.csv',
    required: true,
    idColumn: 'client_id',
    columns: [
      id('client_id'),
      date('birth_date'),
      oneOf('race_ethnicity', 'race_ethnicity'),
      oneOf('gender', 'gender'),
      text('primary_language', false, { normalise: 'lower', emptyAs: 'unknown' }),
      text('county', false, { emptyAs: 'unknown' }),
    ],
  },
  {
    file: 'episodes.csv',
    required: true,
    idColumn: 'episode_id',
    columns: [
      id('episode_id'),
      id('client_id'),
      text('program'),
      id('facilitator_id'),
      date('start_date'),
      date('end_date', false),
      // required when closed, forbidden while open: checked with the dates
      oneOf('exit_reason', 'exit_reason', false),
    ],
  },
  {
    file: 'assignments.csv',
    required: false,
    setColumn: 'episode_id',
    columns: [id('episode_id'), id('staff_id'), date('start_date'), date('end_date', false)],
  },
];

export const fileSpec = (file: CsvFile): FileSpec => files.find((f) => f.file === file)!;

export const enumValues: Record<EnumName, readonly string[]> = {
  role: ['facilitator', 'supervisor', 'other'],
  gender: ['female', 'male', 'nonbinary', 'unknown'],
  race_ethnicity: [
    'american_indian_alaska_native', 'asian', 'black', 'hispanic_latino', 'middle_eastern_north_african',
    'native_hawaiian_pacific_islander', 'white', 'multiracial', 'unknown',
  ],
  exit_reason: ['completed', 'stepped_down', 'disengaged', 'out_of_home', 'moved', 'aged_out', 'transferred', 'other'],
  separation_reason: ['voluntary', 'involuntary', 'other'],
};

/**
 * Built-in aliases, race and ethnicity only (data-contract.md): the OMB labels, `two or more races`, `declined`
 * and `not reported`; with the category's words with spaces (builtInLookup). Every other enum takes exactly its
 * values, in any case; a source system's own spellings (F, Graduated, stepped down) go in mapping.json.
 */
const raceAliases: Record<string, string> = {
  'american indian or alaska native': 'american_indian_alaska_native',
  'black or african american': 'black',
  'hispanic or latino': 'hispanic_latino',
  'middle eastern or north african': 'middle_eastern_north_african',
  // The 2024 standard's label, and the 1997 one many systems still export.
  'native hawaiian or pacific islander': 'native_hawaiian_pacific_islander',
  'native hawaiian or other pacific islander': 'native_hawaiian_pacific_islander',
  'two or more races': 'multiracial',
  declined: 'unknown',
  'not reported': 'unknown',
};

/** Case-insensitive, trimmed, runs of spaces collapsed: how enum cells and alias keys are compared. */
export function enumKey(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Lookup from normalised cell to contract value: the values, their words with spaces, the aliases. */
export function builtInLookup(name: EnumName): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const value of enumValues[name]) lookup.set(value, value);
  if (name !== 'race_ethnicity') return lookup;
  for (const value of enumValues[name]) lookup.set(value.replace(/_/g, ' '), value);
  for (const [alias, value] of Object.entries(raceAliases)) lookup.set(alias, value);
  return lookup;
}

/** Stable reason codes recorded with each rejected row (listed in etl/README.md). */
export const reasons = {
  missingValue: 'missing value',
  badId: 'bad id',
  badDate: 'bad date',
  unknownValue: 'unknown value',
  badText: 'bad text',
  endBeforeStart: 'end before start',
  afterAsOf: 'after as-of date',
  reasonWhileOpen: 'reason without end date',
  wrongFieldCount: 'wrong number of fields',
  duplicateId: 'duplicate id',
  duplicateAssignment: 'duplicate assignment',
  unknownSupervisor: 'unknown supervisor',
  unknownClient: 'unknown client',
  unknownStaff: 'unknown staff',
  unknownEpisode: 'unknown episode',
  outsideEpisode: 'outside episode',
} as const;
export type Reason = (typeof reasons)[keyof typeof reasons];

export const MAX_ID_LENGTH = 64;
