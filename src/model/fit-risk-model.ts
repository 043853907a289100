import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { fail, toSafe, type SafeResult } from '../core/errors.js';
import { formatDay } from '../core/dates.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import { parseOptions } from '../core/options.js';
import { choleskyInverse } from './cholesky.js';
import { irls, type IrlsInput, type IrlsResult } from './irls.js';
import { kernelColumnMoment } from './irls-kernel.js';
import { createRiskModel, type RiskModel } from './risk-model.js';
import type { RiskModelJson } from './risk-model-json.js';
import { eventsPerParameterWarning, notConvergedWarning, toSavedWarning } from './model-warnings.js';
import type { ResultWarning } from '../core/result-warning.js';
import { LIBRARY_VERSION, RISK_MODEL_FORMAT_VERSION } from './version.js';

const isArrayLike = (v: unknown): v is ArrayLike<number> =>
  (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) && typeof (v as ArrayLike<number>).length === 'number';

/**
 * Options of {@link fitRiskModel}.
 *
 * - `l2` (default 0): ridge penalty on the **standardised** coefficients. The fit minimises
 *   `deviance / 2 + (l2 / 2) * sum_j (s_j * beta_j)^2`, where `beta_j` is the coefficient on
 *   the original scale and `s_j` the population standard deviation of feature j over all rows
 *   (divisor n, unweighted). The intercept is never penalised. Units of a feature therefore do
 *   not change the penalty; `l2 = 1` is a gentle penalty for population-sized data.
 * - `weights`: non-negative prior (frequency) weights, one per row; rows of weight 0 are left out.
 * - `maxIterations` (default 25) and `tolerance` (default 1e-8): stop when
 *   |dev - devold| / (|dev| + 0.1) < tolerance, R's `glm.control` rule (on the penalised
 *   deviance when `l2 > 0`).
 * - `definitions`: a human definition per feature, saved with the model.
 * - `fittedAt`: a timestamp to record (the clock is never read).
 * - `onProgress(done, total)`: called after each iteration.
 *
 * @example
 * FitRiskModelOptions.parse({}).maxIterations; // => 25
 */
export const FitRiskModelOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    l2: z._default(z.number().check(z.gte(0), z.lte(1e12)), 0),
    weights: z.optional(z.custom<ArrayLike<number>>(isArrayLike, { message: 'expected an array or typed array of weights' })),
    maxIterations: z._default(z.number().check(z.int(), z.gte(1), z.lte(1000)), 25),
    tolerance: z._default(z.number().check(z.positive(), z.lte(1)), 1e-8),
    definitions: z.optional(ownRecord(z.string(), 'a record feature name -> definition')),
    fittedAt: z.optional(z.string()),
    onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', { message: 'expected a function' })),
  })).shape));
/** Input type of {@link FitRiskModelOptions}. */
export type FitRiskModelOptions = z.input<typeof FitRiskModelOptions>;

const FN = 'fitRiskModel';
const list = (xs: readonly string[]): string => xs.map((s) => `'${s}'`).join(', ');

