import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const nonNegative = finite.refine((v) => v >= 0, { message: 'must be >= 0' });

/**
 * The saved form of a {@link RiskModel} (format version 1), as written by `model.toJSON()` and
 * read by {@link loadRiskModel}. Plain JSON: numbers are doubles written in JavaScript's
 * shortest round-trip form, so saving and loading is exact to the bit.
 *
 * - `features`: in model order, each with its optional human definition and the centring
 *   (`mean`) and scaling (`scale`, the population standard deviation) used while fitting.
 * - `coefficients`, `standardErrors`: on the original scale of the features, keyed by
 *   feature name, the intercept under `intercept`.
 * - `fit`: deviance, null deviance, AIC, iterations, convergence and the options used.
 * - `training`: rows, events, sum of weights, as-of date (`yyyy-mm-dd`) and `fittedAt` if given.
 *
 * @example
 * RiskModelJson.safeParse({ format: 'something else' }).success; // => false
 */
export const RiskModelJson = z
  .object({
    format: z.literal('risk-stratify/risk-model'),
    formatVersion: z.literal(1),
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
    warnings: z.array(z.string()),
  })
  .strict()
  .superRefine((m, ctx) => {
    const expected = ['intercept', ...m.features.map((f) => f.name)];
    for (const key of ['coefficients', 'standardErrors'] as const) {
      const got = Object.keys(m[key]);
      const missing = expected.filter((k) => !(k in m[key]));
      const extra = got.filter((k) => !expected.includes(k));
      if (missing.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `missing entries for ${missing.map((s) => `'${s}'`).join(', ')}` });
      if (extra.length > 0) ctx.addIssue({ code: 'custom', path: [key], message: `entries for unknown features ${extra.map((s) => `'${s}'`).join(', ')}` });
    }
  });

/** The saved form of a {@link RiskModel}; see the {@link RiskModelJson} schema. */
export type RiskModelJson = z.output<typeof RiskModelJson>;
