import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { civilFromDay, formatDay, NO_DATE } from '../core/dates.js';
import { checkAsOf, checkSpan, earliestAsOf } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { parseOptions } from '../core/options.js';
import { isEligible, type DataWindow, type Population } from '../core/population.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import { ARENA_MIN_ROWS, featureArena, toFeatureArena, type ColumnType } from '../core/feature-arena.js';
import { makeFeatureMatrix } from './to-feature-matrix.js';
import { ACSC_CODES, AcscCodesSchema, type AcscCodes } from './acsc-codes.js';
import { clusterKey, efiCategory, EFI_DEFICITS, EFI_PREFIX } from './efi-deficits.js';
import { DiagnosisAudit, diagnosisClasses, DIAG_ACSC, stayUpTo } from './diagnosis-classes.js';
import type { FeatureWarning } from './feature-warning.js';
import { DayInput, resolveDay } from './resolve-day.js';
import { ConditionScore, scoreClusters, scoreColumns as computeScores } from './condition-scores.js';
import { activityCounts, AGE_BAND_DEFINITIONS, featureNames, IMD_IMPUTED_VALUE, lookbackWindow } from '../sql/definitions.js';
import { SETTING_LEVELS } from '../core/population.js';

/** What a custom feature function sees besides the population and the row. */
export interface FeatureContext {
  /** The as-of day number. */
  readonly asOf: number;
  /** Exclusive start of the lookback window (day number); the window is `(lookbackStart, asOf]`. */
  readonly lookbackStart: number;
  /** Population row of each matrix row. */
  readonly rows: Uint32Array;
  /** A built-in (or earlier custom) feature column by name, aligned with `rows`. */
  feature(name: string): FeatureColumn | undefined;
}

/**
 * A user feature: either a per-person function `(population, row, ctx) => number` (`row`
 * is the population row) or `{ column: (population, ctx) => values }` returning one value
 * per matrix row (aligned with `ctx.rows`). Values must be finite numbers.
 */
export type CustomFeature =
  | ((population: Population, row: number, ctx: FeatureContext) => number)
  | { readonly column: (population: Population, ctx: FeatureContext) => ArrayLike<number> };


const isCustom = (v: unknown): v is CustomFeature =>
  typeof v === 'function' || (typeof v === 'object' && v !== null && typeof (v as { column?: unknown }).column === 'function');

/** A typed-array constructor, by length or over a buffer. */
type TypedArrayOf<T extends FeatureColumn> = ColumnType<T> & (new (length: number) => T);

/** Options of {@link buildFeatures}. */
export const BuildFeaturesOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** The date features stand at: a day number, `yyyy-mm-dd` or a `Date`. */
  asOf: DayInput,
  /** Length of the lookback window in calendar months (1..120). */
  lookbackMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 12),
  /** Keep only these features (exact names, or a prefix ending in `*` such as `ltc_*`); custom features included. */
  features: z.optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1))),
  /** Extra features by name (letters, digits, `_`), computed after the built-ins, in the order given. */
  custom: z.optional(ownRecord(z.custom<CustomFeature>(isCustom, 'must be a function or { column: function }'), 'custom features by name', z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'feature names are letters, digits and _')))),
  /**
   * Condition clusters to flag as `ltc_<key>`, in this order. Default: every cluster in the
   * population, by key, sorted. Pass a fixed list so feature names do not depend on data.
   */
  conditionClusters: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** ACSC code list (prefixes or a versioned list); default `ACSC_CODES`. */
  acscCodes: z.optional(AcscCodesSchema),
  /**
   * Weighted condition scores, each a feature `score_<name>`: the sum of the weights of the
   * conditions present at `asOf`; a condition without a rule is the cluster of that name, on
   * its register at `asOf`; `rules` read recent records, counts and first records (see
   * `ConditionScore`). The Cambridge Multimorbidity Score: `{ cms_general: cambridgeMultimorbidityScore() }`.
   */
  conditionScores: z.optional(z.record(z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'score names are lower-case letters, digits and _')), ConditionScore)),
  /**
   * Build the feature columns in shared memory (one shared WebAssembly memory, whose buffer is
   * a `SharedArrayBuffer`), so the worker threads of `createScoringPool` (risk-stratify/node)
   * read them without a copy. Without it the columns of a matrix of 16,384 rows or more are
   * built in an ordinary WebAssembly memory, which `model.score` reads in place just the same
   * (one thread). In a browser page that is not cross-origin isolated each column gets its
   * own `SharedArrayBuffer` (copied at the end of the build), or, without those, stays in
   * ordinary memory.
   */
  shared: z._default(z.boolean(), false),
  /** Called with (people done, people total) every 65,536 people and at the end. */
  onProgress: z.optional(z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', 'must be a function')),
  /**
   * A lookback that starts before the extract's activity is complete (`population.window.activityFrom`):
   * `'warn'` (default: a short history is common, and the features are still usable if you know)
   * adds a `window_before_data` warning; `'error'` refuses.
   */
  beforeData: BeforeData,
}));
export type BuildFeaturesOptions = z.input<typeof BuildFeaturesOptions>;

