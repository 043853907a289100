import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { formatDay } from '../core/dates.js';
import type { FeatureMatrix } from '../core/feature-matrix.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { createRiskModel, type RiskModel } from './risk-model.js';
import type { RiskModelJson } from './risk-model-json.js';
import { LIBRARY_VERSION } from './version.js';
import { toSavedWarning } from './model-warnings.js';
import { modelId } from './model-id.js';
import { devianceTerm, lineSums, sigmoid } from '../core/logistic-line.js';

const FN = 'recalibrate';

/**
 * Options of {@link recalibrate}.
 * - `method`: `'intercept'` (default: refit the intercept with the old linear predictor as
 *   an offset, so the average risk is right again and the ranking is unchanged) or
 *   `'intercept-and-slope'` (refit a + b·lp: also the spread of risks; the ranking is still
 *   unchanged for b > 0).
 * - `caseManaged`: ids of people case-managed during the outcome year; they are left out of
 *   the refit (see the `case_managed_in_training` warning).
 * - `fittedAt`: when (written into `training.fittedAt`, exactly as given; the clock is never read).
 * - `maxIterations` (default 50), `tolerance` (default 1e-12, on the relative change in deviance).
 */
export const RecalibrateOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    method: z._default(z.enum(['intercept', 'intercept-and-slope']), 'intercept'),
    caseManaged: z.optional(z.array(z.string())),
    fittedAt: z.optional(z.string()),
    maxIterations: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 50),
    tolerance: z._default(z.number().check(z.positive()), 1e-12),
  })).shape));
/** Input type of {@link RecalibrateOptions}. */
export type RecalibrateOptions = z.input<typeof RecalibrateOptions>;

/** The outcome for {@link recalibrate}: a 0/1 array aligned with the features, or `buildOutcomes(...)` (joined by population row). */
export type RecalibrationOutcome = ArrayLike<number | boolean> | { readonly rows: ArrayLike<number>; readonly emergencyAdmission: ArrayLike<number> };

/** The result of {@link recalibrate}. */
export interface Recalibration {
  /** The new model: the old coefficients recalibrated, `provenance` naming the old one. */
  readonly model: RiskModel;
  readonly method: 'intercept' | 'intercept-and-slope';
  /** a: the shift of the linear predictor (logit P = a + b·lp). */
  readonly intercept: number;
  /** b: 1 for `'intercept'`. */
  readonly slope: number;
  /** Standard errors of a and b (b's is 0 for `'intercept'`: not estimated). */
  readonly interceptSE: number;
  readonly slopeSE: number;
  /** People and events the recalibration was fitted on. */
  readonly rows: number;
  readonly events: number;
  /** Observed events / sum of the old model's risks on those people, before and after (after is 1 with `'intercept'`). */
  readonly observedExpectedBefore: number;
  readonly observedExpectedAfter: number;
  /**
   * `case_managed_in_training` always: refitting or recalibrating on people who were
   * case-managed bakes the intervention into the model (its effect on their admissions reads
   * as lower risk, so the next list selects fewer people like them). Also saved in the model.
   */
  readonly warnings: readonly ResultWarning[];
}

/**
 * Newton-Raphson with step halving (as R's glm.fit) for logit P = a + b·lp, b fixed at 1
 * when `withSlope` is false (lp then an offset). Returns a, b, the deviance, iterations,
 * convergence and the inverse information.
 */
function fitLine(lp: Float64Array, y: Uint8Array, withSlope: boolean, maxIt: number, tol: number) {
  const n = y.length;
  const deviance = (a: number, b: number): number => {
    let d = 0;
    for (let i = 0; i < n; i++) d += devianceTerm(a + b * lp[i]!, y[i]!);
    return d;
  };
  let a = 0;
  let b = 1;
  let dev = deviance(a, b);
  let converged = false;
  let it = 0;
  for (; it < maxIt && !converged; it++) {
    const { g0, g1, h00, h01, h11 } = lineSums(lp, y, a, b, false);
    let d0: number;
    let d1 = 0;
    if (withSlope) {
      const det = h00 * h11 - h01 * h01;
      if (!(Math.abs(det) > 1e-14 * Math.abs(h00 * h11))) break;
      d0 = (h11 * g0 - h01 * g1) / det;
      d1 = (h00 * g1 - h01 * g0) / det;
    } else {
      if (!(h00 > 0)) break;
      d0 = g0 / h00;
    }
    let t = 1;
    let next = deviance(a + d0, b + d1);
    while (!(next <= dev) && t > 1e-10) {
      t /= 2;
      next = deviance(a + t * d0, b + t * d1);
    }
    if (!(next <= dev)) break;
    a += t * d0;
    b += t * d1;
    converged = Math.abs(dev - next) / (Math.abs(next) + 0.1) < tol;
    dev = next;
  }
  const { h00, h01, h11 } = lineSums(lp, y, a, b, false);
  const det = h00 * h11 - h01 * h01;
  const seA = withSlope ? Math.sqrt(h11 / det) : 1 / Math.sqrt(h00);
  const seB = withSlope ? Math.sqrt(h00 / det) : 0;
  return { a, b, dev, it, converged, seA, seB };
}

