import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { withRows } from '../core/aligned-rows.js';
import { fail } from '../core/errors.js';
import { formatDay, NO_DATE } from '../core/dates.js';
import { checkAsOf, checkSpan, latestAsOf } from '../core/check-window.js';
import { BeforeData } from '../core/before-data.js';
import { parseOptions } from '../core/options.js';
import { isEligible, type DataWindow, type Population } from '../core/population.js';
import { ACSC_CODES, AcscCodesSchema, type AcscCodes } from './acsc-codes.js';
import { DiagnosisAudit, diagnosisClasses, DIAG_ACSC, stayUpTo } from './diagnosis-classes.js';
import type { FeatureWarning } from './feature-warning.js';
import { DayInput, resolveDay } from './resolve-day.js';
import { outcomeWindow } from '../sql/definitions.js';

/** Options of {@link buildOutcomes}. */
export const BuildOutcomesOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** The date outcomes are measured after: a day number, `yyyy-mm-dd` or a `Date`. */
  asOf: DayInput,
  /** Length of the outcome window in calendar months (1..120). */
  horizonMonths: z._default(z.number().check(z.int(), z.gte(1), z.lte(120)), 12),
  /**
   * Population rows to measure, e.g. `features.rows` of a FeatureMatrix built at the same
   * `asOf`. Default: the people eligible at `asOf`, in population order (the same rows
   * `buildFeatures` gives).
   */
  rows: z.optional(z.custom<ArrayLike<number>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), 'must be an array of population rows')),
  /**
   * People who die or leave the list inside the window: `'observed'` (default) counts what
   * happened up to then and keeps them included; `'exclude'` marks them `included = 0` and
   * sets their outcome values to 0.
   */
  censoring: z._default(z.enum(['observed', 'exclude']), 'observed'),
  /** ACSC code list (prefixes or a versioned list); default `ACSC_CODES`. */
  acscCodes: z.optional(AcscCodesSchema),
  /**
   * An outcome window that starts before the extract's activity is complete (an as-of date
   * before `population.window.activityFrom`): `'warn'` (default) adds a `window_before_data`
   * warning, `'error'` refuses. A window running past the extract date is always refused.
   */
  beforeData: BeforeData,
}));
export type BuildOutcomesOptions = z.input<typeof BuildOutcomesOptions>;

/** Outcome vectors aligned with a feature matrix's rows. */
export interface Outcomes {
  /** Population row of each entry. */
  readonly rows: Uint32Array;
  readonly rowIds: readonly string[];
  /** 1 when at least one emergency admission started in the window. */
  readonly emergencyAdmission: Uint8Array;
  /** 1 when at least one of them had an ACSC primary diagnosis. */
  readonly avoidableAdmission: Uint8Array;
  /** Count of emergency admissions starting in the window. */
  readonly emergencyAdmissions: Uint32Array;
  /** Count of avoidable (ACSC) emergency admissions starting in the window. */
  readonly avoidableAdmissions: Uint32Array;
  /** Emergency bed days within the window (admissions starting in it, counted up to its end). */
  readonly bedDays: Float64Array;
  /** 1 when the person died in the window. */
  readonly died: Uint8Array;
  /** 1 when the registration ended in the window (other than by death). */
  readonly leftList: Uint8Array;
  /** 0 when excluded by the censoring policy, else 1. */
  readonly included: Uint8Array;
  readonly counts: { readonly died: number; readonly left: number; readonly excluded: number; readonly notEligible: number };
  /** `(start, end]`: start (= asOf) exclusive, end inclusive, day numbers. */
  readonly window: readonly [number, number];
  /** The as-of day and the horizon the window was built from. */
  readonly asOf: number;
  readonly horizonMonths: number;
  /**
   * The extract's window the outcome window was checked against (`population.window`): the
   * outcome window lies inside it (its end on or before `dataWindow.extractDate`), so the
   * outcomes are not truncated. `evaluateScores` takes this object as `outcomeWindow` to say so.
   */
  readonly dataWindow: DataWindow;
  readonly censoring: 'observed' | 'exclude';
  readonly warnings: readonly FeatureWarning[];
}