/**
 * Fits a logistic regression risk model by Newton/IRLS, as R's `glm(family = binomial)` does:
 * same start, same convergence rule, same standard errors (coefficients and SEs agree with R
 * to 1e-6 and better; see the tests). Columns are centred and scaled internally for
 * stability; results are reported on the original scale of the features.
 *
 * **Too few events.** With fewer than 10 events of the rarer outcome per feature (events per
 * parameter, Peduzzi et al. 1996, J Clin Epidemiol 49:1373-9) the fit may converge, but its
 * coefficients, standard errors and risks are unreliable: the model carries a
 * `few_events_per_parameter` warning (in `warnings` and in its saved JSON), so a fit on 2
 * events never looks like a clean one. Non-convergence is a `not_converged` warning.
 *
 * Cost: O(n p^2 / 2) per iteration, one pass over the rows in cache-sized blocks; usually 4–8
 * iterations. Memory: O(p^2) beyond the inputs (plus a copy of the outcome as bytes).
 *
 * @param features - The feature matrix (from `buildFeatures` or `toFeatureMatrix`).
 * @param outcome - 0/1 per row (1 = event, e.g. an emergency admission within the horizon).
 * @param options - See {@link FitRiskModelOptions}.
 * @returns A {@link RiskModel}.
 * @throws RiskStratifyError `length_mismatch` (outcome or weights length); `non_finite` (NaN or
 *   infinite feature, outcome or weight, naming column and row); `invalid_input` (outcome not
 *   0/1 or a negative weight, naming the row); `constant_column` (naming the columns);
 *   `collinear` (naming the column and the columns it is a combination of); `no_events` (no
 *   events, or only events); `separation` (perfect or quasi-complete separation, naming the
 *   feature(s) and suggesting `l2`); `invalid_options`.
 * @example
 * const x = toFeatureMatrix({ age: [50, 60, 70, 80, 55, 65, 75, 85] });
 * const m = fitRiskModel(x, [0, 0, 1, 1, 0, 1, 0, 1]);
 * m.converged; // => true
 * m.featureNames; // => ['age']
 * m.warnings[0].code; // => 'few_events_per_parameter' (4 events for 1 feature)
 */
export function fitRiskModel(features: FeatureMatrix, outcome: ArrayLike<number>, options: FitRiskModelOptions = {}): RiskModel {
  const prep = prepareFit(features, outcome, options);
  return finishFit(prep, irls(prep));
}

/** Validated inputs of a fit, ready for the IRLS core. Internal (shared with the Node-only parallel fit). */
export interface PreparedFit extends IrlsInput {
  readonly fn: string;
  readonly names: readonly string[];
  readonly rows: number;
  readonly events: number;
  readonly weightSum: number;
  readonly asOf: number | undefined;
  readonly l2: number;
  readonly definitions: Readonly<Record<string, string>>;
  readonly fittedAt: string | undefined;
}

