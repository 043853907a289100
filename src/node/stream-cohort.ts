import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { ageInYears, toDay } from '../core/dates.js';
import { fail } from '../core/errors.js';
import { checkAsOf } from '../core/check-window.js';
import type { FeatureMatrix } from '../core/feature-matrix.js';
import { parseOptions } from '../core/options.js';
import type { Population } from '../core/population.js';
import { isEligible } from '../core/population.js';
import { cohortSize } from '../cohort/cohort-size.js';
import type { RiskModel } from '../model/risk-model.js';
import { createStreamingTopK, type StreamingTopKGroup } from './streaming-top-k.js';
import { cohortSizeWarnings } from '../cohort/cohort-warnings.js';
import type { ResultWarning } from '../core/result-warning.js';

const FN = 'streamCohort';

/**
 * Options of {@link streamCohort}.
 *
 * - `asOf` (required): the day the cohort is drawn (day number or `'yyyy-mm-dd'`).
 * - `topPercent` in (0, 100]: k = ceil(p/100 · eligible) per practice (`cohortSize`).
 * - `adultsOnly` (default `true`): only people aged 18+ on `asOf` are eligible.
 * - `eligible`: eligible people per practice code when already known (skips the counting pass).
 * - `onProgress(done, total)`: called after each chunk of the scoring pass (`total` = NaN).
 */
export const StreamCohortOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    asOf: z.union([z.number().check(z.int()), z.string()]),
    topPercent: z.number().check(z.gt(0), z.lte(100)),
    adultsOnly: z._default(z.boolean(), true),
    eligible: z.optional(ownRecord(z.number().check(z.int(), z.nonnegative()), 'eligible people per group')),
    onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'must be a function' })),
  })).shape));
/** Input type of {@link StreamCohortOptions}. */
export type StreamCohortOptions = z.input<typeof StreamCohortOptions>;

/** One practice of a streamed cohort. */
export interface StreamedPractice extends StreamingTopKGroup {
  /** Eligible people in the practice (the denominator of k). */
  readonly eligible: number;
}

/** What {@link streamCohort} returns. */
export interface StreamedCohort {
  readonly asOf: number;
  /** Per practice (code order): k, eligible, and the selected ids and scores, best first. */
  readonly practices: readonly StreamedPractice[];
  /** People read in the scoring pass. */
  readonly people: number;
  /** Eligible people (all practices). */
  readonly eligible: number;
  /** Selected people (all practices). */
  readonly selected: number;
  /** Chunks read in the scoring pass. */
  readonly chunks: number;
  /**
   * As `selectCohort`'s: `group_too_small` (practices with fewer than 1/p eligible people, or
   * none), `k_reaches_eligible` (k is everyone eligible in most practices), `empty_cohort`;
   * paths point at `['practices']`.
   */
  readonly warnings: readonly ResultWarning[];
}

/** A re-iterable source of population chunks (read once to count, once to score). */
export type PopulationChunks = () => Iterable<Population> | AsyncIterable<Population>;

function eligibility(p: Population, asOf: number, adultsOnly: boolean): (i: number) => boolean {
  const c = p.columns;
  return (i) => c.optedOut[i] !== 1 && isEligible(p, i, asOf) && (!adultsOnly || ageInYears(c.birthDate[i]!, asOf) >= 18);
}

/**
 * Selects the top `topPercent`% per practice from a population too large to hold at once:
 * reads it in chunks (e.g. from files or generated), builds features and scores each chunk,
 * and keeps a bounded heap per practice ({@link createStreamingTopK}), so the result equals
 * `selectCohort(scores, population, { asOf, topPercent, policy: 'exact' })` on the whole
 * population (same eligibility: not opted out, alive and registered on `asOf`, 18+ when
 * `adultsOnly`; same order: score descending then id ascending) when ids are distinct
 * across chunks and each practice's people may be spread over any chunks.
 *
 * Two passes over `source` unless `options.eligible` is given: the first counts the
 * eligible per practice (k depends on the whole practice), the second scores. Practices too
 * small for the percentage (fewer than 1/p eligible) are warned of as `selectCohort` does.
 *
 * Memory: one chunk (its population, features and scores) plus Σk kept entries (a score and
 * an id, ~2% of the eligible) plus one counter per practice: bounded by the chunk size, not
 * by the population. Time: O(n · features) for scoring plus O(n) to filter.
 *
 * @param source - A function returning the chunks (called once per pass).
 * @param model - A fitted model; each chunk's features must carry its feature names.
 * @param features - Builds a chunk's features: one row per person in row order, or (like
 *   `buildFeatures`) rows for a subset given by `features.rows`, which must include every
 *   person eligible for the cohort.
 * @param options - {@link StreamCohortOptions}.
 * @returns The {@link StreamedCohort}.
 * @throws RiskStratifyError `window_past_extract` when `asOf` is after a chunk's extract date
 *   (`population.window`); `invalid_options` for bad options; `length_mismatch` when the
 *   features of a chunk have neither one row per person nor a `rows` mapping; `invalid_input`
 *   when they leave out an eligible person; what `model.score` throws.
 * @example
 * const chunks = () => [generatePopulation({ size: 5000, seed: 1 }).population];
 * const r = await streamCohort(chunks, model, (p) => myFeatures(p), { asOf: '2023-04-01', topPercent: 2 });
 * r.selected; // => Σ over practices of ceil(0.02 · eligible)
 */
