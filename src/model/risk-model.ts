import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { withRows } from '../core/aligned-rows.js';
import { fail } from '../core/errors.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import { parseOptions } from '../core/options.js';
import { twoSidedP as twoSidedNormalP, Z_975 } from '../core/normal.js';
import type { RiskModelJson } from './risk-model-json.js';
import type { ResultWarning } from '../core/result-warning.js';
import { readSavedWarning } from './model-warnings.js';
import { riskModelToSQL, type RiskModelSqlOptions } from './risk-model-to-sql.js';
import { scoringKernel } from './score-kernel.js';
import { riskModelToPoints, type PointsOptions, type PointsScore } from './risk-model-to-points.js';

/** An odds ratio exp(beta) with its 95% Wald confidence interval exp(beta +/- 1.96 SE). */
export interface OddsRatio {
  readonly oddsRatio: number;
  readonly lower: number;
  readonly upper: number;
}

/** Where a model came from: see `RiskModel.provenance` and the `provenance` of {@link RiskModelJson}. */
export type RiskModelProvenance = NonNullable<RiskModelJson['provenance']>;

/** What the model was trained on. */
export interface RiskModelTraining {
  /** Rows with a non-zero weight. */
  readonly rows: number;
  /** Sum of weights of the rows with outcome 1 (the count of events when unweighted). */
  readonly events: number;
  /** Sum of weights (equals `rows` when unweighted). */
  readonly weightSum: number;
  /** The as-of date of the feature matrix (`yyyy-mm-dd`), when it had one. */
  readonly asOf?: string | undefined;
  /** When the model was fitted, exactly as passed in `fittedAt` (the clock is never read). */
  readonly fittedAt?: string | undefined;
}

/**
 * Options of `RiskModel.score`: write into `out` starting at `offset` (to score a stream of
 * chunks into one buffer), and `ignoreExtra` to allow columns the model does not use.
 *
 * @example
 * model.score(chunk, { out: all, offset: 10_000 }); // => all, with rows 10000.. filled
 */
export const ScoreOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    out: z.optional(z.instanceof(Float64Array)),
    offset: z._default(z.number().check(z.int(), z.gte(0)), 0),
    ignoreExtra: z._default(z.boolean(), false),
  })).shape));
/** Input type of {@link ScoreOptions}. */
export type ScoreOptions = z.input<typeof ScoreOptions>;

/**
 * A fitted logistic risk model: coefficients with standard errors, Wald statistics and odds
 * ratios, fit statistics, and the ways to use it (score in JS, save as JSON, score in SQL).
 * Build one with {@link fitRiskModel} or {@link loadRiskModel}. Immutable.
 *
 * @example
 * const model = fitRiskModel(toFeatureMatrix({ age: [50, 60, 70, 80, 55, 65, 75, 85] }), [0, 0, 1, 1, 0, 1, 0, 1]);
 * model.score(toFeatureMatrix({ age: [90] }))[0] > 0.5; // => true
 * loadRiskModel(JSON.stringify(model)).coefficients.age === model.coefficients.age; // => true
 */
export interface RiskModel {
  /** Feature names, in model order. */
  readonly featureNames: readonly string[];
  /** Human definitions of features, where given at fit time. */
  readonly definitions: Readonly<Record<string, string>>;
  /** Coefficients on the original scale of the features; intercept under `intercept`. */
  readonly coefficients: Readonly<Record<string, number>>;
  /** Training mean of each feature (the centring used while fitting, saved in the JSON): the mean person of `scoreReasons`. */
  readonly featureMeans: Readonly<Record<string, number>>;
  /** Standard errors (sqrt of the diagonal of the inverse of X'WX, as R's `summary.glm`). */
  readonly standardErrors: Readonly<Record<string, number>>;
  /** Wald z = coefficient / standard error. */
  readonly zValues: Readonly<Record<string, number>>;
  /** Two-sided Wald p-values, P(|Z| >= |z|). */
  readonly pValues: Readonly<Record<string, number>>;
  /** Odds ratios with 95% Wald intervals. */
  readonly oddsRatios: Readonly<Record<string, OddsRatio>>;
  /** Residual deviance, -2 log-likelihood (unpenalised). */
  readonly deviance: number;
  /** Deviance of the intercept-only model. */
  readonly nullDeviance: number;
  /** deviance + 2 (p + 1); as R's for unit or integer weights; not adjusted for a penalty. */
  readonly aic: number;
  /** Newton/IRLS iterations (weighted least-squares solves), as R's `iter`. */
  readonly iterations: number;
  /** Whether the deviance criterion was met within `maxIterations`. */
  readonly converged: boolean;
  /** The ridge penalty used (0 = none). */
  readonly l2: number;
  /** Training metadata. */
  readonly training: RiskModelTraining;
  /**
   * Where the model came from: `{ version: 1 }` for a model fitted directly; a recalibrated
   * model (`recalibrate`) has the next version, the old model it was derived from
   * (`derivedFrom`, named by `modelId`) and the recalibration. Saved in the JSON.
   */
  readonly provenance: RiskModelProvenance;
  /**
   * What to know before using the model: `few_events_per_parameter` (fewer than 10 events of
   * the rarer outcome per feature, Peduzzi et al. 1996: coefficients and risks unreliable) and
   * `not_converged`. Saved in the JSON.
   */
  readonly warnings: readonly ResultWarning[];
  /**
   * Probabilities for every row of `features`, columns matched by name (their order does
   * not matter). O(n p); reads each value once.
   *
   * @throws RiskStratifyError `missing_column` listing missing (and extra) columns;
   *   `invalid_argument` for extra columns without `ignoreExtra` or an `out` too short.
   */
  score(features: FeatureMatrix, options?: ScoreOptions): Float64Array;
  /** The versioned, plain-JSON form (see {@link RiskModelJson}); exact to the bit. */
  toJSON(): RiskModelJson;
  /** The scoring query (and optionally the cohort selection) in SQL; see {@link RiskModelSqlOptions}. */
  toSQL(options: RiskModelSqlOptions): string;
  /** A points-based score (Sullivan et al. 2004) with its lookup table; see {@link PointsOptions}. */
  toPoints(options?: PointsOptions): PointsScore;
}