/** Validates and prepares a fit (every check of {@link fitRiskModel}). Internal. */
export function prepareFit(features: FeatureMatrix, outcome: ArrayLike<number>, options: FitRiskModelOptions, FN = 'fitRiskModel'): PreparedFit {
  const opts = parseOptions(FN, FitRiskModelOptions, options);
  if (features === null || typeof features !== 'object' || !Array.isArray(features.names) || !Array.isArray(features.columns)) {
    fail({ fn: FN, code: 'invalid_argument', path: ['features'], value: features, message: 'expected a FeatureMatrix' });
  }
  const n = features.n;
  const names = features.names;
  const p = names.length;
  if (!Number.isInteger(n) || n < 1) fail({ fn: FN, code: 'invalid_argument', path: ['features', 'n'], value: n, message: 'needs at least one row' });
  if (features.columns.length !== p) fail({ fn: FN, code: 'invalid_argument', path: ['features', 'columns'], value: features.columns.length, message: `has ${features.columns.length} columns for ${p} names` });
  const seen = new Set<string>();
  for (const name of names) {
    if (name === 'intercept') fail({ fn: FN, code: 'invalid_argument', path: ['features', 'names'], value: name, message: "the feature name 'intercept' is reserved for the model's intercept; rename the column" });
    if (seen.has(name)) fail({ fn: FN, code: 'invalid_argument', path: ['features', 'names'], value: name, message: 'feature names must be unique' });
    seen.add(name);
  }
  const columns: readonly FeatureColumn[] = features.columns;
  columns.forEach((c, j) => {
    if (c.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['features', names[j]!], value: c.length, message: `column has ${c.length} values, expected ${n}` });
  });
  if (!isArrayLike(outcome)) fail({ fn: FN, code: 'invalid_argument', path: ['outcome'], value: outcome, message: 'expected an array or typed array of 0/1' });
  if (outcome.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['outcome'], value: outcome.length, message: `outcome has ${outcome.length} values but the features have ${n} rows` });

  // Outcome as bytes.
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = outcome[i]!;
    if (v === 1) y[i] = 1;
    else if (v !== 0) {
      if (!Number.isFinite(v)) fail({ fn: FN, code: 'non_finite', path: ['outcome', i], value: v, message: 'outcome values must be 0 or 1' });
      fail({ fn: FN, code: 'invalid_input', path: ['outcome', i], value: v, message: `outcome values must be 0 or 1 (row ${i})` });
    }
  }
  // Weights.
  let weights: Float64Array | null = null;
  if (opts.weights !== undefined) {
    const w = opts.weights;
    if (w.length !== n) fail({ fn: FN, code: 'length_mismatch', path: ['options', 'weights'], value: w.length, message: `weights has ${w.length} values but the features have ${n} rows` });
    weights = Float64Array.from(w);
    for (let i = 0; i < n; i++) {
      const v = weights[i]!;
      if (!Number.isFinite(v)) fail({ fn: FN, code: 'non_finite', path: ['options', 'weights', i], value: v, message: `weights must be finite (row ${i})` });
      if (v < 0) fail({ fn: FN, code: 'invalid_input', path: ['options', 'weights', i], value: v, message: `weights must be >= 0 (row ${i})` });
    }
  }
  let rows = 0;
  let events = 0;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const w = weights === null ? 1 : weights[i]!;
    if (w > 0) {
      rows++;
      weightSum += w;
      if (y[i] === 1) events += w;
    }
  }
  if (rows === 0) fail({ fn: FN, code: 'invalid_input', path: ['options', 'weights'], message: 'every weight is 0' });
  if (events === 0) fail({ fn: FN, code: 'no_events', path: ['outcome'], message: `the outcome has no events (all ${rows} rows are 0): nothing to model`, details: { rows, events } });
  if (events === weightSum) fail({ fn: FN, code: 'no_events', path: ['outcome'], message: `every row is an event (all ${rows} rows are 1): nothing to contrast`, details: { rows, events, allEvents: true } });

  // Centring and scaling (all rows, unweighted, divisor n); finiteness checked on the way.
  const means = new Float64Array(p);
  const scales = new Float64Array(p);
  const constant: string[] = [];
  const moment = kernelColumnMoment(); // the WebAssembly kernel's sums where it runs
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    let s = moment?.(c, 0, false);
    if (s === undefined) {
      s = 0;
      for (let i = 0; i < n; i++) s += c[i]!;
    }
    if (!Number.isFinite(s)) {
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(c[i]!)) fail({ fn: FN, code: 'non_finite', path: ['features', names[j]!, i], value: c[i], message: `feature '${names[j]}' has a non-finite value at row ${i}` });
      }
      fail({ fn: FN, code: 'non_finite', path: ['features', names[j]!], message: `feature '${names[j]}' overflows when summed; rescale it` });
    }
    const mean = s / n;
    let ss = moment?.(c, mean, true);
    if (ss === undefined) {
      ss = 0;
      for (let i = 0; i < n; i++) {
        const d = c[i]! - mean;
        ss += d * d;
      }
    }
    means[j] = mean;
    scales[j] = Math.sqrt(ss / n);
    if (!(scales[j]! > 0)) constant.push(names[j]!);
  }
  if (constant.length > 0) {
    fail({ fn: FN, code: 'constant_column', path: ['features', constant[0]!], message: `constant column${constant.length > 1 ? 's' : ''} ${list(constant)}: a feature that never varies cannot be estimated (it is collinear with the intercept); drop it (selectModelFeatures does)`, details: { columns: constant } });
  }

  const penalty = new Float64Array(p + 1);
  for (let j = 1; j <= p; j++) penalty[j] = opts.l2;
  return { fn: FN, n, columns, means, scales, y, weights, penalty, maxIterations: opts.maxIterations, tolerance: opts.tolerance, onProgress: opts.onProgress, names, rows, events, weightSum, asOf: features.asOf, l2: opts.l2, definitions: opts.definitions ?? {}, fittedAt: opts.fittedAt };
}

