/**
 * The features, outcomes and eligibility of the library, defined once as data: where each
 * column comes from (source table), which rows count (filter), over which days (window,
 * with its edges), how they are combined (aggregate) and what is done to the result
 * (transform). `buildFeatures` takes its column list, windows and activity filters from here,
 * and `featuresToSQL` / `outcomesToSQL` / `eligibilityToSQL` write SQL from the same entries,
 * so a feature changed here changes both engines (the equality tests fail otherwise).
 *
 * @module
 */
import { addMonths } from '../core/dates.js';
import { adultCutoff } from '../cohort/select-cohort.js';

/** Where a feature's rows come from. */
export type FeatureSource = 'patients' | 'activity' | 'conditions' | 'medications' | 'features';

/**
 * A window relative to the as-of day, as day numbers `(start, end]` or `[start, end)`:
 * - `on_as_of`: the state on the as-of day (a record dated on or before it whose end, if any,
 *   is after it);
 * - `lookback`: `(addMonths(asOf, -lookbackMonths), asOf]`, start excluded, as-of included;
 * - `outcome`: `(asOf, addMonths(asOf, horizonMonths)]`, as-of excluded, end included.
 */
export type WindowName = 'on_as_of' | 'lookback' | 'outcome';

/** Which activity rows count: by setting, the emergency flag and an ACSC primary diagnosis. */
export interface ActivityFilter {
  /** `inpatient`, `ae`, `outpatient` or `gp` (the library's `SETTING_LEVELS`). */
  readonly setting: 'inpatient' | 'ae' | 'outpatient' | 'gp';
  /** Only rows with (true) or without (false) the emergency flag; absent: either. */
  readonly emergency?: boolean;
  /** Only rows whose primary diagnosis is a valid ICD-10 code on the ACSC list. */
  readonly acsc?: boolean;
}

/**
 * How a feature's rows are combined:
 * - `value`: a column of the person (patients table);
 * - `count`: rows in the window passing the filter;
 * - `sum_stay`: bed days of those rows, each counted up to the window's last day (given bed
 *   days, else discharge minus admission, unknown = 0, capped at last day minus admission, at least 0);
 * - `latest_date`: the latest date among them;
 * - `exists`: whether any active record of the cluster exists;
 * - `count_distinct`: distinct clusters (long-term only) or medication codes active;
 * - `deficits`: distinct eFI deficits evidenced (active clusters, care home, 5+ medicines);
 * - `sum_weights`: the weights of the distinct active clusters.
 */
export type Aggregate = 'value' | 'count' | 'sum_stay' | 'latest_date' | 'exists' | 'count_distinct' | 'deficits' | 'sum_weights';

/**
 * What is done to the aggregate:
 * - `age_years`: completed years from the birth date to as-of (29 February birthdays reached on 1 March), at least 0;
 * - `age_band`: 1 when `age_years` is in `[min, max]`;
 * - `sex_is`: 1 when the sex level is `level`;
 * - `imd_decile`: the decile when 1..10, else `IMD_IMPUTED_VALUE` (5); `imd_missing`: 1 when not 1..10;
 * - `flag`: 1 when the value is 1;
 * - `cap`: the value, at most `max`;
 * - `divide`: the value / `by` (double);
 * - `efi_category`: 0 (≤ 0.12), 1 (≤ 0.24), 2 (≤ 0.36), 3 (above), each cut-off + 1e-12;
 * - `whole_months_to_as_of`: completed calendar months from the date to as-of, at least 0;
 *   no date: `lookbackMonths + 1`.
 */
export type Transform =
  | { readonly kind: 'none' }
  | { readonly kind: 'age_years' }
  | { readonly kind: 'age_band'; readonly min: number; readonly max: number }
  | { readonly kind: 'sex_is'; readonly level: 'F' | 'unknown' | 'other' }
  | { readonly kind: 'imd_decile' }
  | { readonly kind: 'imd_missing' }
  | { readonly kind: 'flag' }
  | { readonly kind: 'cap'; readonly max: number }
  | { readonly kind: 'divide'; readonly by: number }
  | { readonly kind: 'efi_category' }
  | { readonly kind: 'whole_months_to_as_of' };

