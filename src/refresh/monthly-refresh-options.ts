import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord } from '../core/own-record.js';
import { BeforeData } from '../core/before-data.js';
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
export const RefreshVariant = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    name: z.string().check(z.minLength(1)),
    // selectCohort's own fields, defaults and checks (one schema for both).
    ...pick(CohortOptions.shape, ['topPercent', 'topN', 'per', 'adultsOnly', 'policy', 'capacity', 'groups'] as const),
  })).shape).check(z.refine((o) => (o.topPercent === undefined) !== (o.topN === undefined), { message: 'give exactly one of topPercent and topN', path: ['topPercent'] })));
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
export const PreviousRefreshJson = /* @__PURE__ */ lazySchema(() => z.object({
  asOf: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  variants: ownRecord(z.object({ ids: z.array(z.string()), everSelected: z.optional(z.array(z.string())) }), "last month's cohorts by variant name"),
}));

/** A request to fit the model inside the refresh, on the latest complete horizon of the extract. */
const FitRequest = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    fit: z.literal(true),
    /** Features to fit (default `MODEL_FEATURES`; those not built or constant are dropped and listed). */
    featureNames: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
    l2: z._default(z.number().check(z.nonnegative()), 0),
  })).shape));

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
export const MonthlyRefreshOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    asOf: z.union([z.number().check(z.int()), z.string()]),
    model: z.union([z.custom<RiskModel>(isModel, { message: 'expected a RiskModel (fitRiskModel / loadRiskModel) or { fit: true }' }), FitRequest]),
    variants: z._default(z.array(RefreshVariant).check(z.minLength(1)), [
      { name: 'top2', topPercent: 2, per: 'practice', adultsOnly: true, policy: 'exact' },
      { name: 'top5', topPercent: 5, per: 'practice', adultsOnly: true, policy: 'exact' },
    ]),
    exclude: z._default(ownRecord(z.array(z.string()), 'id lists by name'), {}),
    /** An exclusion list matching nobody: `'error'` (default) or `'warn'`, as `selectCohort`'s option. */
    unmatchedExclusions: z._default(z.enum(['error', 'warn']), 'error'),
    previous: z.optional(z.custom<PreviousRefresh>((v) => PreviousRefreshJson.safeParse(v).success, { message: "expected last month's refresh: result.next, or readPreviousRefresh(folder) in risk-stratify/node" })),
    outcome: z._default(z.enum(['emergencyAdmission', 'avoidableAdmission']), 'emergencyAdmission'),
    lookbackMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 12),
    horizonMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(60)), 12),
    beforeData: BeforeData,
    reasons: z._default(z.number().check(z.int(), z.gte(0), z.lte(10)), 3),
    /** Evaluate the scores where the outcomes are in the extract (default true); false skips it, with no warning. */
    evaluate: z._default(z.boolean(), true),
    /** Months of calibration drift before asOf (default 12); 0 for none. */
    driftMonths: z._default(z.number().check(z.int(), z.gte(0), z.lte(60)), 12),
    onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', 'must be a function')),
  })).shape));
/** Input type of {@link MonthlyRefreshOptions}. */
export type MonthlyRefreshOptions = z.input<typeof MonthlyRefreshOptions>;
