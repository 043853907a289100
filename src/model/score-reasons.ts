import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import type { FeatureMatrix } from '../core/feature-matrix.js';
import { parseOptions } from '../core/options.js';

/** A set of model features that make one reason (age and its bands are one reason). */
export interface ReasonGroup {
  /** Stable key, e.g. `age`, `emergency`, `ltc_heart_failure`; used for SQL column names (`reason_<key>`). */
  readonly key: string;
  /** The model features in the group, in model order. */
  readonly features: readonly string[];
}

/** One reason for a person's score, in words, with its share of the log-odds. */
export interface ScoreReason {
  /** The {@link ReasonGroup} key. */
  readonly group: string;
  /** In words a GP reads, e.g. `'2 emergency admissions in the last 12 months (9 bed days)'`, `'heart failure'`, `'aged 85+'`. */
  readonly text: string;
  /** Contribution to the log-odds against the mean person: sum of coefficient x (value - training mean). */
  readonly contribution: number;
  /** exp(contribution): how many times the odds are those of the mean person, from this reason alone. */
  readonly oddsMultiplier: number;
}

/** One person's explanation. */
export interface PersonReasons {
  /** Row of the feature matrix. */
  readonly row: number;
  /** The person's log-odds, b0 + sum b_j x_j. */
  readonly logOdds: number;
  /** Contribution of each group (in {@link ScoreReasons.groups} order); they sum to `logOdds - meanLogOdds`. */
  readonly contributions: readonly number[];
  /** The `top` groups with the largest positive contribution, largest first. */
  readonly reasons: readonly ScoreReason[];
}

/** What {@link scoreReasons} returns. */
export interface ScoreReasons {
  readonly groups: readonly ReasonGroup[];
  /** Log-odds of the mean person: b0 + sum b_j mean_j (the training means stored in the model). */
  readonly meanLogOdds: number;
  readonly people: readonly PersonReasons[];
}

/**
 * Options of {@link scoreReasons}: `rows` (feature-matrix rows to explain; default all),
 * `top` (reasons per person, default 3), `lookbackMonths` for the words (default: the
 * features' lookback when they carry one, else 12).
 *
 * @example
 * ScoreReasonsOptions.parse({}).top; // => 3
 */
export const ScoreReasonsOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    rows: z.optional(z.custom<ArrayLike<number>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), { message: 'expected an array of matrix rows' })),
    top: z._default(z.number().check(z.int(), z.gte(0), z.lte(50)), 3),
    lookbackMonths: z.optional(z.number().check(z.int(), z.gte(1), z.lte(120))),
  })).shape));
/** Input type of {@link ScoreReasonsOptions}. */
export type ScoreReasonsOptions = z.input<typeof ScoreReasonsOptions>;

/** What the reasons need from a model. */
export interface ReasonModel {
  readonly featureNames: readonly string[];
  readonly coefficients: Readonly<Record<string, number>>;
  /** Training mean of each feature (the centring the fit used; saved in the model JSON). */
  readonly featureMeans: Readonly<Record<string, number>>;
}

const EMERGENCY = new Set(['emergency_admissions', 'avoidable_admissions', 'emergency_bed_days', 'months_since_emergency']);
const GROUP_OF: Readonly<Record<string, string>> = {
  sex_female: 'sex', sex_unknown: 'sex', sex_other: 'sex',
  imd_decile: 'deprivation', imd_missing: 'deprivation',
  efi: 'frailty', efi_category: 'frailty',
};

/** The reason group a feature belongs to. */
function groupKey(name: string): string {
  if (name === 'age' || /^age_\d+_(\d+|plus)$/.test(name)) return 'age';
  if (EMERGENCY.has(name)) return 'emergency';
  return GROUP_OF[name] ?? name;
}

/**
 * Groups a model's features into reasons: `age` (age and its one-hot bands), `sex`
 * (`sex_*`), `deprivation` (`imd_decile`, `imd_missing`), `frailty` (`efi`, `efi_category`),
 * `emergency` (emergency and avoidable admissions, emergency bed days, months since the last
 * emergency admission: one history, whose features share credit); every other feature
 * (`care_home`, `ltc_count`, each `ltc_<condition>`, A&E, outpatient, GP contacts,
 * polypharmacy, custom features) is its own reason. Groups are in the order of their first feature.
 *
 * @example
 * reasonGroups(['age', 'age_85_plus', 'emergency_admissions', 'ltc_heart_failure']);
 * // => [{ key: 'age', features: ['age', 'age_85_plus'] }, { key: 'emergency', features: ['emergency_admissions'] },
 * //     { key: 'ltc_heart_failure', features: ['ltc_heart_failure'] }]
 */
