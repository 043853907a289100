import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { normalQuantile, quantileR7 } from './internal/stats.js';
import { binomialCdf, poissonCdf } from './internal/special.js';
import { publish } from './internal/publish.js';
import type { SuppressionNote, SuppressionRule } from './suppress-small-numbers.js';

/** Options of {@link funnelPlot}. */
export const FunnelOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** `'rate'`: numerator events over a denominator of people or person-time (Poisson variance theta/n); `'proportion'`: numerator of denominator (binomial variance theta(1-theta)/n). */
  type: z._default(z.enum(['rate', 'proportion']), 'rate'),
  /**
   * `'normal'` (default): target +/- z sqrt(V/n). `'exact'`: Poisson or binomial quantiles of
   * the count at the target, interpolated as Spiegelhalter (2005) describes, divided by n.
   * Overdispersion-inflated limits are always normal.
   */
  limits: z._default(z.enum(['normal', 'exact']), 'normal'),
  /** Two-sided coverage of each pair of limits. */
  levels: z._default(z.array(z.number().check(z.gt(0), z.lt(1))).check(z.minLength(1)), [0.95, 0.998]),
  /** Target; default the pooled rate sum(numerators) / sum(denominators). */
  target: z.optional(z.number().check(z.nonnegative())),
  /**
   * Overdispersion (Spiegelhalter 2005), applied when phi > 1: `true` or `'multiplicative'`
   * inflates the variance by phi (limits target +/- z sqrt(phi V/n)); `'additive'` adds a
   * between-unit variance tau^2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w), w = n / V
   * (limits target +/- z sqrt(V/n + tau^2): wider for large units, about the same for small
   * ones); `false` none.
   */
  overdispersion: z._default(z.union([z.boolean(), z.enum(['multiplicative', 'additive'])]), false),
  /** Fraction winsorised in each tail of the z-scores when estimating phi. */
  winsorise: z._default(z.number().check(z.gte(0), z.lt(0.5)), 0.1),
  /** Number of denominators at which the limit curves are tabulated for plotting. */
  curvePoints: z._default(z.number().check(z.int(), z.gte(2)), 50),
  /** Small-number rule for the published `table` (numerators; rates blanked with them), or `false` for internal use. */
  suppression: z._default(z.union([z.literal(false), z.custom<SuppressionRule>((v) => typeof v === 'object' && v !== null)]), {}),
}));
export type FunnelOptions = z.input<typeof FunnelOptions>;

/** One unit (site, practice) to place on the funnel. */
export interface FunnelUnit {
  readonly unit: string;
  readonly numerator: number;
  readonly denominator: number;
}

/** Limits at one level. */
export interface FunnelLimit {
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
}

/** A unit's place on the funnel. */
export interface FunnelPoint extends FunnelUnit {
  readonly value: number;
  /** (value - target) / sqrt(V(target) / n), before any overdispersion adjustment. */
  readonly z: number;
  readonly limits: readonly FunnelLimit[];
  /** The widest level whose limits the unit lies beyond, high or low; `'within'` otherwise. */
  readonly flag: { readonly side: 'high' | 'low' | 'within'; readonly level: number | null };
}

/** The result of {@link funnelPlot}. */
export interface FunnelResult {
  readonly target: number;
  readonly points: readonly FunnelPoint[];
  /** Limit curves for plotting: denominators from the smallest to the largest unit. */
  readonly curve: ReadonlyArray<{ readonly denominator: number; readonly limits: readonly FunnelLimit[] }>;
  /** Estimated phi = mean of the squared winsorised z-scores (always reported). */
  readonly phi: number;
  /** Whether limits were widened for overdispersion (by sqrt(phi), or by tau^2 when additive). */
  readonly overdispersionApplied: boolean;
  /** Additive overdispersion: the between-unit variance tau^2 (0 when phi <= 1); null otherwise. */
  readonly tau2: number | null;
  /**
   * One row per unit for publication, small-number suppressed unless opted out: unit,
   * numerator and denominator (suppressed and rounded; units add up to the pooled totals),
   * the rate per 1,000 (`per1000`, rates) or percentage (`percent`, proportions) from the
   * published counts, and the flag of the funnel drawn from the published counts (the target
   * pooled from them too, unless given). With `suppression: false`: the exact `value` and flag.
   */
  readonly table: ReadonlyArray<Record<string, unknown>>;
  readonly suppression: SuppressionNote | null;
  readonly method: string;
}

const FN = 'funnelPlot';