/** The result of {@link buildFeatures}: a {@link FeatureMatrix} plus what it was built from. */
export interface FeatureSet extends FeatureMatrix {
  readonly asOf: number;
  /** The lookback window `(start, end]`: start exclusive, end (= asOf) inclusive, day numbers. */
  readonly lookback: { readonly start: number; readonly end: number; readonly months: number };
  /** Condition-cluster keys flagged as `ltc_<key>`, in column order. */
  readonly conditionClusters: readonly string[];
  /** Id and version of the ACSC list used (`'custom'` for a bare prefix list). */
  readonly acscList: string;
  /**
   * How `efi` was computed: `'deficit-code-lists'` when the population has registers from code
   * lists for the eFI deficits (clusters `efi_<deficit>`, see `EFI_DEFICITS`), else
   * `'cluster-approximation'` (deficits approximated from long-term-condition clusters).
   */
  readonly efiMethod: 'deficit-code-lists' | 'cluster-approximation';
  /** The source of each `score_<name>` feature, as given in `conditionScores`. */
  readonly conditionScores: Readonly<Record<string, string>>;
  /** The extract's window the features were checked against (`population.window`). */
  readonly dataWindow: DataWindow;
  /**
   * Things to know: a lookback starting before complete data (`window_before_data`), absent
   * polypharmacy, missing/invalid diagnoses, unknown bed days, unlisted clusters.
   */
  readonly warnings: readonly FeatureWarning[];
}

/** Age bands of the one-hot `age_*` columns: [name, lowest age, highest age] (from the feature definitions). */
export const AGE_BANDS: readonly (readonly [string, number, number])[] = AGE_BAND_DEFINITIONS;

/** Value `imd_decile` takes when the decile is unknown (then `imd_missing` = 1). */
export const IMD_IMPUTED = IMD_IMPUTED_VALUE;

/** Cluster keys that are flagged but are not long-term conditions, so `ltc_count` skips them. */
export const NOT_LONG_TERM = Object.freeze(['pregnancy', 'maternity', 'palliative_care', 'palliative', 'end_of_life']);

const FN = 'buildFeatures';