export async function streamCohort(
  source: PopulationChunks,
  model: RiskModel,
  features: (population: Population, asOf: number) => FeatureMatrix,
  options: StreamCohortOptions,
): Promise<StreamedCohort> {
  const o = parseOptions(FN, StreamCohortOptions, options);
  if (typeof source !== 'function') fail({ fn: FN, code: 'invalid_argument', path: ['source'], value: source, message: 'must be a function returning the chunks' });
  const asOf = toDay(o.asOf);
  if (asOf === undefined) return fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'is not a date' });

  let eligible = o.eligible;
  if (eligible === undefined) {
    const counts: Record<string, number> = Object.create(null) as Record<string, number>; // practice codes are data: no inherited keys
    for await (const p of source()) {
      checkAsOf(FN, p.window, asOf, ['options', 'asOf']);
      const ok = eligibility(p, asOf, o.adultsOnly);
      const per = new Float64Array(p.practices.length);
      for (let i = 0; i < p.size; i++) if (ok(i)) per[p.columns.practice[i]!]! += 1;
      p.practices.forEach((code, j) => { counts[code] = (counts[code] ?? 0) + per[j]!; });
    }
    eligible = counts;
  }
  const k: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [code, n] of Object.entries(eligible)) k[code] = cohortSize(o.topPercent, n);
  const top = createStreamingTopK(k);

  let people = 0;
  let chunks = 0;
  for await (const p of source()) {
    checkAsOf(FN, p.window, asOf, ['options', 'asOf']);
    const f = features(p, asOf);
    // Matrix row m is population row f.rows[m] (identity when the matrix has every person).
    const rows = f.rows !== undefined && f.rows.length === f.n ? f.rows : null;
    if (rows === null && f.n !== p.size) fail({ fn: FN, code: 'length_mismatch', path: ['features', chunks], value: f.n, message: `has ${f.n} rows for ${p.size} people and no rows mapping` });
    const scores = model.score(f);
    const ok = eligibility(p, asOf, o.adultsOnly);
    const practiceOfRow = rows === null ? p.columns.practice : Uint32Array.from(rows, (r) => p.columns.practice[r]!);
    let scoredEligible = 0;
    top.offerChunk(scores, practiceOfRow, p.practices, (m) => p.ids[rows === null ? m : rows[m]!]!, (m) => {
      const e = ok(rows === null ? m : rows[m]!);
      if (e) scoredEligible += 1;
      return e;
    });
    let chunkEligible = 0;
    for (let i = 0; i < p.size; i++) if (ok(i)) chunkEligible += 1;
    if (scoredEligible !== chunkEligible) {
      fail({ fn: FN, code: 'invalid_input', path: ['features', chunks], value: chunkEligible - scoredEligible, message: `the features of chunk ${chunks} leave out ${chunkEligible - scoredEligible} eligible people (each eligible person needs a feature row)` });
    }
    people += p.size;
    chunks += 1;
    o.onProgress?.(people, Number.NaN);
  }
  const practices = top.result().map((g) => ({ ...g, eligible: ownValue(eligible, g.group) ?? 0 }));
  let totalEligible = 0;
  let selected = 0;
  for (const g of practices) { totalEligible += g.eligible; selected += g.ids.length; }
  const warnings = cohortSizeWarnings(practices.map((g) => ({ group: g.group, eligible: g.eligible, k: g.k, selected: g.ids.length, threshold: null, tiesAdded: 0, capped: 0 })), o.topPercent, undefined)
    .map((w) => (w.path?.[0] === 'groups' ? { ...w, path: ['practices'] } : w));
  return { asOf, practices, people, eligible: totalEligible, selected, chunks, warnings };
}
