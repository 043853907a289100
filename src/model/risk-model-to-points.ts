import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { SqlModel } from './risk-model-to-sql.js';

/**
 * Options of `RiskModel.toPoints` (a points-based score in the style of Sullivan, Massaro and
 * D'Agostino 2004, "Presentation of multivariate data for clinical use: the Framingham Study
 * risk score functions", Statistics in Medicine 23:1631–1660).
 *
 * - `values`: per feature, the representative values of its categories, the first being the
 *   reference (0 points), e.g. `{ age: [45, 55, 65, 75, 85] }` (mid-points of age bands).
 *   Features not listed get the values `[0, 1]`: points for being 1 (a flag) or per unit (a count).
 * - `pointValue`: the log-odds worth one point (Sullivan's B). Default: the smallest non-zero
 *   step |beta_j (W_jk - W_j0)| over all features and categories, so the weakest step is 1 point.
 *
 * @example
 * PointsOptions.parse({}).values; // => undefined
 */
export const PointsOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    values: z.optional(ownRecord(z.array(z.number().check(z.refine(Number.isFinite, { message: 'must be finite' }))).check(z.minLength(1)), 'a record feature name -> representative values')),
    pointValue: z.optional(z.number().check(z.positive(), z.refine(Number.isFinite, { message: 'must be finite' }))),
  })).shape));
/** Input type of {@link PointsOptions}. */
export type PointsOptions = z.input<typeof PointsOptions>;

/** A points score: integer points per feature category and a table from total points to risk. */
export interface PointsScore {
  /** Log-odds per point (B). */
  readonly pointValue: number;
  /** Log-odds with every feature at its reference value: b0 + sum_j beta_j W_j0. */
  readonly baseline: number;
  /** Points of each category of each feature: round(beta_j (W_jk - W_j0) / B). */
  readonly features: readonly { readonly name: string; readonly values: readonly { readonly value: number; readonly points: number }[] }[];
  /** Every reachable total from the lowest to the highest, with risk = logistic(baseline + B * points). */
  readonly table: readonly { readonly points: number; readonly risk: number }[];
}

const logistic = (e: number): number => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));

/**
 * Derives a points score from a model's coefficients (Sullivan et al. 2004): each feature's
 * categories get integer points round(beta_j (W_jk - W_j0) / B) and a lookup table maps the
 * total to the risk logistic(baseline + B * total). Rounding makes it an approximation of the
 * model, traded for transparency. O(total categories + range of totals).
 *
 * @param model - The model (feature names and coefficients).
 * @param options - See {@link PointsOptions}.
 * @returns The {@link PointsScore}.
 * @throws RiskStratifyError `invalid_options` for values of an unknown feature or when every
 *   step is zero (no default B).
 * @example
 * const s = riskModelToPoints({ featureNames: ['age', 'copd'], coefficients: { intercept: -5, age: 0.05, copd: 0.7 } },
 *   { values: { age: [50, 60, 70, 80] } });
 * s.pointValue; // => 0.5 (10 years of age)
 * s.features[1].values[1].points; // => 1 (round(0.7 / 0.5))
 * s.table[0]; // => { points: 0, risk: logistic(-5 + 0.05 * 50) }
 */
export function riskModelToPoints(model: SqlModel, options: PointsOptions = {}): PointsScore {
  const fn = 'RiskModel.toPoints';
  const o = parseOptions(fn, PointsOptions, options);
  const given = o.values ?? {};
  for (const key of Object.keys(given)) {
    if (!model.featureNames.includes(key)) fail({ fn, code: 'invalid_options', path: ['options', 'values', key], value: key, message: `'${key}' is not a feature of the model` });
  }
  const values = model.featureNames.map((name) => ownValue(given, name) ?? [0, 1]);
  let B = o.pointValue;
  if (B === undefined) {
    let min = Infinity;
    model.featureNames.forEach((name, j) => {
      const b = model.coefficients[name]!;
      const w = values[j]!;
      for (let k = 1; k < w.length; k++) {
        const step = Math.abs(b * (w[k]! - w[0]!));
        if (step > 0 && step < min) min = step;
      }
    });
    if (!Number.isFinite(min)) fail({ fn, code: 'invalid_options', path: ['options', 'pointValue'], message: 'every category step is zero: give pointValue' });
    B = min;
  }
  let baseline = model.coefficients['intercept']!;
  let lo = 0;
  let hi = 0;
  const features = model.featureNames.map((name, j) => {
    const b = model.coefficients[name]!;
    const w = values[j]!;
    baseline += b * w[0]!;
    const cats = w.map((value) => ({ value, points: Math.round((b * (value - w[0]!)) / B) + 0 }));
    lo += Math.min(...cats.map((c) => c.points));
    hi += Math.max(...cats.map((c) => c.points));
    return { name, values: cats };
  });
  const table: { points: number; risk: number }[] = [];
  for (let t = lo; t <= hi; t++) table.push({ points: t, risk: logistic(baseline + B * t) });
  return { pointValue: B, baseline, features, table };
}