/**
 * Recalibrates a risk model on the latest complete year, keeping what it ranks by and
 * correcting how much risk it gives: `'intercept'` refits only the intercept, with the old
 * linear predictor lp = b0 + Σ βj·xj as an offset (logit P = a + lp; the new intercept is
 * b0 + a, so the sum of predicted risks equals the events); `'intercept-and-slope'` refits
 * logit P = a + b·lp (new coefficients b·βj, intercept a + b·b0). Both leave the order of
 * scores unchanged (for b > 0), so cohorts change only through people near the cut-off;
 * refitting every coefficient is `fitRiskModel`.
 *
 * The new model is versioned: `provenance.version` is the old one's plus 1 (a model without
 * provenance is version 1), `provenance.derivedFrom` names the old model by its
 * {@link modelId}, version, as-of date and fit time, and `provenance.recalibration` keeps
 * the method, a, b and the data it was fitted on. Standard errors: the intercept's is a's from
 * the recalibration fit, the features' the old ones times |b| (not re-estimated). Deviance,
 * null deviance and AIC are those of the recalibration data.
 *
 * **Case management bakes in.** People case-managed in the outcome year had fewer admissions
 * because of it (if it works); a model refitted or recalibrated on them learns that people
 * like them are lower risk, and the next list selects fewer of them: the intervention is
 * baked into the model. Pass their ids as `caseManaged` to leave them out. The result and
 * the saved model always carry a `case_managed_in_training` warning saying so.
 *
 * O(n·p) for the linear predictor, O(n) per Newton step (a handful).
 *
 * @param model - The model to recalibrate.
 * @param features - Features at the start of the latest complete year (as of the extract
 *   date minus 12 months), with every column the model uses.
 * @param outcome - 0/1 per feature row, or `buildOutcomes(...)` over the year (joined to the
 *   features by population row).
 * @param options - {@link RecalibrateOptions}.
 * @returns A {@link Recalibration} with the new `model`.
 * @throws RiskStratifyError `missing_column` for a feature the model needs, `length_mismatch`
 *   for an outcome of the wrong length, `invalid_input` for a non-0/1 outcome, `no_events`
 *   when there are no events or no non-events to fit, `invalid_options`.
 * @example
 * const model = fitRiskModel(toFeatureMatrix({ age: [50, 60, 70, 80, 55, 65, 75, 85] }), [0, 0, 1, 1, 0, 1, 0, 1]);
 * const later = toFeatureMatrix({ age: [50, 60, 70, 80, 55, 65, 75, 85] });
 * const r = recalibrate(model, later, [0, 0, 0, 1, 0, 1, 0, 0]);
 * r.observedExpectedAfter; // => 1 (to rounding)
 * r.model.provenance.version; // => 2
 */
