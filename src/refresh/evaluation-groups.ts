import { ageInYears } from '../core/dates.js';
import type { Population } from '../core/population.js';

/**
 * Subgroup labels for evaluation, one per row in `rows`: age band, sex, deprivation quintile
 * (from the IMD decile; `unknown` when missing), practice.
 *
 * @param population - The population.
 * @param rows - Population rows (e.g. `features.rows`).
 * @param asOf - Day number for ages.
 * @returns `{ ageBand, sex, imdQuintile, practice }`, each one label per row.
 * @example
 * evaluationGroups(population, features.rows, features.asOf).sex[0]; // => 'F'
 */
export function evaluationGroups(population: Population, rows: Uint32Array, asOf: number): Record<string, string[]> {
  const c = population.columns;
  const ageBand: string[] = [];
  const sex: string[] = [];
  const imdQuintile: string[] = [];
  const practice: string[] = [];
  for (const i of rows) {
    const age = ageInYears(c.birthDate[i]!, asOf);
    ageBand.push(age < 18 ? '0-17' : age < 45 ? '18-44' : age < 65 ? '45-64' : age < 75 ? '65-74' : age < 85 ? '75-84' : '85+');
    sex.push(['unknown', 'F', 'M', 'other'][c.sex[i]!] ?? 'unknown');
    imdQuintile.push(c.imdDecile[i] ? String(Math.ceil(c.imdDecile[i]! / 2)) : 'unknown');
    practice.push(population.practices[c.practice[i]!]!);
  }
  return { ageBand, sex, imdQuintile, practice };
}
