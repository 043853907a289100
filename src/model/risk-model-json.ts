import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { describeValue } from '../core/errors.js';

const finite = /* @__PURE__ */ lazySchema(() => z.number().check(z.refine(Number.isFinite, { message: 'must be a finite number' })));
const nonNegative = /* @__PURE__ */ lazySchema(() => finite.check(z.refine((v) => v >= 0, { message: 'must be >= 0' })));

/**
 * The most features a saved model may have (10,000): a larger file is refused by
 * {@link loadRiskModel} before it is read further, rather than loaded slowly.
 */
export const MAX_MODEL_FEATURES = 10_000;

/** At most this many names are listed in one problem; the rest are counted. */
const SHOWN = 10;

/** Names quoted for a problem: the first {@link SHOWN}, then how many more. */
export function nameList(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN).map((s) => `'${s}'`).join(', ');
  return names.length > SHOWN ? `${shown} and ${names.length - SHOWN} more` : shown;
}

/**
 * A saved record name -> number (coefficients, standard errors), read by own keys only into a
 * null-prototype record, so a feature called `toString`, `constructor` or `__proto__` is a
 * name like any other. Every value must be a finite number (JSON's `1e999` reads as Infinity
 * and is refused naming its key), and `>= 0` when `nonNegative`. O(entries).
 */
function numberRecord(nonNegative: boolean) {
  return z.pipe(z
    .custom<Record<string, number>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), { message: 'expected an object of name -> number' }).check(z.superRefine((rec, ctx) => {
      const keys = Object.keys(rec);
      if (keys.length > MAX_MODEL_FEATURES + 1) {
        ctx.addIssue({ code: 'custom', message: `has ${keys.length} entries; a model has at most ${MAX_MODEL_FEATURES} features and the intercept` });
        return;
      }
      for (const k of keys) {
        const v: unknown = Object.getOwnPropertyDescriptor(rec, k)!.value;
        if (typeof v !== 'number' || !Number.isFinite(v)) ctx.addIssue({ code: 'custom', path: [k], message: `${JSON.stringify(k)} must be a finite number; got ${describeValue(v)}` });
        else if (nonNegative && v < 0) ctx.addIssue({ code: 'custom', path: [k], message: `${JSON.stringify(k)} must be >= 0; got ${v}` });
      }
    })), z.transform((rec) => {
      const out = Object.create(null) as Record<string, number>;
      for (const k of Object.keys(rec)) out[k] = Object.getOwnPropertyDescriptor(rec, k)!.value as number;
      return out;
    }));
}

/** A saved `ResultWarning`: `{ code, message, path?, count?, examples? }`. */
const SavedWarning = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    code: z.string().check(z.minLength(1)),
    message: z.string(),
    path: z.optional(z.array(z.union([z.string(), z.number()]))),
    count: z.optional(finite),
    examples: z.optional(z.array(z.string())),
  })).shape));

const RiskModelJsonBase = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    format: z.literal('risk-stratify/risk-model'),
    formatVersion: z.literal(2),
    libraryVersion: z.string(),
    features: z
      .array(
        z.strictObject((z
          .object({
            name: z.string().check(z.minLength(1), z.refine((s) => s !== 'intercept', { message: "'intercept' is reserved" })),
            definition: z.optional(z.string()),
            mean: finite,
            scale: finite.check(z.refine((v) => v > 0, { message: 'must be > 0' })),
          })).shape),
      ).check(z.maxLength(MAX_MODEL_FEATURES, { message: `a model has at most ${MAX_MODEL_FEATURES} features` }), z.refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, { message: 'feature names must be unique' })),
    coefficients: numberRecord(false),
    standardErrors: numberRecord(true),
    fit: z.strictObject((z
      .object({
        deviance: nonNegative,
        nullDeviance: nonNegative,
        aic: finite,
        iterations: z.number().check(z.int(), z.gte(0)),
        converged: z.boolean(),
        l2: nonNegative,
        tolerance: nonNegative,
        maxIterations: z.number().check(z.int(), z.gte(1)),
        weighted: z.boolean(),
      })).shape),
    training: z.strictObject((z
      .object({
        rows: z.number().check(z.int(), z.gte(0)),
        events: nonNegative,
        weightSum: nonNegative,
        asOf: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
        fittedAt: z.optional(z.string()),
      })).shape),
    warnings: z.array(SavedWarning),
    /**
     * Where the model came from (absent: a model fitted directly, version 1). Written by
     * `recalibrate`: the version (the old one's plus 1), the old model it was derived from
     * (its `modelId`, version, as-of date and fit time) and the recalibration (method,
     * intercept a and slope b of logit P = a + b·lp, the rows and events it was fitted on).
     */
    provenance: z.optional(z.strictObject((z
      .object({
        version: z.number().check(z.int(), z.gte(1)),
        derivedFrom: z.optional(z.strictObject((z
          .object({ id: z.string().check(z.minLength(1)), version: z.number().check(z.int(), z.gte(1)), asOf: z.optional(z.string()), fittedAt: z.optional(z.string()) })).shape)),
        recalibration: z.optional(z.strictObject((z
          .object({ method: z.enum(['intercept', 'intercept-and-slope']), intercept: finite, slope: finite, rows: z.number().check(z.int(), z.gte(0)), events: nonNegative, asOf: z.optional(z.string()) })).shape)),
      })).shape)),
  })).shape));