/**
 * Builds the feature matrix as it stood at `asOf`: one row per person eligible on that day
 * (born, registered and alive: core `isEligible`), in population row order. Strictly as-of:
 * nothing dated after `asOf` is read, so appending later events never changes a byte.
 *
 * | feature | type | definition | missing policy |
 * |---|---|---|---|
 * | `age` | Uint16 | completed years on `asOf` | none (birth date required) |
 * | `age_0_17`, `age_18_44`, `age_45_64`, `age_65_74`, `age_75_84`, `age_85_plus` | Uint8 | one-hot age band | none |
 * | `sex_female`, `sex_unknown`, `sex_other` | Uint8 | sex code F / not recorded / other (male is the reference) | `sex_unknown` is the indicator |
 * | `imd_decile` | Uint8 | IMD decile 1 (most deprived)..10 | imputed to 5 ({@link IMD_IMPUTED}), with `imd_missing` = 1 |
 * | `imd_missing` | Uint8 | 1 when the decile is unknown | — |
 * | `care_home` | Uint8 | care-home flag | 0 |
 * | `ltc_<key>` | Uint8 | cluster recorded on or before `asOf` and not resolved by then (resolved date > asOf) | 0 (not recorded) |
 * | `ltc_count` | Uint16 | number of `ltc_*` flags set, except {@link NOT_LONG_TERM} registers | 0 |
 * | `efi` | Float64 | deficits present / 36 (see `EFI_DEFICITS`): from the `efi_<deficit>` registers when deficit code lists were loaded, else approximated from clusters (`efiMethod` says which) | deficits without evidence count absent |
 * | `efi_category` | Uint8 | 0 fit (≤ 0.12), 1 mild (≤ 0.24), 2 moderate (≤ 0.36), 3 severe (> 0.36) | — |
 * | `emergency_admissions` | Uint32 | inpatient, emergency, admitted in the lookback window | 0 |
 * | `avoidable_admissions` | Uint32 | those with an ACSC primary diagnosis | missing/invalid diagnosis = not avoidable, counted in warnings |
 * | `emergency_bed_days` | Float64 | bed days of those admissions, counted up to `asOf` | unknown stay counts 0, counted in warnings |
 * | `ae_attendances` | Uint32 | A&E attendances in the window | 0 |
 * | `outpatient_attendances` | Uint32 | outpatient attendances in the window | 0 |
 * | `gp_contacts` | Uint32 | GP contacts in the window | 0 |
 * | `months_since_emergency` | Uint8 | completed calendar months from the latest emergency admission in the window to `asOf` | none in the window = `lookbackMonths + 1` |
 * | `polypharmacy` | Uint16 | distinct medication codes active on `asOf` (started on or before, end date after or open) | absent (with a warning) when the population has no medications |
 * | `score_<name>` | Float64 | sum of the `conditionScores[name]` weights of the conditions present on `asOf` (on the register, or by the score's rules) | a condition without evidence adds 0; clusters in no row are warned of |
 *
 * The lookback window is `(addMonths(asOf, -lookbackMonths), asOf]`: the start day is
 * excluded and `asOf` is included, so consecutive windows tile without overlap, and it
 * mirrors the outcome window `(asOf, asOf + horizon]`. Bed days of an admission still open
 * on `asOf` are counted only up to `asOf`.
 *
 * One pass over people and their events, each person's events read in date order up to
 * `asOf`: O(people + events + distinct diagnoses). ACSC membership is computed once per
 * interned diagnosis.
 *
 * @param population - the population.
 * @param options - see {@link BuildFeaturesOptions}.
 * @returns a {@link FeatureSet} (a FeatureMatrix with the window, cluster keys and warnings).
 * Window: `asOf` must be on or before the extract date (`population.window.extractDate`),
 * else `window_past_extract`; a lookback whose first day is before activity is complete
 * (`population.window.activityFrom`) gives a `window_before_data` warning (count = rows), or
 * the same as an error with `beforeData: 'error'`.
 *
 * @throws RiskStratifyError `window_past_extract` for an as-of date after the extract date;
 *   `window_before_data` for an early lookback with `beforeData: 'error'`;
 *   `invalid_options` for a bad option, an unknown feature name in
 *   `features`, `polypharmacy` requested without medications, or a custom name that clashes;
 *   `non_finite` when a custom feature returns NaN or infinity (naming feature and person).
 * @example
 * const pop = createPopulation({ ids: ['a'], practices: ['P1'], practice: [0],
 *   birthDate: [parseDate('1950-03-01')!], sex: [1],
 *   window: { extractDate: parseDate('2024-03-31')!, activityFrom: parseDate('2021-04-01')! } });
 * const f = buildFeatures(pop, { asOf: '2024-03-31' });
 * f.column('age')![0]; // => 74
 * f.column('age_65_74')![0]; // => 1
 */