/**
 * A funnel plot for comparing sites or practices on a rate or proportion (Spiegelhalter,
 * Statistics in Medicine 2005). Limits are the normal approximation
 * target +/- z_(1-(1-level)/2) sqrt(V(target) / n), with V(t) = t for rates (Poisson) and
 * t(1 - t) for proportions (binomial), clamped at 0 (and 1 for proportions); the
 * approximation is poor for very small expected counts (below about 5); `limits: 'exact'`
 * uses the Poisson or binomial p-quantile r_p of the count at the target (the smallest r with
 * P(R <= r) >= p), interpolated as (r_p - alpha) / n with alpha = (P(R <= r_p) - p) /
 * (P(R <= r_p) - P(R <= r_p - 1)) (Spiegelhalter 2005, appendix). With `overdispersion: true`, phi is estimated as the mean of the squared
 * z-scores after winsorising the `winsorise` fraction in each tail (z-scores beyond the
 * R-7 10th and 90th percentiles are set to those percentiles), and when phi > 1 the limits
 * become target +/- z sqrt(phi V(target) / n); with `overdispersion: 'additive'` they become
 * target +/- z sqrt(V(target) / n + tau^2), tau^2 = (I phi - (I - 1)) / (sum w_i - sum w_i^2 /
 * sum w_i), w_i = n_i / V(target) (Spiegelhalter 2005, section 3.2). O(units log units).
 *
 * @param units - `{ unit, numerator, denominator }` per site or practice.
 * @param options - see {@link FunnelOptions}.
 * @returns target, each unit's position and flag, limit curves, phi.
 * @throws RiskStratifyError `invalid_input` for a negative numerator, a non-positive denominator
 *   or a proportion above 1; `invalid_options` for bad options.
 * @example
 * const f = funnelPlot([{ unit: 'A', numerator: 10, denominator: 100 }, { unit: 'B', numerator: 30, denominator: 100 }]);
 * f.target; // => 0.2
 */