/** One feature column (or a family of them: `ltc_<key>` per cluster, `score_<name>` per score). */
export interface FeatureDefinition {
  /** Column name; `ltc_{cluster}` and `score_{score}` stand for one column per cluster / score. */
  readonly name: string;
  readonly source: FeatureSource;
  /** The patients column read (for `value`), or the feature read (source `features`). */
  readonly column?: 'birthDate' | 'sex' | 'imdDecile' | 'careHome' | 'efi';
  readonly filter?: ActivityFilter;
  readonly window: WindowName;
  readonly aggregate: Aggregate;
  readonly transform: Transform;
  /** The column's type in `buildFeatures` (and its SQL type: integers or double). */
  readonly type: 'uint8' | 'uint16' | 'uint32' | 'float64';
  /** Value when there are no rows. */
  readonly empty: number | 'lookback_months_plus_1';
  /** Only when the population has medications / only with condition scores. */
  readonly requires?: 'medications';
  /** In words, for documentation. */
  readonly description: string;
}

/** Value `imd_decile` takes when the decile is unknown. */
export const IMD_IMPUTED_VALUE = 5;

/** Age bands of the one-hot `age_*` columns: [name, lowest age, highest age]. */
export const AGE_BAND_DEFINITIONS: readonly (readonly [string, number, number])[] = Object.freeze([
  ['age_0_17', 0, 17],
  ['age_18_44', 18, 44],
  ['age_45_64', 45, 64],
  ['age_65_74', 65, 74],
  ['age_75_84', 75, 84],
  ['age_85_plus', 85, Number.POSITIVE_INFINITY],
] as const);

const EMERGENCY: ActivityFilter = Object.freeze({ setting: 'inpatient', emergency: true });
const NONE: Transform = Object.freeze({ kind: 'none' });

const def = (d: FeatureDefinition): FeatureDefinition => Object.freeze(d);

/**
 * The built-in features of `buildFeatures`, in column order. `ltc_{cluster}` stands for one
 * column per condition cluster (in the order of `conditionClusters`), `score_{score}` for one
 * per condition score; `polypharmacy` is present only with medications.
 */