const FN = 'buildOutcomes';

/**
 * Measures what happened to each person in the window `(asOf, addMonths(asOf, horizon)]`:
 * the start day (`asOf`) excluded, the end day included, so features standing at `asOf`
 * and outcomes after it never share a day. Only events dated after `asOf` are read.
 *
 * - Emergency admission = inpatient with the emergency flag, admission date in the window.
 * - Avoidable = its primary diagnosis matches the ACSC list (missing or invalid ICD-10
 *   diagnoses are never avoidable and are counted in `warnings`).
 * - Bed days = bed days of those admissions counted up to the window end, or the death day /
 *   the day before the registration end when earlier (an admission on the last counted day
 *   contributes 0); an admission with neither bed days nor a discharge date
 *   contributes 0 and is counted in `warnings`.
 * - Died = death date in the window. Left = registration end in the window and before the
 *   death date (a registration closed by death is a death, not a leaver).
 * - Censoring: events are counted up to the death day (inclusive) or up to the day before
 *   the registration end (registration end is exclusive, as in eligibility). With
 *   `censoring: 'exclude'`, people who died or left get `included = 0` and all their outcome
 *   values 0; rows stay aligned either way.
 *
 * Window: the outcome window must end on or before the extract date
 * (`population.window.extractDate`), else `window_past_extract`: events after the extract date
 * are not in the data, and outcomes counted over a truncated window look like success (a
 * horizon of 12 months one month before the extract end would be one month of outcomes). An
 * outcome window starting before activity is complete gives a `window_before_data` warning (or
 * error, by `beforeData`). The result carries `asOf`, `horizonMonths` and the `dataWindow` it
 * was checked against, so `evaluateScores` can show it.
 *
 * O(rows + their events + distinct diagnoses).
 *
 * @param population - the population.
 * @param options - see {@link BuildOutcomesOptions}.
 * @returns {@link Outcomes} aligned with `options.rows` (default: eligible people at `asOf`).
 * @throws RiskStratifyError `window_past_extract` for an as-of date or an outcome window past the
 *   extract date; `window_before_data` with `beforeData: 'error'`; `invalid_options` for a bad
 *   option or a row outside the population.
 * @example
 * const o = buildOutcomes(pop, { asOf: '2024-03-31', horizonMonths: 12 });
 * o.window; // => [19813, 20178]  (2024-03-31 excluded, 2025-03-31 included)
 */