export function recalibrate(model: RiskModel, features: FeatureMatrix, outcome: RecalibrationOutcome, options: RecalibrateOptions = {}): Recalibration {
  const o = parseOptions(FN, RecalibrateOptions, options);
  if (model === null || typeof model !== 'object' || typeof model.toJSON !== 'function') fail({ fn: FN, code: 'invalid_argument', path: ['model'], value: model, message: 'expected a RiskModel' });
  if (features === null || typeof features !== 'object' || typeof features.column !== 'function') fail({ fn: FN, code: 'invalid_argument', path: ['features'], value: features, message: 'expected a FeatureMatrix' });
  const n = features.n;
  const names = model.featureNames;
  const missing = names.filter((k) => features.column(k) === undefined);
  if (missing.length > 0) fail({ fn: FN, code: 'missing_column', path: ['features'], value: missing, message: `the model needs columns ${missing.map((s) => `'${s}'`).join(', ')}` });
  // The outcome per feature row.
  let yAll: ArrayLike<number | boolean>;
  if (outcome !== null && typeof outcome === 'object' && 'rows' in outcome && 'emergencyAdmission' in outcome) {
    const at = new Map<number, number>();
    for (let j = 0; j < outcome.rows.length; j++) at.set(outcome.rows[j]!, j);
    const y = new Int8Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const j = at.get(features.rows[i]!);
      if (j !== undefined) y[i] = outcome.emergencyAdmission[j]!;
    }
    yAll = y;
  } else {
    if (outcome === null || typeof outcome !== 'object' || typeof (outcome as ArrayLike<number>).length !== 'number') fail({ fn: FN, code: 'invalid_argument', path: ['outcome'], value: outcome, message: 'expected 0/1 per feature row, or buildOutcomes(...)' });
    if ((outcome as ArrayLike<number>).length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['outcome'], value: (outcome as ArrayLike<number>).length, message: `has ${(outcome as ArrayLike<number>).length} values but the features have ${n} rows; pass buildOutcomes(population, { asOf, rows: features.rows })` });
    yAll = outcome as ArrayLike<number | boolean>;
  }
  const excludeIds = new Set(o.caseManaged ?? []);
  const keep: number[] = [];
  let noOutcome = 0;
  let caseManaged = 0;
  for (let i = 0; i < n; i++) {
    const v = yAll[i];
    if (v === -1) { noOutcome++; continue; }
    if (v !== 0 && v !== 1 && v !== true && v !== false) fail({ fn: FN, code: 'invalid_input', path: ['outcome', i], value: v, message: 'outcome is not 0 or 1' });
    if (excludeIds.size > 0 && excludeIds.has(features.rowIds[i]!)) { caseManaged++; continue; }
    keep.push(i);
  }
  const m = keep.length;
  const y = Uint8Array.from(keep, (i) => (yAll[i] === 1 || yAll[i] === true ? 1 : 0));
  const lp = new Float64Array(m);
  const b0 = model.coefficients['intercept']!;
  lp.fill(b0);
  for (const name of names) {
    const col = features.column(name)!;
    const beta = model.coefficients[name]!;
    for (let k = 0; k < m; k++) lp[k]! += beta * col[keep[k]!]!;
  }
  let events = 0;
  let expectedBefore = 0;
  for (let k = 0; k < m; k++) {
    events += y[k]!;
    expectedBefore += sigmoid(lp[k]!);
  }
  if (events === 0 || events === m) fail({ fn: FN, code: 'no_events', path: ['outcome'], value: events, message: `${events === 0 ? 'no events' : 'no non-events'} among the ${m} people: nothing to recalibrate on` });
  const withSlope = o.method === 'intercept-and-slope';
  const fit = fitLine(lp, y, withSlope, o.maxIterations, o.tolerance);
  let expectedAfter = 0;
  for (let k = 0; k < m; k++) expectedAfter += sigmoid(fit.a + fit.b * lp[k]!);
  const pbar = events / m;
  const nullDeviance = -2 * (events * Math.log(pbar) + (m - events) * Math.log(1 - pbar));

  const old = model.toJSON();
  const oldVersion = model.provenance.version;
  const coefficients: Record<string, number> = { intercept: fit.a + fit.b * b0 };
  const standardErrors: Record<string, number> = { intercept: fit.seA };
  for (const name of names) {
    coefficients[name] = fit.b * model.coefficients[name]!;
    standardErrors[name] = Math.abs(fit.b) * model.standardErrors[name]!;
  }
  const asOf = features.asOf !== undefined ? formatDay(features.asOf) : undefined;
  const warnings: ResultWarning[] = [
    resultWarning('case_managed_in_training', caseManaged > 0
      ? `${caseManaged} case-managed people were left out of the recalibration; anyone else case-managed in the outcome year (not in caseManaged) had admissions lowered by it, which a refitted or recalibrated model learns as lower risk: the intervention is baked into the model`
      : 'recalibrated on everyone in the outcome year: people who were case-managed then had admissions lowered by it (if it worked), which a refitted or recalibrated model learns as lower risk, so the next list selects fewer people like them (the intervention is baked into the model); pass caseManaged to leave them out',
    { path: ['model'], count: caseManaged }),
  ];
  if (!fit.converged) warnings.push(resultWarning('not_converged', `the recalibration did not converge in ${o.maxIterations} Newton steps`, { path: ['intercept'] }));
  if (noOutcome > 0) warnings.push(resultWarning('insufficient_data', `${noOutcome} feature rows have no outcome (not in the outcomes' rows) and were left out`, { path: ['rows'], count: noOutcome }));
  const json: RiskModelJson = {
    ...old,
    libraryVersion: LIBRARY_VERSION,
    coefficients,
    standardErrors,
    fit: { ...old.fit, deviance: fit.dev, nullDeviance, aic: fit.dev + 2 * (names.length + 1), iterations: fit.it, converged: fit.converged, tolerance: o.tolerance, maxIterations: o.maxIterations, weighted: false },
    training: { rows: m, events, weightSum: m, ...(asOf !== undefined ? { asOf } : {}), ...(o.fittedAt !== undefined ? { fittedAt: o.fittedAt } : {}) },
    warnings: [...old.warnings.filter((w) => w.code !== 'case_managed_in_training'), ...warnings.map(toSavedWarning)],
    provenance: {
      version: oldVersion + 1,
      derivedFrom: {
        id: modelId(model), version: oldVersion,
        ...(model.training.asOf !== undefined ? { asOf: model.training.asOf } : {}),
        ...(model.training.fittedAt !== undefined ? { fittedAt: model.training.fittedAt } : {}),
      },
      recalibration: { method: o.method, intercept: fit.a, slope: fit.b, rows: m, events, ...(asOf !== undefined ? { asOf } : {}) },
    },
  };
  return {
    model: createRiskModel(json), method: o.method, intercept: fit.a, slope: fit.b, interceptSE: fit.seA, slopeSE: fit.seB, rows: m, events,
    observedExpectedBefore: events / expectedBefore, observedExpectedAfter: events / expectedAfter, warnings,
  };
}