export const FEATURE_DEFINITIONS: readonly FeatureDefinition[] = Object.freeze([
  def({ name: 'age', source: 'patients', column: 'birthDate', window: 'on_as_of', aggregate: 'value', transform: { kind: 'age_years' }, type: 'uint16', empty: 0, description: 'completed years on asOf' }),
  ...AGE_BAND_DEFINITIONS.map(([name, min, max]) => def({ name, source: 'patients', column: 'birthDate', window: 'on_as_of', aggregate: 'value', transform: { kind: 'age_band', min, max }, type: 'uint8', empty: 0, description: `1 when age is ${min}${Number.isFinite(max) ? `..${max}` : '+'}` })),
  def({ name: 'sex_female', source: 'patients', column: 'sex', window: 'on_as_of', aggregate: 'value', transform: { kind: 'sex_is', level: 'F' }, type: 'uint8', empty: 0, description: 'sex F' }),
  def({ name: 'sex_unknown', source: 'patients', column: 'sex', window: 'on_as_of', aggregate: 'value', transform: { kind: 'sex_is', level: 'unknown' }, type: 'uint8', empty: 0, description: 'sex not recorded' }),
  def({ name: 'sex_other', source: 'patients', column: 'sex', window: 'on_as_of', aggregate: 'value', transform: { kind: 'sex_is', level: 'other' }, type: 'uint8', empty: 0, description: 'sex other than F or M' }),
  def({ name: 'imd_decile', source: 'patients', column: 'imdDecile', window: 'on_as_of', aggregate: 'value', transform: { kind: 'imd_decile' }, type: 'uint8', empty: IMD_IMPUTED_VALUE, description: 'IMD decile 1..10, unknown imputed to 5' }),
  def({ name: 'imd_missing', source: 'patients', column: 'imdDecile', window: 'on_as_of', aggregate: 'value', transform: { kind: 'imd_missing' }, type: 'uint8', empty: 1, description: '1 when the decile is unknown' }),
  def({ name: 'care_home', source: 'patients', column: 'careHome', window: 'on_as_of', aggregate: 'value', transform: { kind: 'flag' }, type: 'uint8', empty: 0, description: 'care-home flag' }),
  def({ name: 'ltc_{cluster}', source: 'conditions', window: 'on_as_of', aggregate: 'exists', transform: NONE, type: 'uint8', empty: 0, description: 'cluster recorded on or before asOf and not resolved by then' }),
  def({ name: 'ltc_count', source: 'conditions', window: 'on_as_of', aggregate: 'count_distinct', transform: NONE, type: 'uint16', empty: 0, description: 'ltc_* flags set, except registers that are not long-term conditions' }),
  def({ name: 'efi', source: 'conditions', window: 'on_as_of', aggregate: 'deficits', transform: { kind: 'divide', by: 36 }, type: 'float64', empty: 0, description: 'eFI deficits present / 36' }),
  def({ name: 'efi_category', source: 'features', column: 'efi', window: 'on_as_of', aggregate: 'value', transform: { kind: 'efi_category' }, type: 'uint8', empty: 0, description: 'eFI category 0 fit .. 3 severe' }),
  def({ name: 'emergency_admissions', source: 'activity', filter: EMERGENCY, window: 'lookback', aggregate: 'count', transform: NONE, type: 'uint32', empty: 0, description: 'emergency inpatient admissions in the lookback window' }),
  def({ name: 'avoidable_admissions', source: 'activity', filter: { ...EMERGENCY, acsc: true }, window: 'lookback', aggregate: 'count', transform: NONE, type: 'uint32', empty: 0, description: 'those with an ACSC primary diagnosis' }),
  def({ name: 'emergency_bed_days', source: 'activity', filter: EMERGENCY, window: 'lookback', aggregate: 'sum_stay', transform: NONE, type: 'float64', empty: 0, description: 'bed days of those admissions, counted up to asOf' }),
  def({ name: 'ae_attendances', source: 'activity', filter: { setting: 'ae' }, window: 'lookback', aggregate: 'count', transform: NONE, type: 'uint32', empty: 0, description: 'A&E attendances in the lookback window' }),
  def({ name: 'outpatient_attendances', source: 'activity', filter: { setting: 'outpatient' }, window: 'lookback', aggregate: 'count', transform: NONE, type: 'uint32', empty: 0, description: 'outpatient attendances in the lookback window' }),
  def({ name: 'gp_contacts', source: 'activity', filter: { setting: 'gp' }, window: 'lookback', aggregate: 'count', transform: NONE, type: 'uint32', empty: 0, description: 'GP contacts in the lookback window' }),
  def({ name: 'months_since_emergency', source: 'activity', filter: EMERGENCY, window: 'lookback', aggregate: 'latest_date', transform: { kind: 'whole_months_to_as_of' }, type: 'uint8', empty: 'lookback_months_plus_1', description: 'completed months from the latest emergency admission in the window to asOf' }),
  def({ name: 'polypharmacy', source: 'medications', window: 'on_as_of', aggregate: 'count_distinct', transform: { kind: 'cap', max: 65535 }, type: 'uint16', empty: 0, requires: 'medications', description: 'distinct medication codes active on asOf' }),
  def({ name: 'score_{score}', source: 'conditions', window: 'on_as_of', aggregate: 'sum_weights', transform: NONE, type: 'float64', empty: 0, description: 'sum of the weights of the clusters active on asOf' }),
]);

/** The built-in definition of a feature column name (`ltc_copd` finds `ltc_{cluster}`), or undefined. */
export function featureDefinition(name: string, clusters: readonly string[], scores: readonly string[]): FeatureDefinition | undefined {
  for (const d of FEATURE_DEFINITIONS) {
    if (d.name === 'ltc_{cluster}' ? clusters.some((k) => `ltc_${k}` === name) : d.name === 'score_{score}' ? scores.some((s) => `score_${s}` === name) : d.name === name) return d;
  }
  return undefined;
}

/**
 * The feature column names, in order, for these cluster keys and scores, with or without
 * medications: the expansion of {@link FEATURE_DEFINITIONS}.
 */
export function featureNames(clusters: readonly string[], medications: boolean, scores: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of FEATURE_DEFINITIONS) {
    if (d.name === 'ltc_{cluster}') out.push(...clusters.map((k) => `ltc_${k}`));
    else if (d.name === 'score_{score}') out.push(...scores.map((s) => `score_${s}`));
    else if (d.requires !== 'medications' || medications) out.push(d.name);
  }
  return out;
}