/** Turns the IRLS result into a model, or throws the error it calls for. Internal. */
export function finishFit(prep: PreparedFit, res: IrlsResult): RiskModel {
  const { fn: FN, columns, means, scales, y, weights, names, rows, events, weightSum } = prep;
  const p = names.length;
  const opts = { l2: prep.l2, maxIterations: prep.maxIterations, tolerance: prep.tolerance, definitions: prep.definitions, fittedAt: prep.fittedAt };
  const label = (j: number): string => (j === 0 ? 'intercept' : names[j - 1]!);

  if (!res.ok) {
    if (res.iteration > 1 && res.extreme > 0) separationError(FN, res.beta, columns, names, y, weights, res.extreme, []);
    const others: string[] = [];
    const c = res.combination;
    let max = 0;
    for (let k = 0; k < c.length; k++) max = Math.max(max, Math.abs(c[k]!));
    for (let k = 0; k < c.length; k++) if (Math.abs(c[k]!) > 1e-6 * max) others.push(label(k));
    const col = label(res.column);
    fail({
      fn: FN,
      code: 'collinear',
      path: ['features', col],
      message: `feature '${col}' is (almost) a linear combination of ${others.length > 0 ? list(others) : 'the features before it'}: collinear columns cannot be estimated separately; drop one of them (MODEL_FEATURES with selectModelFeatures is a set without such sums)${rows <= p ? ` (there are only ${rows} rows for ${p + 1} coefficients)` : ''}`,
      details: { column: col, combinationOf: others },
    });
  }
  if (opts.l2 === 0 && ((res.converged && res.diverging.length > 0) || (res.extreme > 0 && !res.converged))) {
    separationError(FN, res.beta, columns, names, y, weights, res.extreme, res.diverging.map((j) => names[j - 1]!));
  }

  // Back to the original scale: beta_j = b_j / s_j, beta_0 = b_0 - sum_j beta_j m_j; Cov = T C T'.
  const m = p + 1;
  const cs = choleskyInverse(res.factor, m);
  const t = new Float64Array(m * m);
  t[0] = 1;
  for (let j = 1; j < m; j++) {
    t[j] = -means[j - 1]! / scales[j - 1]!;
    t[j * m + j] = 1 / scales[j - 1]!;
  }
  const beta = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k < m; k++) s += t[i * m + k]! * res.beta[k]!;
    beta[i] = s;
  }
  const tc = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let k = 0; k < m; k++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += t[i * m + l]! * cs[l * m + k]!;
    tc[i * m + k] = s;
  }
  const se = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let l = 0; l < m; l++) s += tc[i * m + l]! * t[i * m + l]!;
    se[i] = Math.sqrt(Math.max(0, s));
  }

  const ybar = events / weightSum;
  const nullDeviance = -2 * (events * Math.log(ybar) + (weightSum - events) * Math.log1p(-ybar));
  const warnings: ResultWarning[] = [];
  if (!res.converged) warnings.push(notConvergedWarning(opts.maxIterations));
  const epv = eventsPerParameterWarning(events, weightSum, p, opts.l2);
  if (epv !== undefined) warnings.push(epv);
  const defs = opts.definitions ?? {};
  const json: RiskModelJson = {
    format: 'risk-stratify/risk-model',
    formatVersion: RISK_MODEL_FORMAT_VERSION,
    libraryVersion: LIBRARY_VERSION,
    features: names.map((name, j) => ({ name, ...(Object.hasOwn(defs, name) ? { definition: ownValue(defs, name)! } : {}), mean: means[j]!, scale: scales[j]! })),
    coefficients: Object.fromEntries(Array.from(beta, (b, i) => [label(i), b])),
    standardErrors: Object.fromEntries(Array.from(se, (s, i) => [label(i), s])),
    fit: {
      deviance: res.deviance,
      nullDeviance,
      aic: res.deviance + 2 * m,
      iterations: res.iterations,
      converged: res.converged,
      l2: opts.l2,
      tolerance: opts.tolerance,
      maxIterations: opts.maxIterations,
      weighted: weights !== null,
    },
    training: {
      rows,
      events,
      weightSum,
      ...(prep.asOf !== undefined ? { asOf: formatDay(prep.asOf) } : {}),
      ...(opts.fittedAt !== undefined ? { fittedAt: opts.fittedAt } : {}),
    },
    warnings: warnings.map(toSavedWarning),
  };
  return createRiskModel(json);
}