export function reasonGroups(featureNames: readonly string[]): ReasonGroup[] {
  const groups = new Map<string, string[]>();
  for (const name of featureNames) {
    const key = groupKey(name);
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(name);
  }
  return [...groups].map(([key, features]) => ({ key, features }));
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A condition cluster key in words: `heart_failure` -> `heart failure`; `COPD` kept. */
export function conditionWords(cluster: string): string {
  return cluster.replace(/_/g, ' ');
}

/** The frailty category of an eFI value (fit <= 0.12 < mild <= 0.24 < moderate <= 0.36 < severe). */
export function frailtyCategory(efi: number): 'fit' | 'mild' | 'moderate' | 'severe' {
  return efi <= 0.12 ? 'fit' : efi <= 0.24 ? 'mild' : efi <= 0.36 ? 'moderate' : 'severe';
}

/** The reason of group `key` for the person at matrix row `i`, in words. */
function reasonText(key: string, features: FeatureMatrix, i: number, months: number): string {
  const v = (name: string): number | undefined => {
    const c = features.column(name);
    return c === undefined ? undefined : c[i]!;
  };
  const period = `in the last ${months === 12 ? '12 months' : plural(months, 'month')}`;
  switch (key) {
    case 'age': {
      if (v('age_85_plus') === 1) return 'aged 85+';
      const age = v('age');
      if (age !== undefined) return `aged ${Math.floor(age)}`;
      for (const [band, words] of [['age_75_84', '75-84'], ['age_65_74', '65-74'], ['age_45_64', '45-64'], ['age_18_44', '18-44'], ['age_0_17', 'under 18']] as const) {
        if (v(band) === 1) return `aged ${words}`;
      }
      return 'age';
    }
    case 'sex':
      return v('sex_unknown') === 1 ? 'sex not recorded' : v('sex_other') === 1 ? 'sex recorded as other' : v('sex_female') === 1 ? 'female' : 'male';
    case 'deprivation': {
      if (v('imd_missing') === 1) return 'deprivation not recorded';
      const d = v('imd_decile');
      return d === undefined ? 'deprivation' : `deprivation decile ${d} (1 = most deprived)`;
    }
    case 'frailty': {
      const e = v('efi');
      if (e !== undefined) return `${frailtyCategory(e)} frailty (eFI ${e.toFixed(2)})`;
      const c = v('efi_category');
      return c === undefined ? 'frailty' : `${['fit', 'mild', 'moderate', 'severe'][c] ?? 'unknown'} frailty`;
    }
    case 'emergency': {
      const n = v('emergency_admissions');
      const parts: string[] = [];
      if (n !== undefined) parts.push(n === 0 ? `no emergency admissions ${period}` : `${plural(n, 'emergency admission')} ${period}`);
      const a = v('avoidable_admissions');
      if (a !== undefined && n === undefined) parts.push(`${plural(a, 'avoidable admission')}${n === undefined ? ` ${period}` : ''}`);
      const b = v('emergency_bed_days');
      if (b !== undefined && (b > 0 || parts.length === 0)) parts.push(`${plural(Math.round(b), 'bed day')}${parts.length === 0 ? ` ${period}` : ''}`);
      const m = v('months_since_emergency');
      if (m !== undefined && m <= months && (n === undefined || n > 0)) parts.push(m === 0 ? 'the last under a month ago' : `the last ${plural(m, 'month')} ago`);
      if (m !== undefined && parts.length === 0) parts.push(m > months ? `no emergency admission ${period}` : `last emergency admission ${plural(m, 'month')} ago`);
      return parts.length === 1 ? parts[0]! : `${parts[0]} (${parts.slice(1).join('; ')})`;
    }
    case 'care_home':
      return v('care_home') === 1 ? 'lives in a care home' : 'not in a care home';
    case 'ltc_count':
      return plural(v('ltc_count') ?? 0, 'long-term condition');
    case 'ae_attendances':
      return `${plural(v('ae_attendances') ?? 0, 'A&E attendance')} ${period}`;
    case 'outpatient_attendances':
      return `${plural(v('outpatient_attendances') ?? 0, 'outpatient appointment')} ${period}`;
    case 'gp_contacts':
      return `${plural(v('gp_contacts') ?? 0, 'GP contact')} ${period}`;
    case 'polypharmacy':
      return `${plural(v('polypharmacy') ?? 0, 'medicine')} in use`;
    default: {
      if (key.startsWith('ltc_')) return v(key) === 0 ? `no ${conditionWords(key.slice(4))}` : conditionWords(key.slice(4));
      const x = v(key);
      return `${key.replace(/_/g, ' ')} ${x === undefined ? '' : Number.isInteger(x) ? x : x.toPrecision(3)}`.trim();
    }
  }
}

/**
 * Why each person scores as they do: each feature's contribution to the log-odds against
 * the mean person, coefficient x (the person's value - the training mean the model stores),
 * summed within {@link reasonGroups}, ranked, and written in words with the contribution as an
 * odds multiplier (exp of it). The contributions of all groups sum to the person's log-odds
 * minus the mean person's log-odds (b0 + sum b_j mean_j) exactly, up to rounding. This is the
 * exact decomposition of a logistic model's linear predictor (for a linear predictor it is
 * also the Shapley value with the mean as baseline and independent features); it is against
 * the mean person, it is not causal, and correlated features share credit (see the
 * monthly-refresh guide). Only reasons that raise the risk (contribution > 0) are listed.
 * O(rows x features).
 *
 * @param model - A fitted or loaded model (its coefficients and `featureMeans`).
 * @param features - The features the model scored (from `buildFeatures`: every column, so the
 *   words can name values the model does not use, such as age beside its bands).
 * @param options - {@link ScoreReasonsOptions}.
 * @returns Groups, the mean person's log-odds, and per person the contributions and top reasons.
 * @throws RiskStratifyError `missing_column` when a model feature is not in `features`,
 *   `invalid_options` for a bad option or row.
 * @example
 * const r = scoreReasons(model, features, { rows: [0], top: 3 });
 * r.people[0].reasons[0]; // => { group: 'emergency', text: '2 emergency admissions in the last 12 months (9 bed days)', contribution: 1.2, oddsMultiplier: 3.32 }
 */
export function scoreReasons(model: ReasonModel, features: FeatureMatrix, options: ScoreReasonsOptions = {}): ScoreReasons {
  const FN = 'scoreReasons';
  const o = parseOptions(FN, ScoreReasonsOptions, options);
  const names = model.featureNames;
  const missing = names.filter((nm) => features.column(nm) === undefined);
  if (missing.length > 0) fail({ fn: FN, code: 'missing_column', path: ['features', 'names'], value: missing, message: `the features lack the model's columns ${missing.map((s) => `'${s}'`).join(', ')}` });
  const groups = reasonGroups(names);
  const lookback = (features as { lookback?: { months?: number } }).lookback?.months;
  const months = o.lookbackMonths ?? lookback ?? 12;
  const b0 = model.coefficients['intercept']!;
  let meanLogOdds = b0;
  for (const nm of names) meanLogOdds += model.coefficients[nm]! * model.featureMeans[nm]!;
  const parts = groups.map((g) => g.features.map((nm) => ({ b: model.coefficients[nm]!, mean: model.featureMeans[nm]!, col: features.column(nm)! })));
  const rows = o.rows ?? Array.from({ length: features.n }, (_, i) => i);
  const people: PersonReasons[] = [];
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= features.n) fail({ fn: FN, code: 'invalid_options', path: ['options', 'rows', k], value: i, message: `not a row of the features (0..${features.n - 1})` });
    let logOdds = b0;
    const contributions = parts.map((ps) => {
      let c = 0;
      for (const p of ps) {
        const x = p.col[i]!;
        logOdds += p.b * x;
        c += p.b * (x - p.mean);
      }
      return c;
    });
    const order = contributions.map((c, g) => g).filter((g) => contributions[g]! > 0).sort((a, b) => contributions[b]! - contributions[a]! || a - b).slice(0, o.top);
    const reasons = order.map((g) => ({
      group: groups[g]!.key,
      text: reasonText(groups[g]!.key, features, i, months),
      contribution: contributions[g]!,
      oddsMultiplier: Math.exp(contributions[g]!),
    }));
    people.push({ row: i, logOdds, contributions, reasons });
  }
  return { groups, meanLogOdds, people };
}

/**
 * A reason as a short phrase with its odds multiplier, e.g. `'heart failure (odds x2.1)'`.
 *
 * @example
 * formatReason({ group: 'age', text: 'aged 85+', contribution: 0.69, oddsMultiplier: 1.99 }); // => 'aged 85+ (odds x2.0)'
 */
export function formatReason(r: ScoreReason): string {
  return `${r.text} (odds x${r.oddsMultiplier >= 10 ? r.oddsMultiplier.toFixed(0) : r.oddsMultiplier.toFixed(1)})`;
}