/** The activity-count features as data: name and filter (for `buildFeatures`' counting table and the SQL). */
export function activityCounts(): readonly { readonly name: string; readonly filter: ActivityFilter }[] {
  return FEATURE_DEFINITIONS.filter((d) => d.source === 'activity' && d.aggregate === 'count').map((d) => ({ name: d.name, filter: d.filter! }));
}

/** A window as day numbers: `first` and `last` are the first and last days counted. */
export interface DayWindow {
  /** First day counted. */
  readonly first: number;
  /** Last day counted. */
  readonly last: number;
}

/** The lookback window `(addMonths(asOf, -months), asOf]` as first and last days counted. */
export function lookbackWindow(asOf: number, months: number): DayWindow {
  return { first: addMonths(asOf, -months) + 1, last: asOf };
}

/** The outcome window `(asOf, addMonths(asOf, months)]` as first and last days counted. */
export function outcomeWindow(asOf: number, months: number): DayWindow {
  return { first: asOf + 1, last: addMonths(asOf, months) };
}

/**
 * Eligibility on a day, in the order the reasons are checked (the first that applies is the
 * reason): opted out, died on or before the day, registration ended on or before it, not yet
 * born or registered, and (with `adultsOnly`) under 18. `buildFeatures` rows are the people
 * passing the `registered` checks (deceased, leftList, notRegistered); `selectCohort` adds
 * the opt-out and adult checks.
 */
export const ELIGIBILITY_REASONS = Object.freeze([
  { reason: 'optedOut', rule: 'opted-out flag is 1' },
  { reason: 'deceased', rule: 'death date on or before the day' },
  { reason: 'leftList', rule: 'registration end on or before the day' },
  { reason: 'notRegistered', rule: 'birth or registration start after the day' },
  { reason: 'child', rule: 'with adultsOnly: born after the latest birth day of an 18-year-old on the day' },
] as const);

/** The latest birth day of someone aged 18 or more on `day` (29 February birthdays reached on 1 March): `selectCohort`'s rule. */
export const adultBornBy = (day: number): number => adultCutoff(day);

/**
 * An outcome column of `buildOutcomes`, measured in the outcome window `(asOf, asOf + horizon]`
 * up to each person's last counted day (the window end, the death day, or the day before the
 * registration ends, whichever is first).
 */
export interface OutcomeDefinition {
  /** SQL column name (snake case). */
  readonly name: string;
  /** The `Outcomes` field it equals. */
  readonly field: 'emergencyAdmission' | 'avoidableAdmission' | 'emergencyAdmissions' | 'avoidableAdmissions' | 'bedDays' | 'died' | 'leftList' | 'included';
  readonly source: 'activity' | 'patients';
  readonly filter?: ActivityFilter;
  readonly aggregate: 'count' | 'any' | 'sum_stay' | 'died_in_window' | 'left_in_window' | 'included';
  readonly type: 'uint8' | 'uint32' | 'float64';
}

/** The outcomes of `buildOutcomes`, in the order `outcomesToSQL` writes them. */
export const OUTCOME_DEFINITIONS: readonly OutcomeDefinition[] = Object.freeze([
  { name: 'emergency_admission', field: 'emergencyAdmission', source: 'activity', filter: EMERGENCY, aggregate: 'any', type: 'uint8' },
  { name: 'avoidable_admission', field: 'avoidableAdmission', source: 'activity', filter: { ...EMERGENCY, acsc: true }, aggregate: 'any', type: 'uint8' },
  { name: 'emergency_admissions', field: 'emergencyAdmissions', source: 'activity', filter: EMERGENCY, aggregate: 'count', type: 'uint32' },
  { name: 'avoidable_admissions', field: 'avoidableAdmissions', source: 'activity', filter: { ...EMERGENCY, acsc: true }, aggregate: 'count', type: 'uint32' },
  { name: 'bed_days', field: 'bedDays', source: 'activity', filter: EMERGENCY, aggregate: 'sum_stay', type: 'float64' },
  { name: 'died', field: 'died', source: 'patients', aggregate: 'died_in_window', type: 'uint8' },
  { name: 'left_list', field: 'leftList', source: 'patients', aggregate: 'left_in_window', type: 'uint8' },
  { name: 'included', field: 'included', source: 'patients', aggregate: 'included', type: 'uint8' },
] as const satisfies readonly OutcomeDefinition[]);
