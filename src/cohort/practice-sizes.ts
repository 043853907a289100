/**
 * People per practice of a population, for {@link selectCohort}: internal to the cohort stage.
 *
 * A `Population` is immutable, so the counts are made once per population object and kept in
 * a `WeakMap` (dropped with the population), like its eligibility ranges.
 *
 * @module
 */
import type { Population } from '../core/population.js';

const cache = new WeakMap<Population, Uint32Array>();

/**
 * The number of population rows in each practice (index = practice code index). O(size) on
 * the first call for a population, O(1) after; the returned array is shared: do not modify it.
 *
 * @param population - An immutable population.
 */
export function practiceSizes(population: Population): Uint32Array {
  let sizes = cache.get(population);
  if (sizes === undefined) {
    sizes = new Uint32Array(population.practices.length);
    const practice = population.columns.practice;
    for (let r = 0; r < population.size; r++) sizes[practice[r]!]!++;
    cache.set(population, sizes);
  }
  return sizes;
}
