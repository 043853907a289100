import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import type { OutcomeWindowSource } from './evaluate-scores.js';

const arrayLike = <T>(message: string) =>
  z.custom<ArrayLike<T>>((v) => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView)), { message });

/**
 * Options of {@link evaluateScores}.
 * - `topPercents` (default [0.5, 1, 2, 5, 10, 20]): the cohort sizes to report in `atTop`.
 * - `groups`: subgroup labels per row by name (e.g. `{ sex, ageBand, imdQuintile, practice,
 *   segment }`); every metric is repeated within each level in `byGroup`.
 * - `admissions`, `bedDays`: per-person amounts (e.g. emergency admissions and bed days in the
 *   outcome window) for the share captured by each top slice.
 * - `calibrationBins` (default 10): equal-count bins of predicted risk.
 * - `outcomeWindow`: the `Outcomes` the outcome came from (`buildOutcomes(...)`; any object
 *   with its `window` and `dataWindow`). Its window is checked against the extract's again (an
 *   outcome window running past the extract date is refused: truncated outcomes would look like
 *   success) and shown in the result's `outcomeWindow`. `buildOutcomes` already refuses such a
 *   window; this makes the evaluation say which window it stands on.
 */
export const EvaluateOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    topPercents: z._default(z.array(z.number().check(z.gt(0), z.lte(100))), [0.5, 1, 2, 5, 10, 20]),
    groups: z.optional(z.record(z.string(), arrayLike<string | number>('expected an array of subgroup labels, one per row'))),
    admissions: z.optional(arrayLike<number>('expected an array of admission counts, one per row')),
    bedDays: z.optional(arrayLike<number>('expected an array of bed days, one per row')),
    calibrationBins: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 10),
    outcomeWindow: z.optional(z
      .custom<OutcomeWindowSource>((v) => typeof v === 'object' && v !== null && Array.isArray((v as OutcomeWindowSource).window) && typeof (v as OutcomeWindowSource).dataWindow === 'object', {
        message: 'expected the Outcomes of buildOutcomes (an object with window and dataWindow)',
      })),
  })).shape));

/** Input type of {@link EvaluateOptions}. */
export type EvaluateOptions = z.input<typeof EvaluateOptions>;
/** {@link EvaluateOptions} after validation, with defaults filled. */
export type ParsedEvaluateOptions = z.output<typeof EvaluateOptions>;
