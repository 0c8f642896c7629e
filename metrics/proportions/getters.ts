// The three proportion metrics by name, for the modules that compute one of them for a given period or dimension
// (equity, the trend).
import { getReentry } from './getReentry.ts';
import { getRepeatEntries } from './getRepeatEntries.ts';
import { getSuccessfulExits } from './getSuccessfulExits.ts';

export const proportionGetters = { reentry: getReentry, 'successful-exits': getSuccessfulExits, 'repeat-entries': getRepeatEntries } as const;
