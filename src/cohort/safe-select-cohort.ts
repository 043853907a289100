import { toSafe, type SafeResult } from '../core/errors.js';
import type { Population } from '../core/population.js';
import type { Cohort } from './cohort.js';
import type { CohortOptions } from './cohort-options.js';
import { selectCohort } from './select-cohort.js';

/**
 * {@link selectCohort} that returns its error instead of throwing, for callers that run many
 * variants or months in a batch. Errors that are not the library's (bugs) still throw.
 *
 * @param scores - As for {@link selectCohort}.
 * @param population - As for {@link selectCohort}.
 * @param options - As for {@link selectCohort}.
 * @returns `{ ok: true, value: cohort }` or `{ ok: false, error }` with a `RiskStratifyError`.
 * @throws Only errors that are not `RiskStratifyError`s.
 * @example
 * const r = safeSelectCohort(scores, population, { asOf: '2024-04-01', topPercent: 0 });
 * r.ok; // => false
 * if (!r.ok) r.error.path; // => ['options', 'topPercent']
 */
export function safeSelectCohort(scores: ArrayLike<number>, population: Population, options: CohortOptions): SafeResult<Cohort> {
  return toSafe(() => selectCohort(scores, population, options));
}
