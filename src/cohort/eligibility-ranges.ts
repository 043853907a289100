/**
 * Per-person eligibility day ranges, for {@link selectCohort}: internal to the cohort stage.
 *
 * Checking eligibility reads five columns per person (opted out, birth, registered from,
 * registered to, death): 17 bytes. Folded into one range per person, `from <= day < until`,
 * it reads 8. The range does not depend on the day, so it is computed once per population and
 * kept in a `WeakMap` (dropped with the population). A `Population` is immutable (its columns
 * must not be modified after `createPopulation`), so repeat selections (a monthly run,
 * comparing variants, another `asOf`) reuse it. The first selection on a population pays one
 * extra O(size) pass to build it, and the cache holds 8 bytes per person per `adultsOnly`
 * setting.
 *
 * The range is a sufficient test only: `from <= day < until` means eligible on `day` by the
 * built-in rules (not opted out, born, registered, not left, alive, and with `adultsOnly`
 * aged 18+); a person outside it goes to the exact check (`exclusionCode`), which may still
 * find them eligible (someone who turned 18 in the last {@link ADULT_MARGIN_DAYS} − 6,574
 * days). So the result is exactly that of the full check.
 *
 * @module
 */
import type { Population } from '../core/population.js';

/**
 * Days after birth from which anyone is surely 18 or older: 18 · 366 (18 years never have
 * more than 18 · 366 days; the exact day, 6,574 to 6,575 days on, is left to the full check).
 */
export const ADULT_MARGIN_DAYS = 18 * 366;

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

interface Cached {
  adults?: Int32Array;
  all?: Int32Array;
  /** Selections made without ranges, per setting (see {@link eligibilityRangesOnRepeat}). */
  seenAdults?: boolean;
  seenAll?: boolean;
}
const cache = new WeakMap<Population, Cached>();

/**
 * The eligibility range of every population row, interleaved: `ranges[2r]` is the first day
 * row r is surely eligible (registered, born, and with `adultsOnly` at least
 * {@link ADULT_MARGIN_DAYS} old), `ranges[2r + 1]` the first day they are not (death or end
 * of registration; -2^31 when opted out, so the range is empty). O(size) on the first call for
 * a population and setting, O(1) after; the returned array is shared: do not modify it.
 *
 * @param population - An immutable population.
 * @param adultsOnly - Whether the 18+ rule applies.
 */
export function eligibilityRanges(population: Population, adultsOnly: boolean): Int32Array {
  let entry = cache.get(population);
  if (entry === undefined) cache.set(population, (entry = {}));
  const hit = adultsOnly ? entry.adults : entry.all;
  if (hit !== undefined) return hit;
  const { optedOut, birthDate, registeredFrom, registeredTo, deathDate } = population.columns;
  const size = population.size;
  const margin = adultsOnly ? ADULT_MARGIN_DAYS : 0;
  const ranges = new Int32Array(2 * size);
  for (let r = 0; r < size; r++) {
    const born = birthDate[r]! + margin; // a JS number: no int32 wrap-around
    const reg = registeredFrom[r]!;
    ranges[2 * r] = Math.min(INT32_MAX, born > reg ? born : reg);
    const left = registeredTo[r]!;
    const died = deathDate[r]!;
    ranges[2 * r + 1] = optedOut[r] === 1 ? INT32_MIN : left < died ? left : died;
  }
  if (adultsOnly) entry.adults = ranges;
  else entry.all = ranges;
  return ranges;
}

/**
 * The population's eligibility ranges from its second selection on (with this `adultsOnly`
 * setting), or undefined on the first: a population selected from once (a one-off run) then
 * never pays the O(size) pass and the 8 bytes per person that build them, and its selection
 * checks each person's columns directly, about as fast as one pass over the ranges. A
 * population selected from again (a monthly run comparing variants, several `asOf` dates)
 * builds them on its second selection and reuses them after.
 *
 * @param population - An immutable population.
 * @param adultsOnly - Whether the 18+ rule applies.
 */
export function eligibilityRangesOnRepeat(population: Population, adultsOnly: boolean): Int32Array | undefined {
  let entry = cache.get(population);
  if (entry === undefined) cache.set(population, (entry = {}));
  const hit = adultsOnly ? entry.adults : entry.all;
  if (hit !== undefined) return hit;
  if (adultsOnly ? entry.seenAdults !== true : entry.seenAll !== true) {
    if (adultsOnly) entry.seenAdults = true;
    else entry.seenAll = true;
    return undefined;
  }
  return eligibilityRanges(population, adultsOnly);
}