export function funnelPlot(units: readonly FunnelUnit[], options?: FunnelOptions): FunnelResult {
  const o = parseOptions(FN, FunnelOptions, options);
  if (!Array.isArray(units) || units.length === 0) fail({ fn: FN, code: 'invalid_input', path: ['units'], value: units, message: 'needs at least one unit' });
  let sn = 0;
  let sd = 0;
  units.forEach((u, i) => {
    if (!(typeof u.numerator === 'number' && Number.isFinite(u.numerator) && u.numerator >= 0)) fail({ fn: FN, code: 'invalid_input', path: ['units', i, 'numerator'], value: u.numerator, message: 'numerator must be a finite non-negative number' });
    if (!(typeof u.denominator === 'number' && Number.isFinite(u.denominator) && u.denominator > 0)) fail({ fn: FN, code: 'invalid_input', path: ['units', i, 'denominator'], value: u.denominator, message: 'denominator must be positive' });
    if (o.type === 'proportion' && u.numerator > u.denominator) fail({ fn: FN, code: 'invalid_input', path: ['units', i, 'numerator'], value: u.numerator, message: 'a proportion numerator cannot exceed its denominator' });
    sn += u.numerator;
    sd += u.denominator;
  });
  const target = o.target ?? sn / sd;
  const variance = o.type === 'rate' ? target : target * (1 - target);
  const zs = units.map((u) => (u.numerator / u.denominator - target) / Math.sqrt(variance / u.denominator));
  const lo = quantileR7(zs, o.winsorise);
  const hi = quantileR7(zs, 1 - o.winsorise);
  let phi = 0;
  for (const z of zs) phi += Math.min(hi, Math.max(lo, z)) ** 2;
  phi /= zs.length;
  const additive = o.overdispersion === 'additive';
  const applied = o.overdispersion !== false && phi > 1;
  const inflate = applied && !additive ? phi : 1;
  let tau2: number | null = null;
  if (additive) {
    let sw = 0;
    let sw2 = 0;
    for (const u of units) {
      const w = variance > 0 ? u.denominator / variance : 0;
      sw += w;
      sw2 += w * w;
    }
    const k = units.length;
    const d = sw - sw2 / sw;
    tau2 = applied && d > 0 ? Math.max(0, (k * phi - (k - 1)) / d) : 0;
  }
  const extra = applied && tau2 !== null ? tau2 : 0;
  const levels = [...o.levels].sort((a, b) => a - b);
  const exact = o.limits === 'exact' && !applied;
  const limitsAt = (n: number): FunnelLimit[] =>
    levels.map((level) => {
      if (exact) {
        const lower = exactLimit((1 - level) / 2, n, target, o.type);
        const upper = exactLimit(1 - (1 - level) / 2, n, target, o.type);
        return { level, lower: Math.max(0, lower), upper: o.type === 'proportion' ? Math.min(1, upper) : upper };
      }
      const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt((inflate * variance) / n + extra);
      return { level, lower: Math.max(0, target - half), upper: o.type === 'proportion' ? Math.min(1, target + half) : target + half };
    });
  const points: FunnelPoint[] = units.map((u, i) => {
    const value = u.numerator / u.denominator;
    const limits = limitsAt(u.denominator);
    let flag: FunnelPoint['flag'] = { side: 'within', level: null };
    for (const l of limits) {
      if (value > l.upper) flag = { side: 'high', level: l.level };
      else if (value < l.lower) flag = { side: 'low', level: l.level };
    }
    return Object.freeze({ unit: u.unit, numerator: u.numerator, denominator: u.denominator, value, z: zs[i]!, limits, flag });
  });
  const dMin = Math.min(...units.map((u) => u.denominator));
  const dMax = Math.max(...units.map((u) => u.denominator));
  const curve = [];
  for (let k = 0; k < o.curvePoints; k++) {
    const n = dMin === dMax ? dMin : dMin * Math.pow(dMax / dMin, k / (o.curvePoints - 1));
    curve.push({ denominator: n, limits: limitsAt(n) });
  }
  const method =
    `${exact ? 'Exact (interpolated)' : 'Normal-approximation'} ${o.type === 'rate' ? 'Poisson' : 'binomial'} limits around ${o.target === undefined ? 'the pooled rate' : 'the given target'}` +
    (applied && additive ? `, widened by the additive between-unit variance tau^2 = ${tau2!.toExponential(3)} from phi = ${phi.toFixed(3)} (Spiegelhalter 2005, random effects, ${o.winsorise * 100}% winsorised z-scores)`
      : applied ? `, inflated by sqrt(phi) with phi = ${phi.toFixed(3)} (Spiegelhalter 2005, ${o.winsorise * 100}% winsorised z-scores)` : o.overdispersion !== false ? `; phi = ${phi.toFixed(3)} <= 1, no inflation` : '') + '.';
  let table: Array<Record<string, unknown>> = points.map((p) => ({ unit: p.unit, numerator: p.numerator, denominator: p.denominator, value: p.value, flag: p.flag.side, flagLevel: p.flag.level }));
  let note: SuppressionNote | null = null;
  if (o.suppression !== false) {
    // Published: counts suppressed and rounded (units add up to the pooled totals), the value
    // from the published counts, and each flag from the funnel of the published counts (a
    // flag from the exact counts can pin a rounded count to one side of a limit).
    const per = o.type === 'rate' ? 1000 : 100;
    const name = o.type === 'rate' ? 'per1000' : 'percent';
    const published = publish(points.map((p) => ({ unit: p.unit, numerator: p.numerator, denominator: p.denominator, [name]: null, flag: null, flagLevel: null })), o.suppression, {
      columns: ['numerator', 'denominator'], totals: 'column',
      derived: { [name]: { from: 'numerator', over: 'denominator', per, kind: o.type === 'rate' ? 'rate' : 'percent' } },
    });
    table = published.table;
    note = published.note;
    const shown = table.filter((r) => typeof r['numerator'] === 'number' && typeof r['denominator'] === 'number' && r['denominator'] > 0);
    if (shown.length > 0) {
      const again = funnelPlot(shown.map((r) => ({ unit: r['unit'] as string, numerator: r['numerator'] as number, denominator: r['denominator'] as number })),
        { ...o, ...(o.target === undefined ? {} : { target: o.target }), suppression: false });
      shown.forEach((r, k) => {
        r['flag'] = again.points[k]!.flag.side;
        r['flagLevel'] = again.points[k]!.flag.level;
      });
    }
  }
  return Object.freeze({ target, points, curve, phi, overdispersionApplied: applied, tau2, table, suppression: note, method });
}

/** Interpolated exact limit at probability p for a count out of n at rate/proportion theta. */
function exactLimit(p: number, n: number, theta: number, type: 'rate' | 'proportion'): number {
  const cdf = type === 'rate' ? (r: number) => poissonCdf(r, n * theta) : (r: number) => binomialCdf(r, Math.floor(n), theta);
  const mu = n * theta;
  const sd = Math.sqrt(type === 'rate' ? mu : mu * (1 - theta));
  const max = type === 'rate' ? Infinity : Math.floor(n);
  let r = Math.min(max, Math.max(0, Math.floor(mu + normalQuantile(p) * sd)));
  while (r < max && cdf(r) < p) r++;
  while (r > 0 && cdf(r - 1) >= p) r--;
  const hi = cdf(r);
  const lo = cdf(r - 1);
  const alpha = hi > lo ? (hi - p) / (hi - lo) : 0;
  return (r - alpha) / n;
}
