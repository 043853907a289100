import { z } from 'zod';
import { ownRecord } from '../core/own-record.js';
import { BeforeData } from '../core/check-window.js';
import type { RiskModel } from '../model/index.js';
import { CohortOptions } from '../cohort/index.js';

/** The named fields of an object shape. */
function pick<S extends Record<string, unknown>, K extends keyof S>(shape: S, keys: readonly K[]): Pick<S, K> {
  return Object.fromEntries(keys.map((k) => [k, shape[k]])) as Pick<S, K>;
}

/**
 * One variant of selection: a name and `selectCohort`'s options (without `asOf`, `rows`,
 * `ids`, `exclude`, which the refresh supplies). Defaults as `selectCohort`'s: per practice,
 * adults only, the exact policy.
 *
 * @example
 * RefreshVariant.parse({ name: 'top2', topPercent: 2 }).per; // => 'practice'
 */
export const RefreshVariant = z
  .object({
    name: z.string().min(1),
    // selectCohort's own fields, defaults and checks (one schema for both).
    ...pick(CohortOptions.shape, ['topPercent', 'topN', 'per', 'adultsOnly', 'policy', 'capacity', 'groups'] as const),
  })
  .strict()
  .refine((o) => (o.topPercent === undefined) !== (o.topN === undefined), { message: 'give exactly one of topPercent and topN', path: ['topPercent'] });
/** Input type of {@link RefreshVariant}. */
export type RefreshVariant = z.input<typeof RefreshVariant>;

/** Last month's refresh as saved (`MonthlyRefresh.next`): per variant, the ids selected and everyone ever selected. */
export interface PreviousRefresh {
  /** Last month's as-of date, `yyyy-mm-dd`. */
  readonly asOf: string;
  readonly variants: Readonly<Record<string, { readonly ids: readonly string[]; readonly everSelected?: readonly string[] | undefined }>>;
}

/**
 * The saved form of a {@link PreviousRefresh} (`refresh-state.json`), checked when read back.
 *
 * @example
 * PreviousRefreshJson.safeParse({ asOf: '2024-04-01', variants: { top2: { ids: ['a'] } } }).success; // => true
 */
export const PreviousRefreshJson = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  variants: ownRecord(z.object({ ids: z.array(z.string()), everSelected: z.array(z.string()).optional() }), "last month's cohorts by variant name"),
});

/** A request to fit the model inside the refresh, on the latest complete horizon of the extract. */
const FitRequest = z
  .object({
    fit: z.literal(true),
    /** Features to fit (default `MODEL_FEATURES`; those not built or constant are dropped and listed). */
    featureNames: z.array(z.string().min(1)).min(1).optional(),
    l2: z.number().nonnegative().default(0),
  })
  .strict();

const isModel = (v: unknown): v is RiskModel => typeof v === 'object' && v !== null && typeof (v as RiskModel).score === 'function' && Array.isArray((v as RiskModel).featureNames);

/**
 * Options of `runMonthlyRefresh`.
 *
 * - `asOf` (required): the day of the refresh (`yyyy-mm-dd` or a day number), on or before the extract date.
 * - `model`: a `RiskModel` (fitted earlier, or `loadRiskModel(json)`), or `{ fit: true }` to fit
 *   one on the latest complete horizon inside the extract's window and not after `asOf`:
 *   features at the latest date whose `horizonMonths` end on or before both the extract date
 *   and `asOf`, against the outcome in them (so a refresh on a past date is a back-test that
 *   uses nothing after that date).
 * - `variants`: default top 2% and top 5% of adults per practice.
 * - `exclude`: named id lists (already case-managed, end of life ...) for every variant;
 *   `unmatchedExclusions` (`'error'` by default, or `'warn'`): a list that matches nobody, as in `selectCohort`.
 * - `previous`: last month's refresh (`result.next`, or `readPreviousRefresh` in `risk-stratify/node`), for churn.
 * - `outcome` (default `emergencyAdmission`), `lookbackMonths`, `horizonMonths` (default 12 each), `beforeData`.
 * - `reasons`: reasons per person on the case list (default 3).
 * - `evaluate` (default true): the evaluation and the fairness check (`evaluateFairness`) where
 *   the outcomes are in the extract.
 * - `driftMonths` (default 12): the model's calibration drift (`calibrationDrift`) over the
 *   months before `asOf`, overall and per practice; 0 for none (it costs one `buildFeatures`
 *   and one score per month).
 *
 * @example
 * MonthlyRefreshOptions.parse({ asOf: '2024-04-01', model: { fit: true } }).variants.length; // => 2
 */
export const MonthlyRefreshOptions = z
  .object({
    asOf: z.union([z.number().int(), z.string()]),
    model: z.union([z.custom<RiskModel>(isModel, { message: 'expected a RiskModel (fitRiskModel / loadRiskModel) or { fit: true }' }), FitRequest]),
    variants: z.array(RefreshVariant).min(1).default([
      { name: 'top2', topPercent: 2, per: 'practice', adultsOnly: true, policy: 'exact' },
      { name: 'top5', topPercent: 5, per: 'practice', adultsOnly: true, policy: 'exact' },
    ]),
    exclude: ownRecord(z.array(z.string()), 'id lists by name').default({}),
    /** An exclusion list matching nobody: `'error'` (default) or `'warn'`, as `selectCohort`'s option. */
    unmatchedExclusions: z.enum(['error', 'warn']).default('error'),
    previous: z.custom<PreviousRefresh>((v) => PreviousRefreshJson.safeParse(v).success, { message: "expected last month's refresh: result.next, or readPreviousRefresh(folder) in risk-stratify/node" }).optional(),
    outcome: z.enum(['emergencyAdmission', 'avoidableAdmission']).default('emergencyAdmission'),
    lookbackMonths: z.number().int().min(1).max(120).default(12),
    horizonMonths: z.number().int().min(1).max(60).default(12),
    beforeData: BeforeData,
    reasons: z.number().int().min(0).max(10).default(3),
    /** Evaluate the scores where the outcomes are in the extract (default true); false skips it, with no warning. */
    evaluate: z.boolean().default(true),
    /** Months of calibration drift before asOf (default 12); 0 for none. */
    driftMonths: z.number().int().min(0).max(60).default(12),
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', 'must be a function').optional(),
  })
  .strict();
/** Input type of {@link MonthlyRefreshOptions}. */
export type MonthlyRefreshOptions = z.input<typeof MonthlyRefreshOptions>;