/** Every feature (and the intercept) has a coefficient and a standard error, and nothing else. O(features). */
function keysMatchFeatures(m: { features: readonly { name: string }[]; coefficients: Record<string, number>; standardErrors: Record<string, number> }, ctx: z.core.$RefinementCtx): void {
  const expected = ['intercept', ...m.features.map((f) => f.name)];
  const known = new Set(expected);
  for (const key of ['coefficients', 'standardErrors'] as const) {
    const rec = m[key];
    const missing = expected.filter((k) => !Object.hasOwn(rec, k));
    const extra = Object.keys(rec).filter((k) => !known.has(k));
    if (missing.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `missing entries for ${nameList(missing)}` });
    if (extra.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `entries for unknown features ${nameList(extra)}` });
  }
}

/**
 * The saved form of a {@link RiskModel} (format version 2), as written by `model.toJSON()` and
 * read by {@link loadRiskModel}. Plain JSON: numbers are doubles written in JavaScript's
 * shortest round-trip form, so saving and loading is exact to the bit.
 *
 * - `features`: in model order, each with its optional human definition and the centring
 *   (`mean`) and scaling (`scale`, the population standard deviation) used while fitting.
 * - `coefficients`, `standardErrors`: on the original scale of the features, keyed by
 *   feature name, the intercept under `intercept`; every value finite. Read by own keys into
 *   null-prototype records, so any feature name works (`toString`, `constructor`, `__proto__`).
 * - At most {@link MAX_MODEL_FEATURES} (10,000) features.
 * - `fit`: deviance, null deviance, AIC, iterations, convergence and the options used.
 * - `training`: rows, events, sum of weights, as-of date (`yyyy-mm-dd`) and `fittedAt` if given.
 * - `warnings`: typed warnings (`code`, `message`, `path`, `count`), e.g. `few_events_per_parameter`
 *   or `not_converged` (version 1 wrote plain strings; {@link RiskModelJsonV1}).
 *
 * @example
 * RiskModelJson.safeParse({ format: 'something else' }).success; // => false
 */
export const RiskModelJson = /* @__PURE__ */ lazySchema(() => RiskModelJsonBase.check(z.superRefine(keysMatchFeatures)));

/** The saved form of a {@link RiskModel}; see the {@link RiskModelJson} schema. */
export type RiskModelJson = z.output<typeof RiskModelJson>;

/**
 * Format version 1 of the saved model, still read by {@link loadRiskModel}: the same as
 * {@link RiskModelJson} but with `formatVersion: 1` and `warnings` as plain strings.
 *
 * @example
 * RiskModelJsonV1.safeParse({ format: 'risk-stratify/risk-model', formatVersion: 2 }).success; // => false
 */
export const RiskModelJsonV1 = /* @__PURE__ */ lazySchema(() => z.strictObject((z.extend(RiskModelJsonBase, { formatVersion: z.literal(1), warnings: z.array(z.string()) })).shape).check(z.superRefine(keysMatchFeatures)));
/** A version-1 saved model; see {@link RiskModelJsonV1}. */
export type RiskModelJsonV1 = z.output<typeof RiskModelJsonV1>;
