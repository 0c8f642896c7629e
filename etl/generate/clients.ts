// Plans the clients: first referral date, birth date, race/ethnicity, gender, language and county, in typed arrays.
import { Random } from './random.ts';
import {
  ageBands, ageBandWeights, countyWeights, genderWeights, languagesByRace, raceValues, raceWeights,
} from './vocabulary.ts';

export interface ClientPlan {
  count: number;
  /** Day of the first referral (ids follow this order). */
  arrival: Int32Array;
  birth: Int32Array;
  race: Uint8Array;
  gender: Uint8Array;
  /** Index into `languages`. */
  language: Uint8Array;
  county: Uint8Array;
  languages: string[];
}

export function planClients(random: Random, count: number, start: number, asOf: number): ClientPlan {
  const arrival = new Int32Array(count);
  for (let i = 0; i < count; i++) arrival[i] = start + random.int(asOf - start + 1);
  arrival.sort();
  const languages: string[] = [];
  const languageIndex = new Map<string, number>();
  const plan: ClientPlan = {
    count, arrival, languages,
    birth: new Int32Array(count), race: new Uint8Array(count), gender: new Uint8Array(count),
    language: new Uint8Array(count), county: new Uint8Array(count),
  };
  for (let i = 0; i < count; i++) {
    const band = ageBands[random.pick(ageBandWeights)];
    const age = band.min + random.int(band.max - band.min + 1);
    // Born `age` whole years plus part of a year before the first referral.
    plan.birth[i] = arrival[i] - Math.floor((age + random.next()) * 365.2425);
    const race = random.pick(raceWeights);
    plan.race[i] = race;
    plan.gender[i] = random.pick(genderWeights);
    const spoken = languagesByRace[raceValues[race]];
    const language = spoken.values[random.pick(spoken.weights)];
    let index = languageIndex.get(language);
    if (index === undefined) {
      index = languages.push(language) - 1;
      languageIndex.set(language, index);
    }
    plan.language[i] = index;
    plan.county[i] = random.pick(countyWeights);
  }
  return plan;
}
