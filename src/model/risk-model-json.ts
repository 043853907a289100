import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const nonNegative = finite.refine((v) => v >= 0, { message: 'must be >= 0' });

/** A saved `ResultWarning`: `{ code, message, path?, count?, examples? }`. */
const SavedWarning = z
  .object({
    code: z.string().min(1),
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    count: finite.optional(),
    examples: z.array(z.string()).optional(),
  })
  .strict();

const RiskModelJsonBase = z
  .object({
    format: z.literal('risk-stratify/risk-model'),
    formatVersion: z.literal(2),
    libraryVersion: z.string(),
    features: z
      .array(
        z
          .object({
            name: z.string().min(1).refine((s) => s !== 'intercept', { message: "'intercept' is reserved" }),
            definition: z.string().optional(),
            mean: finite,
            scale: finite.refine((v) => v > 0, { message: 'must be > 0' }),
          })
          .strict(),
      )
      .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, { message: 'feature names must be unique' }),
    coefficients: z.record(z.string(), finite),
    standardErrors: z.record(z.string(), nonNegative),
    fit: z
      .object({
        deviance: nonNegative,
        nullDeviance: nonNegative,
        aic: finite,
        iterations: z.number().int().min(0),
        converged: z.boolean(),
        l2: nonNegative,
        tolerance: nonNegative,
        maxIterations: z.number().int().min(1),
        weighted: z.boolean(),
      })
      .strict(),
    training: z
      .object({
        rows: z.number().int().min(0),
        events: nonNegative,
        weightSum: nonNegative,
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        fittedAt: z.string().optional(),
      })
      .strict(),
    warnings: z.array(SavedWarning),
    /**
     * Where the model came from (absent: a model fitted directly, version 1). Written by
     * `recalibrate`: the version (the old one's plus 1), the old model it was derived from
     * (its `modelId`, version, as-of date and fit time) and the recalibration (method,
     * intercept a and slope b of logit P = a + b·lp, the rows and events it was fitted on).
     */
    provenance: z
      .object({
        version: z.number().int().min(1),
        derivedFrom: z
          .object({ id: z.string().min(1), version: z.number().int().min(1), asOf: z.string().optional(), fittedAt: z.string().optional() })
          .strict()
          .optional(),
        recalibration: z
          .object({ method: z.enum(['intercept', 'intercept-and-slope']), intercept: finite, slope: finite, rows: z.number().int().min(0), events: nonNegative, asOf: z.string().optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** Every feature (and the intercept) has a coefficient and a standard error, and nothing else. */
function keysMatchFeatures(m: { features: readonly { name: string }[]; coefficients: Record<string, number>; standardErrors: Record<string, number> }, ctx: z.RefinementCtx): void {
  const expected = ['intercept', ...m.features.map((f) => f.name)];
    for (const key of ['coefficients', 'standardErrors'] as const) {
      const got = Object.keys(m[key]);
      const missing = expected.filter((k) => !(k in m[key]));
      const extra = got.filter((k) => !expected.includes(k));
      if (missing.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `missing entries for ${missing.map((s) => `'${s}'`).join(', ')}` });
    if (extra.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `entries for unknown features ${extra.map((s) => `'${s}'`).join(', ')}` });
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
 *   feature name, the intercept under `intercept`.
 * - `fit`: deviance, null deviance, AIC, iterations, convergence and the options used.
 * - `training`: rows, events, sum of weights, as-of date (`yyyy-mm-dd`) and `fittedAt` if given.
 * - `warnings`: typed warnings (`code`, `message`, `path`, `count`), e.g. `few_events_per_parameter`
 *   or `not_converged` (version 1 wrote plain strings; {@link RiskModelJsonV1}).
 *
 * @example
 * RiskModelJson.safeParse({ format: 'something else' }).success; // => false
 */
export const RiskModelJson = RiskModelJsonBase.superRefine(keysMatchFeatures);

/** The saved form of a {@link RiskModel}; see the {@link RiskModelJson} schema. */
export type RiskModelJson = z.output<typeof RiskModelJson>;

/**
 * Format version 1 of the saved model, still read by {@link loadRiskModel}: the same as
 * {@link RiskModelJson} but with `formatVersion: 1` and `warnings` as plain strings.
 *
 * @example
 * RiskModelJsonV1.safeParse({ format: 'risk-stratify/risk-model', formatVersion: 2 }).success; // => false
 */
export const RiskModelJsonV1 = RiskModelJsonBase.extend({ formatVersion: z.literal(1), warnings: z.array(z.string()) }).strict().superRefine(keysMatchFeatures);
/** A version-1 saved model; see {@link RiskModelJsonV1}. */
export type RiskModelJsonV1 = z.output<typeof RiskModelJsonV1>;