export function buildOutcomes(population: Population, options: BuildOutcomesOptions): Outcomes {
  const opts = parseOptions(FN, BuildOutcomesOptions, options);
  const asOf = resolveDay(FN, ['options', 'asOf'], opts.asOf);
  // the outcome window as defined once (src/sql/definitions.ts): (asOf, end]
  const end = outcomeWindow(asOf, opts.horizonMonths).last;
  const win = population.window;
  checkAsOf(FN, win, asOf, ['options', 'asOf']);
  const early = checkSpan(FN, win, {
    what: `the outcome window (${opts.horizonMonths} months after asOf)`, first: asOf + 1, last: end, path: ['options', 'horizonMonths'],
    fixLate: `an as-of date on or before ${formatDay(latestAsOf(win.extractDate, opts.horizonMonths))} (the extract date minus horizonMonths), or a shorter horizonMonths, fits the data`,
  }, opts.beforeData);
  const acsc: AcscCodes = opts.acscCodes ?? ACSC_CODES;
  const c = population.columns;

  let rows: Uint32Array;
  if (opts.rows) {
    const src = opts.rows;
    rows = new Uint32Array(src.length);
    for (let r = 0; r < src.length; r++) {
      const i = src[r]!;
      if (!Number.isInteger(i) || i < 0 || i >= population.size) {
        fail({ fn: FN, code: 'invalid_options', path: ['options', 'rows', r], value: i, message: 'is not a population row' });
      }
      rows[r] = i;
    }
  } else {
    let n = 0;
    for (let i = 0; i < population.size; i++) if (isEligible(population, i, asOf)) n++;
    rows = new Uint32Array(n);
    for (let i = 0, r = 0; i < population.size; i++) if (isEligible(population, i, asOf)) rows[r++] = i;
  }
  const n = rows.length;
  const rowIds = Object.freeze(Array.from(rows, (i) => population.ids[i]!));

  const emergencyAdmission = new Uint8Array(n);
  const avoidableAdmission = new Uint8Array(n);
  const emergencyAdmissions = new Uint32Array(n);
  const avoidableAdmissions = new Uint32Array(n);
  const bedDays = new Float64Array(n);
  const died = new Uint8Array(n);
  const leftList = new Uint8Array(n);
  const included = new Uint8Array(n);
  let nDied = 0, nLeft = 0, nExcluded = 0, notEligible = 0, unknownStay = 0;
  const act = population.activity;
  const diagClass = diagnosisClasses(act.diagnoses, acsc);
  const audit = new DiagnosisAudit(act.diagnoses);
  const exclude = opts.censoring === 'exclude';

  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    if (!isEligible(population, i, asOf)) notEligible++;
    const death = c.deathDate[i]!;
    const regTo = c.registeredTo[i]!;
    const d = death > asOf && death <= end ? 1 : 0;
    const l = regTo > asOf && regTo <= end && regTo < death ? 1 : 0;
    died[r] = d;
    leftList[r] = l;
    nDied += d;
    nLeft += l;
    if (exclude && (d || l)) {
      nExcluded++;
      continue;
    }
    included[r] = 1;
    // Last day whose events count: window end, death day, or the day before registration ends.
    let limit = end;
    if (death < limit) limit = death;
    if (regTo - 1 < limit) limit = regTo - 1;
    let nE = 0, nA = 0, beds = 0;
    for (let k = act.offsets[i + 1]! - 1, lo = act.offsets[i]!; k >= lo; k--) {
      // Walk backwards from the latest event: stop once at or before asOf.
      const day = act.date[k]!;
      if (day <= asOf) break;
      if (day > limit) continue;
      if (act.setting[k]! !== 0 || !act.emergency[k]!) continue;
      nE++;
      const dx = act.diagnosis[k]!;
      const cls = dx >= 0 ? diagClass[dx]! : 255;
      if (cls === DIAG_ACSC) nA++;
      else audit.note(dx, cls);
      const stay = stayUpTo(act.bedDays[k]!, day, act.endDate[k]!, NO_DATE, limit);
      if (Number.isNaN(stay)) unknownStay++;
      else beds += stay;
    }
    emergencyAdmissions[r] = nE;
    avoidableAdmissions[r] = nA;
    emergencyAdmission[r] = nE > 0 ? 1 : 0;
    avoidableAdmission[r] = nA > 0 ? 1 : 0;
    bedDays[r] = beds;
  }

  const warnings: FeatureWarning[] = audit.warnings('in the outcome window');
  if (early) warnings.unshift({ code: early.code, message: early.message, count: n, examples: [] });
  if (unknownStay > 0) {
    warnings.push({ code: 'bed_days_unknown', message: `${unknownStay} emergency admission(s) in the outcome window have neither bed days nor a discharge date: counted as 0 bed days`, count: unknownStay, examples: [] });
  }
  if (notEligible > 0) {
    warnings.push({ code: 'rows_not_eligible', message: `${notEligible} of the given rows were not registered and alive on asOf`, count: notEligible, examples: [] });
  }

  // Each vector carries its population rows, so evaluateScores / compareVariants align it themselves.
  for (const v of [emergencyAdmission, avoidableAdmission, emergencyAdmissions, avoidableAdmissions, bedDays, died, leftList, included]) withRows(v, rows);
  return Object.freeze({
    rows,
    rowIds,
    emergencyAdmission,
    avoidableAdmission,
    emergencyAdmissions,
    avoidableAdmissions,
    bedDays,
    died,
    leftList,
    included,
    counts: Object.freeze({ died: nDied, left: nLeft, excluded: nExcluded, notEligible }),
    window: Object.freeze([asOf, end] as const),
    asOf,
    horizonMonths: opts.horizonMonths,
    dataWindow: win,
    censoring: opts.censoring,
    warnings: Object.freeze(warnings),
  });
}