/** Builds the model object from its saved form. Internal: the one constructor. */
export function createRiskModel(json: RiskModelJson): RiskModel {
  const names = json.features.map((f) => f.name);
  const keys = ['intercept', ...names];
  // + 0 turns -0 into 0: JSON has no -0, and a saved model must reload bit for bit.
  const coefficients = Object.freeze(Object.fromEntries(keys.map((k) => [k, json.coefficients[k]! + 0])));
  const standardErrors = Object.freeze(Object.fromEntries(keys.map((k) => [k, json.standardErrors[k]!])));
  const zValues = Object.freeze(Object.fromEntries(keys.map((k) => [k, coefficients[k]! / standardErrors[k]!])));
  const pValues = Object.freeze(Object.fromEntries(keys.map((k) => [k, twoSidedNormalP(zValues[k]!)])));
  const oddsRatios = Object.freeze(
    Object.fromEntries(
      keys.map((k) => {
        const b = coefficients[k]!;
        const se = standardErrors[k]!;
        return [k, Object.freeze({ oddsRatio: Math.exp(b), lower: Math.exp(b - Z_975 * se), upper: Math.exp(b + Z_975 * se) })];
      }),
    ),
  );
  const definitions = Object.freeze(
    Object.fromEntries(json.features.filter((f) => f.definition !== undefined).map((f) => [f.name, f.definition!])),
  );
  const coef = Float64Array.from(names, (k) => coefficients[k]!);
  const b0 = coefficients['intercept']!;
  const frozen = JSON.parse(JSON.stringify({ ...json, coefficients })) as RiskModelJson;
  const training: RiskModelTraining = Object.freeze({ ...json.training });

  const model: RiskModel = {
    featureNames: Object.freeze([...names]),
    definitions,
    coefficients,
    featureMeans: Object.freeze(Object.fromEntries(json.features.map((f) => [f.name, f.mean]))),
    standardErrors,
    zValues,
    pValues,
    oddsRatios,
    deviance: json.fit.deviance,
    nullDeviance: json.fit.nullDeviance,
    aic: json.fit.aic,
    iterations: json.fit.iterations,
    converged: json.fit.converged,
    l2: json.fit.l2,
    training,
    provenance: Object.freeze(JSON.parse(JSON.stringify(json.provenance ?? { version: 1 })) as RiskModelProvenance),
    warnings: Object.freeze(json.warnings.map(readSavedWarning)),
    score(features: FeatureMatrix, options?: ScoreOptions): Float64Array {
      const fn = 'RiskModel.score';
      const opts = parseOptions(fn, ScoreOptions, options);
      if (features === null || typeof features !== 'object' || typeof features.column !== 'function' || !Array.isArray(features.names)) {
        fail({ fn, code: 'invalid_argument', path: ['features'], value: features, message: 'expected a FeatureMatrix' });
      }
      const cols: FeatureColumn[] = [];
      const missing: string[] = [];
      for (const name of names) {
        const c = features.column(name);
        if (c === undefined) missing.push(name);
        else cols.push(c);
      }
      const extra = features.names.filter((nm) => !names.includes(nm));
      if (missing.length > 0 || (extra.length > 0 && !opts.ignoreExtra)) {
        const parts = [missing.length > 0 ? `missing columns ${missing.map((s) => `'${s}'`).join(', ')}` : '', extra.length > 0 ? `extra columns ${extra.map((s) => `'${s}'`).join(', ')}${opts.ignoreExtra ? '' : ' (pass { ignoreExtra: true } to allow them)'}` : ''].filter(Boolean);
        fail({ fn, code: missing.length > 0 ? 'missing_column' : 'invalid_argument', path: ['features', 'names'], message: `feature columns do not match the model: ${parts.join('; ')}`, details: { missing, extra } });
      }
      const n = features.n;
      for (let j = 0; j < cols.length; j++) {
        if (cols[j]!.length !== n) fail({ fn, code: 'length_mismatch', path: ['features', names[j]!], value: cols[j]!.length, message: `column has ${cols[j]!.length} values, expected ${n}` });
      }
      const out = opts.out ?? new Float64Array(n + opts.offset);
      if (opts.offset + n > out.length) {
        fail({ fn, code: 'invalid_argument', path: ['options', 'out'], value: out.length, message: `out has room for ${out.length - opts.offset} rows after offset ${opts.offset}, need ${n}` });
      }
      scoringKernel()(cols, coef, b0, 0, n, out, opts.offset);
      // A fresh result carries the features' population rows, so selectCohort, evaluateScores
      // and compareVariants line it up with the population themselves.
      return opts.out === undefined && opts.offset === 0 ? withRows(out, features.rows) : out;
    },
    toJSON(): RiskModelJson {
      return JSON.parse(JSON.stringify(frozen)) as RiskModelJson;
    },
    toSQL(options: RiskModelSqlOptions): string {
      return riskModelToSQL(model, options);
    },
    toPoints(options?: PointsOptions): PointsScore {
      return riskModelToPoints(model, options);
    },
  };
  return Object.freeze(model);
}
