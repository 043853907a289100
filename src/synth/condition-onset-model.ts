/**
 * Internal to the synth stage (not exported from the package): the model that decides who
 * has which long-term condition and from what age.
 *
 * Each person i draws, once per condition c, a uniform U and holds the condition from the
 * first age a at which `sigmoid(G_c(a) + x_ic) >= U`, where `x_ic = dep_c * deprivation_i +
 * frail_c * frailty_i` (deprivation in [-1, 1], +1 most deprived; frailty ~ N(0, 1)) and
 * `G_c(a)` is non-decreasing in age. `G_c` is solved so that, averaged over deprivation
 * (uniform deciles) and frailty (Gauss-Hermite quadrature), the share with the condition at
 * age a equals the reference prevalence `p_c(a)`. Coupling through one U per person makes
 * onset ages consistent with prevalence at every age, so incidence during the window
 * follows from the prevalence curve, and conditions cluster through the shared frailty.
 *
 * @module
 */
import { SYNTH_CONDITIONS } from './synth-reference.js';

/** Highest tabulated age; older ages use the last value. */
export const MAX_TABLE_AGE = 110;

/** Deprivation and frailty log-odds loadings per condition (same order as SYNTH_CONDITIONS). */
export const CONDITION_LOADINGS: Readonly<Record<string, { dep: number; frail: number; emergency: number; death: number; acsc: number }>> = {
  hypertension: { dep: 0.15, frail: 0.3, emergency: 0.1, death: 0, acsc: 0.02 },
  diabetes: { dep: 0.4, frail: 0.5, emergency: 0.35, death: 0.2, acsc: 0.05 },
  COPD: { dep: 0.6, frail: 0.8, emergency: 0.8, death: 0.5, acsc: 0.25 },
  asthma: { dep: 0.2, frail: 0.3, emergency: 0.3, death: 0, acsc: 0.12 },
  heart_failure: { dep: 0.35, frail: 0.8, emergency: 0.8, death: 0.7, acsc: 0.15 },
  atrial_fibrillation: { dep: -0.1, frail: 0.5, emergency: 0.3, death: 0.2, acsc: 0.05 },
  coronary_heart_disease: { dep: 0.35, frail: 0.5, emergency: 0.35, death: 0.2, acsc: 0.06 },
  CKD: { dep: 0.2, frail: 0.8, emergency: 0.4, death: 0.3, acsc: 0 },
  stroke: { dep: 0.3, frail: 0.8, emergency: 0.35, death: 0.3, acsc: 0 },
  dementia: { dep: 0.2, frail: 0.8, emergency: 0.5, death: 0.7, acsc: 0.06 },
  cancer: { dep: 0, frail: 0.3, emergency: 0.5, death: 0.6, acsc: 0 },
  depression: { dep: 0.3, frail: 0.4, emergency: 0.25, death: 0, acsc: 0 },
  epilepsy: { dep: 0.3, frail: 0.3, emergency: 0.5, death: 0.3, acsc: 0.15 },
  osteoarthritis: { dep: 0.2, frail: 0.5, emergency: 0.1, death: 0, acsc: 0 },
  severe_mental_illness: { dep: 0.5, frail: 0.4, emergency: 0.5, death: 0.4, acsc: 0 },
  rheumatoid_arthritis: { dep: 0.15, frail: 0.5, emergency: 0.2, death: 0.1, acsc: 0 },
};