export function buildFeatures(population: Population, options: BuildFeaturesOptions): FeatureSet {
  const opts = parseOptions(FN, BuildFeaturesOptions, options);
  const asOf = resolveDay(FN, ['options', 'asOf'], opts.asOf);
  const L = opts.lookbackMonths;
  // the lookback window as defined once (src/sql/definitions.ts): (start, asOf]
  const start = lookbackWindow(asOf, L).first - 1;
  const win = population.window;
  checkAsOf(FN, win, asOf, ['options', 'asOf']);
  const early = checkSpan(FN, win, {
    what: `the lookback window (${L} months to asOf)`, first: start + 1, last: asOf, path: ['options', 'lookbackMonths'],
    fixEarly: `an as-of date on or after ${formatDay(earliestAsOf(win.activityFrom, L))}, or a shorter lookbackMonths, avoids it`,
  }, opts.beforeData);
  const acsc: AcscCodes = opts.acscCodes ?? ACSC_CODES;
  const warnings: FeatureWarning[] = [];
  const c = population.columns;

  // Rows: eligible people in population order.
  let n = 0;
  for (let i = 0; i < population.size; i++) if (isEligible(population, i, asOf)) n++;
  const rows = new Uint32Array(n);
  for (let i = 0, r = 0; i < population.size; i++) if (isEligible(population, i, asOf)) rows[r++] = i;
  const rowIds = Array.from(rows, (i) => population.ids[i]!);
  if (early) warnings.push({ code: early.code, message: early.message, count: n, examples: [] });

  // Condition clusters: keys, flag columns, deficit map.
  const cond = population.conditions;
  const popKeys = cond.codes.map(clusterKey);
  // registers from eFI deficit lists (efi_*) and Cambridge score lists (cms_*) are not long-term-condition flags
  const isMeasureKey = (k: string): boolean => k.startsWith(EFI_PREFIX) || k.startsWith('cms_');
  const keys = (opts.conditionClusters ? dedupe(opts.conditionClusters.map(clusterKey)) : dedupe(popKeys.filter((k) => !isMeasureKey(k))).sort()).filter((k) => k !== '');
  const keyIndex = new Map(keys.map((k, j) => [k, j]));
  const flagOfCode = Int32Array.from(popKeys, (k) => keyIndex.get(k) ?? -1);
  const unlisted = cond.codes.filter((_, j) => !keyIndex.has(popKeys[j]!) && !isMeasureKey(popKeys[j]!));
  if (unlisted.length > 0) {
    warnings.push({ code: 'clusters_not_flagged', message: `${unlisted.length} condition cluster(s) in the population are not flagged (not in conditionClusters, or no letters or digits in the name) and not in ltc_count; still used for efi`, count: unlisted.length, examples: unlisted.slice(0, 5) });
  }
  const counted = Uint8Array.from(keys, (k) => (NOT_LONG_TERM.includes(k) ? 0 : 1));
  const efiFromLists = popKeys.some((k) => EFI_DEFICITS.some((d) => k === EFI_PREFIX + d.name));
  const deficitOfKey = new Map<string, number>();
  if (efiFromLists) EFI_DEFICITS.forEach((d, j) => deficitOfKey.set(EFI_PREFIX + d.name, j));
  else EFI_DEFICITS.forEach((d, j) => d.clusters.forEach((k) => deficitOfKey.set(k, j)));
  const deficitOfCode = Int32Array.from(popKeys, (k) => deficitOfKey.get(k) ?? -1);
  if (efiFromLists) {
    const missing = EFI_DEFICITS.filter((d) => !d.evidence && !popKeys.includes(EFI_PREFIX + d.name)).map((d) => d.name);
    if (missing.length > 0) warnings.push({ code: 'efi_deficits_without_list', message: `efi from deficit code lists: ${missing.length} deficit(s) have no list (cluster efi_<deficit>) and are never present: ${missing.join(', ')}`, count: missing.length, examples: missing.slice(0, 5) });
  }
  const scores = Object.entries(opts.conditionScores ?? {});
  for (const [name, s] of scores) {
    const absent = scoreClusters(s).filter((k) => !popKeys.includes(k));
    if (absent.length > 0) warnings.push({ code: 'score_clusters_absent', message: `score_${name}: ${absent.length} cluster(s) it reads are in no register row of the population (no code list loaded, or nobody coded): conditions needing them are never present`, count: absent.length, examples: absent.slice(0, 5) });
  }
  const careDeficit = EFI_DEFICITS.findIndex((d) => d.evidence === 'care_home');
  const polyDeficit = EFI_DEFICITS.findIndex((d) => d.evidence === 'polypharmacy');
  const D = EFI_DEFICITS.length;

  // Output columns, built where the scoring kernel reads them in place: in a feature arena (one
  // WebAssembly memory; shared with `shared`) sized for the columns below, or, for a small
  // matrix or where no such memory can be made, in ordinary typed arrays. A column the arena
  // has no room for (one added without updating this count) is an ordinary typed array.
  const customCount = Object.keys(opts.custom ?? {}).length;
  const bytesPerRow = 54 + keys.length + (population.medications ? 2 : 0) + 8 * (scores.length + customCount);
  const arena = opts.shared || n >= ARENA_MIN_ROWS ? featureArena(n, n * bytesPerRow, 64 + keys.length + scores.length + customCount, opts.shared) : undefined;
  const column = <T extends FeatureColumn>(C: TypedArrayOf<T>): T => arena?.column(C) ?? new C(n);
  const age = column(Uint16Array);
  const bands = AGE_BANDS.map(() => column(Uint8Array));
  const sexFemale = column(Uint8Array);
  const sexUnknown = column(Uint8Array);
  const sexOther = column(Uint8Array);
  const imd = column(Uint8Array);
  const imdMissing = column(Uint8Array);
  const careHome = column(Uint8Array);
  const flags = keys.map(() => column(Uint8Array));
  const ltcCount = column(Uint16Array);
  const efi = column(Float64Array);
  const efiCat = column(Uint8Array);
  // Activity counts as defined (src/sql/definitions.ts): each (setting, emergency) pair adds
  // to at most one count column; the ACSC count and bed days are read off emergency admissions.
  const counts = activityCounts().filter((a) => a.filter.acsc !== true);
  // events are tallied by kind (2 x setting + emergency) in the loop; each count adds its kinds
  const kindsOf = counts.map((a) => {
    const s = SETTING_LEVELS.indexOf(a.filter.setting);
    return [0, 1].filter((e) => a.filter.emergency === undefined || a.filter.emergency === (e === 1)).map((e) => 2 * s + e);
  });
  const byKind = new Uint32Array(2 * SETTING_LEVELS.length);
  const countColumns = counts.map(() => column(Uint32Array));
  const avoid = column(Uint32Array);
  const bedDays = column(Float64Array);
  const monthsSince = column(Uint8Array);
  const meds = population.medications;
  const poly = meds ? column(Uint16Array) : undefined;
  const scoreColumns = computeScores(population, rows, asOf, scores);

  const act = population.activity;
  const diagClass = diagnosisClasses(act.diagnoses, acsc);
  const audit = new DiagnosisAudit(act.diagnoses);
  let unknownStay = 0;
  const deficitStamp = new Uint32Array(D);
  const medStamp = meds ? new Uint32Array(meds.codes.length) : new Uint32Array(0);
  const asOfCivil = civilFromDay(asOf);
  const onProgress = opts.onProgress;
  const STEP = 65536;

  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    const stamp = r + 1;
    // Demographics.
    const a = ageOn(c.birthDate[i]!, asOfCivil);
    age[r] = a;
    for (let b = 0; b < AGE_BANDS.length; b++) {
      const band = AGE_BANDS[b]!;
      if (a >= band[1] && a <= band[2]) {
        bands[b]![r] = 1;
        break;
      }
    }
    const sex = c.sex[i]!;
    sexFemale[r] = sex === 1 ? 1 : 0;
    sexUnknown[r] = sex === 0 ? 1 : 0;
    sexOther[r] = sex === 3 ? 1 : 0;
    const decile = c.imdDecile[i]!;
    if (decile >= 1 && decile <= 10) imd[r] = decile;
    else {
      imd[r] = IMD_IMPUTED;
      imdMissing[r] = 1;
    }
    const ch = c.careHome[i]! ? 1 : 0;
    careHome[r] = ch;

    // Conditions active on asOf.
    let deficits = 0;
    let count = 0;
    for (let k = cond.offsets[i]!, end = cond.offsets[i + 1]!; k < end; k++) {
      if (cond.date[k]! > asOf) break;
      if (cond.resolvedDate[k]! <= asOf) continue;
      const code = cond.code[k]!;
      const f = flagOfCode[code]!;
      if (f >= 0 && flags[f]![r] === 0) {
        flags[f]![r] = 1;
        count += counted[f]!;
      }
      const d = deficitOfCode[code]!;
      if (d >= 0 && deficitStamp[d] !== stamp) {
        deficitStamp[d] = stamp;
        deficits++;
      }
    }
    ltcCount[r] = count;
    if (ch && deficitStamp[careDeficit] !== stamp) {
      deficitStamp[careDeficit] = stamp;
      deficits++;
    }

    // Medications active on asOf.
    if (meds && poly) {
      let distinct = 0;
      for (let k = meds.offsets[i]!, end = meds.offsets[i + 1]!; k < end; k++) {
        if (meds.date[k]! > asOf) break;
        if (meds.endDate[k]! <= asOf) continue;
        const code = meds.code[k]!;
        if (medStamp[code] !== stamp) {
          medStamp[code] = stamp;
          distinct++;
        }
      }
      poly[r] = distinct > 65535 ? 65535 : distinct;
      if (distinct >= 5 && deficitStamp[polyDeficit] !== stamp) {
        deficitStamp[polyDeficit] = stamp;
        deficits++;
      }
    }
    const score = deficits / D;
    efi[r] = score;
    efiCat[r] = efiCategory(score);

    // Activity in (start, asOf].
    let nA = 0, beds = 0;
    let last = NO_DATE;
    for (let k = act.offsets[i]!, end = act.offsets[i + 1]!; k < end; k++) {
      const day = act.date[k]!;
      if (day > asOf) break;
      if (day <= start) continue;
      const setting = act.setting[k]!;
      const emergency = act.emergency[k]! ? 1 : 0;
      byKind[2 * setting + emergency]!++;
      if (setting === 0) {
        if (emergency) {
          last = day;
          const dx = act.diagnosis[k]!;
          const cls = dx >= 0 ? diagClass[dx]! : 255;
          if (cls === DIAG_ACSC) nA++;
          else audit.note(dx, cls);
          const stay = stayUpTo(act.bedDays[k]!, day, act.endDate[k]!, NO_DATE, asOf);
          if (Number.isNaN(stay)) unknownStay++;
          else beds += stay;
        }
      }
    }
    for (let j = 0; j < kindsOf.length; j++) {
      const kinds = kindsOf[j]!;
      let total = 0;
      for (let q = 0; q < kinds.length; q++) total += byKind[kinds[q]!]!;
      countColumns[j]![r] = total;
    }
    byKind.fill(0);
    avoid[r] = nA;
    bedDays[r] = beds;
    monthsSince[r] = last === NO_DATE ? L + 1 : monthsBetween(last, asOfCivil);

    if (onProgress && (r + 1) % STEP === 0) onProgress(r + 1, n);
  }
  if (onProgress) onProgress(n, n);

  warnings.push(...audit.warnings('in the lookback window'));
  if (unknownStay > 0) {
    warnings.push({ code: 'bed_days_unknown', message: `${unknownStay} emergency admission(s) in the lookback window have neither bed days nor a discharge date: counted as 0 bed days`, count: unknownStay, examples: [] });
  }
  if (!meds) {
    warnings.push({ code: 'polypharmacy_absent', message: 'population has no medications: the polypharmacy feature is absent and the eFI polypharmacy deficit is never present', count: 0, examples: [] });
  }

  // Column names and order from the definitions (src/sql/definitions.ts).
  const built = new Map<string, FeatureColumn>([
    ['age', age], ...AGE_BANDS.map((band, b) => [band[0], bands[b]!] as const), ['sex_female', sexFemale], ['sex_unknown', sexUnknown], ['sex_other', sexOther],
    ['imd_decile', imd], ['imd_missing', imdMissing], ['care_home', careHome], ['ltc_count', ltcCount], ['efi', efi], ['efi_category', efiCat],
    ...counts.map((a, j) => [a.name, countColumns[j]!] as const), ['avoidable_admissions', avoid], ['emergency_bed_days', bedDays], ['months_since_emergency', monthsSince],
    ...scores.map(([name], s) => [`score_${name}`, scoreColumns[s]!] as const),
  ]);
  if (poly) built.set('polypharmacy', poly);
  const names = featureNames(keys, poly !== undefined, scores.map(([name]) => name));
  let flag = 0;
  const columns: FeatureColumn[] = names.map((nm) => (nm.startsWith('ltc_') && nm !== 'ltc_count' && flag < flags.length ? flags[flag++]! : built.get(nm)!));
  const byName = new Map<string, FeatureColumn>(names.map((nm, j) => [nm, columns[j]!]));
  if (byName.size !== names.length) {
    const dup = names.find((nm, j) => names.indexOf(nm) !== j);
    fail({ fn: FN, code: 'invalid_options', path: ['options', 'conditionClusters'], value: dup, message: 'two condition clusters make the same feature name' });
  }

  // Custom features, in declared order, each seeing the built-ins and earlier customs.
  const ctx: FeatureContext = { asOf, lookbackStart: start, rows, feature: (name) => byName.get(name) };
  for (const [name, def] of Object.entries(opts.custom ?? {})) {
    if (byName.has(name)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'custom', name], value: name, message: 'custom feature name clashes with a built-in feature' });
    const col = column(Float64Array);
    if (typeof def === 'function') {
      for (let r = 0; r < n; r++) col[r] = def(population, rows[r]!, ctx);
    } else {
      const values = def.column(population, ctx);
      if (!values || values.length !== n) {
        fail({ fn: FN, code: 'length_mismatch', path: ['options', 'custom', name], value: values?.length, message: `custom column must return ${n} values (one per row)` });
      }
      for (let r = 0; r < n; r++) col[r] = values[r]!;
    }
    for (let r = 0; r < n; r++) {
      if (!Number.isFinite(col[r]!)) {
        fail({ fn: FN, code: 'non_finite', path: ['options', 'custom', name, rowIds[r]!], value: col[r], message: 'custom feature returned a value that is not a finite number' });
      }
    }
    names.push(name);
    columns.push(col);
    byName.set(name, col);
  }

  // Subset.
  let keepNames = names;
  if (opts.features) {
    const wanted = opts.features;
    for (const w of wanted) {
      const hit = w.endsWith('*') ? names.some((nm) => nm.startsWith(w.slice(0, -1))) : byName.has(w);
      if (!hit) {
        const why = w === 'polypharmacy' ? 'polypharmacy needs population.medications' : `no such feature; available: ${names.join(', ')}`;
        fail({ fn: FN, code: 'invalid_options', path: ['options', 'features'], value: w, message: why });
      }
    }
    keepNames = names.filter((nm) => wanted.some((w) => (w.endsWith('*') ? nm.startsWith(w.slice(0, -1)) : nm === w)));
  }
  const kept = keepNames.map((nm) => byName.get(nm)!);
  const keepColumns = opts.shared && !kept.every((col) => col.buffer instanceof SharedArrayBuffer) ? toFeatureArena(kept, n) : kept;

  const matrix = makeFeatureMatrix(keepNames, keepColumns, Object.freeze(rowIds), rows, asOf);
  return Object.freeze({
    ...matrix,
    asOf,
    lookback: Object.freeze({ start, end: asOf, months: L }),
    conditionClusters: Object.freeze(keys),
    acscList: Array.isArray(acsc) ? 'custom' : `${(acsc as { id: string }).id} (${(acsc as { version: string }).version})`,
    efiMethod: efiFromLists ? 'deficit-code-lists' : 'cluster-approximation',
    conditionScores: Object.freeze(Object.fromEntries(scores.map(([name, s]) => [`score_${name}`, s.source]))),
    dataWindow: win,
    warnings: Object.freeze(warnings),
  });
}

function dedupe(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/** Completed years from a birth day to a civil date (29 Feb birthdays reached on 1 Mar). */
function ageOn(birth: number, on: { year: number; month: number; day: number }): number {
  const b = civilFromDay(birth);
  let years = on.year - b.year;
  if (on.month < b.month || (on.month === b.month && on.day < b.day)) years -= 1;
  return years < 0 ? 0 : years;
}

/** Completed calendar months from `day` to a civil date. */
function monthsBetween(day: number, on: { year: number; month: number; day: number }): number {
  const d = civilFromDay(day);
  let m = (on.year - d.year) * 12 + (on.month - d.month);
  if (on.day < d.day) m -= 1;
  return m < 0 ? 0 : m;
}