/**
 * {@link fitRiskModel} that returns `{ ok: true, value }` or `{ ok: false, error }` instead of
 * throwing a RiskStratifyError.
 *
 * @returns A {@link SafeResult} holding the model or the error.
 * @example
 * safeFitRiskModel(toFeatureMatrix({ x: [1, 2] }), [0, 0]).ok; // => false (no events)
 */
export function safeFitRiskModel(features: FeatureMatrix, outcome: ArrayLike<number>, options: FitRiskModelOptions = {}): SafeResult<RiskModel> {
  return toSafe(() => fitRiskModel(features, outcome, options));
}

/** Names the feature(s) behind a separation and throws. */
function separationError(FN: string, betaStd: Float64Array | null, columns: readonly FeatureColumn[], names: readonly string[], y: Uint8Array, weights: Float64Array | null, extreme: number, moving: readonly string[]): never {
  const p = names.length;
  // A feature that on its own orders events and non-events without overlap (<= allows one shared value).
  const alone: string[] = [];
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    let minE = Infinity;
    let maxE = -Infinity;
    let minN = Infinity;
    let maxN = -Infinity;
    for (let i = 0; i < c.length; i++) {
      if (weights !== null && !(weights[i]! > 0)) continue;
      const v = c[i]!;
      if (y[i] === 1) {
        if (v < minE) minE = v;
        if (v > maxE) maxE = v;
      } else {
        if (v < minN) minN = v;
        if (v > maxN) maxN = v;
      }
    }
    if (maxN <= minE || maxE <= minN) alone.push(names[j]!);
  }
  // Features whose coefficients kept moving (or, failing that, dominate: they diverge under separation).
  const diverging: string[] = [...moving];
  if (diverging.length === 0 && betaStd !== null && p > 0) {
    let max = 0;
    for (let j = 1; j <= p; j++) max = Math.max(max, Math.abs(betaStd[j]!));
    const order = Array.from({ length: p }, (_, j) => j).sort((a, b) => Math.abs(betaStd[b + 1]!) - Math.abs(betaStd[a + 1]!));
    for (const j of order) if (Math.abs(betaStd[j + 1]!) >= 0.5 * max && max > 0) diverging.push(names[j]!);
  }
  const named = [...alone, ...diverging.filter((d) => !alone.includes(d))];
  return fail({
    fn: FN,
    code: 'separation',
    path: ['features', named[0] ?? ''],
    message:
      `perfect or quasi-complete separation: ${extreme > 0 ? `${extreme} fitted probabilities are numerically 0 or 1` : 'coefficients grow without bound while the deviance stalls'}` +
      (alone.length > 0 ? `; ${list(alone)} alone separate${alone.length === 1 ? 's' : ''} events from non-events` : '') +
      (diverging.length > 0 ? `; diverging coefficients: ${list(diverging)}` : '') +
      '. Maximum-likelihood estimates do not exist: drop or merge the feature, or fit with a ridge penalty, e.g. { l2: 1 }',
    details: { features: named, separatesAlone: alone, diverging, extreme },
  });
}