/** Prevalence at a (fractional) age from a knot table, linear between knots. */
export function knotPrevalence(knots: ReadonlyArray<readonly [number, number]>, age: number): number {
  const first = knots[0]!;
  if (age <= first[0]) return first[1];
  for (let j = 1; j < knots.length; j++) {
    const [x1, y1] = knots[j]!;
    if (age <= x1) {
      const [x0, y0] = knots[j - 1]!;
      return y0 + ((y1 - y0) * (age - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1]![1];
}

// 12-point Gauss-Hermite nodes/weights for E[f(Z)], Z ~ N(0,1) (physicists' nodes scaled by sqrt 2).
const GH_X = [-3.889724897869782, -3.020637025120890, -2.279507080501060, -1.597682635152605, -0.9477883912401637, -0.3142403762543591,
  0.3142403762543591, 0.9477883912401637, 1.597682635152605, 2.279507080501060, 3.020637025120890, 3.889724897869782];
const GH_W = [2.658551684356302e-7, 8.573687043587858e-5, 3.905390584629062e-3, 5.160798561588393e-2, 2.604923102641611e-1, 5.701352362624796e-1,
  5.701352362624796e-1, 2.604923102641611e-1, 5.160798561588393e-2, 3.905390584629062e-3, 8.573687043587858e-5, 2.658551684356302e-7];
const SQRT2 = Math.SQRT2;
const SQRTPI = Math.sqrt(Math.PI);

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** Mean prevalence over deprivation deciles and frailty for log-odds intercept g. */
function meanPrevalence(g: number, dep: number, frail: number): number {
  let s = 0;
  for (let d = 1; d <= 10; d++) {
    const xd = dep * ((5.5 - d) / 4.5);
    for (let k = 0; k < GH_X.length; k++) s += (GH_W[k]! / SQRTPI) * sigmoid(g + xd + frail * SQRT2 * GH_X[k]!);
  }
  return s / 10;
}

/** Log-odds table G_c(a) for a = 0..MAX_TABLE_AGE, non-decreasing, per condition. */
export interface OnsetTables {
  readonly codes: readonly string[];
  /** Row-major, conditions x (MAX_TABLE_AGE + 1). */
  readonly g: Float64Array;
  readonly dep: Float64Array;
  readonly frail: Float64Array;
}

let cached: OnsetTables | undefined;

/** Builds (once) the onset tables by bisection at each integer age. O(conditions x ages x 40 x 120). */
export function onsetTables(): OnsetTables {
  if (cached) return cached;
  const C = SYNTH_CONDITIONS.length;
  const A = MAX_TABLE_AGE + 1;
  const g = new Float64Array(C * A);
  const dep = new Float64Array(C);
  const frail = new Float64Array(C);
  SYNTH_CONDITIONS.forEach((c, ci) => {
    const load = CONDITION_LOADINGS[c.code]!;
    dep[ci] = load.dep;
    frail[ci] = load.frail;
    let running = -Infinity;
    for (let a = 0; a < A; a++) {
      const p = knotPrevalence(c.knots as unknown as ReadonlyArray<readonly [number, number]>, a);
      let value: number;
      if (p <= 1e-9) value = -40;
      else {
        let lo = -40;
        let hi = 20;
        for (let it = 0; it < 50; it++) {
          const mid = (lo + hi) / 2;
          if (meanPrevalence(mid, load.dep, load.frail) < p) lo = mid;
          else hi = mid;
        }
        value = (lo + hi) / 2;
      }
      running = Math.max(running, value);
      g[ci * A + a] = running;
    }
  });
  cached = { codes: SYNTH_CONDITIONS.map((c) => c.code), g, dep, frail };
  return cached;
}

/** G_c at a fractional age (linear between integer ages). */
export function gAt(t: OnsetTables, ci: number, age: number): number {
  const A = MAX_TABLE_AGE + 1;
  if (age <= 0) return t.g[ci * A]!;
  if (age >= MAX_TABLE_AGE) return t.g[ci * A + MAX_TABLE_AGE]!;
  const a0 = Math.floor(age);
  const f = age - a0;
  const base = ci * A + a0;
  return t.g[base]! * (1 - f) + t.g[base + 1]! * f;
}

/**
 * First age (years, fractional) in [0, ageEnd] at which `G_c(a) >= target`, or -1 if none.
 * Binary search on the monotone table then linear interpolation. O(log ages).
 */
export function onsetAge(t: OnsetTables, ci: number, target: number, ageEnd: number): number {
  if (gAt(t, ci, ageEnd) < target) return -1;
  const A = MAX_TABLE_AGE + 1;
  const base = ci * A;
  if (t.g[base]! >= target) return 0;
  // Largest integer a with g[a] < target (a < ageEnd since g(ageEnd) >= target).
  let lo = 0;
  let hi = Math.min(MAX_TABLE_AGE, Math.ceil(ageEnd));
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t.g[base + mid]! < target) lo = mid;
    else hi = mid;
  }
  const g0 = t.g[base + lo]!;
  const g1 = t.g[base + hi]!;
  const f = g1 > g0 ? (target - g0) / (g1 - g0) : 1;
  return Math.min(ageEnd, lo + Math.max(0, Math.min(1, f)) * (hi - lo));
}
