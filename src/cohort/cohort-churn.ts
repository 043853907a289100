import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { Population } from '../core/population.js';
import type { Cohort } from './cohort.js';

const FN = 'cohortChurn';

/**
 * Options of {@link cohortChurn}. `population`: the population on the current run's date;
 * with it, reasons for leaving are read from each person's record (death, deregistration,
 * opt-out) as well as from the current cohort's exclusions.
 */
export const ChurnOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    population: z.optional(z
      .custom<Population>((v) => typeof v === 'object' && v !== null && 'columns' in v && 'ids' in v, { message: 'expected a Population' })),
  })).shape));
/** Input type of {@link ChurnOptions}. */
export type ChurnOptions = z.input<typeof ChurnOptions>;

/**
 * Last month's cohort as saved (e.g. read back from last month's run folder): the ids
 * selected, in order. Enough for {@link cohortChurn}, which reads the reasons for leaving from
 * this month's cohort and population.
 */
export interface PreviousCohort {
  readonly ids: readonly string[];
}

/** Why someone in the previous cohort is not in the current one. */
export type ChurnReason = 'died' | 'left the list' | 'not registered' | 'excluded' | 'over capacity' | 'not in population' | 'risk fell' | 'unknown';

/** One person who left the cohort. */
export interface ChurnLeaver {
  readonly id: string;
  readonly reason: ChurnReason;
  /** For `excluded`: the exclusion reason of the current run (`child`, `missingScore` or a list name). */
  readonly detail?: string;
}

/** The result of {@link cohortChurn}. */
export interface CohortChurn {
  /** In the current cohort, not in the previous one (current order). */
  readonly entered: readonly string[];
  /** In the previous cohort, not in the current one, with the reason (previous order); opted-out people are only counted. */
  readonly left: readonly ChurnLeaver[];
  /** In both (current order). */
  readonly stayed: readonly string[];
  readonly counts: {
    readonly previous: number;
    readonly current: number;
    readonly entered: number;
    readonly left: number;
    readonly stayed: number;
    /** Leavers who have since opted out: counted here, never listed. */
    readonly optedOut: number;
    /** Leavers by reason (opted-out ones not included). */
    readonly byReason: Readonly<Partial<Record<ChurnReason, number>>>;
  };
}

const FROM_EXCLUSION: Readonly<Record<string, ChurnReason>> = {
  deceased: 'died',
  leftList: 'left the list',
  notRegistered: 'not registered',
};

/**
 * Who entered, left and stayed between two monthly runs, because the people at greatest risk
 * change (and high users regress to the mean). The reason for leaving is, in order:
 * an exclusion recorded by the current run (`deceased` -> `died`, `leftList` -> `left the
 * list`, `notRegistered`, anything else -> `excluded` with `detail`); removal by a capacity
 * limit (`over capacity`); and, when `population` is given, the person's record on the
 * current date (not found -> `not in population`, death -> `died`, registration ended ->
 * `left the list`, otherwise alive, registered and not excluded but ranked below the cut-off
 * -> `risk fell`). Without `population` the last case is `unknown`. People who have opted
 * out since (known from `population`) are counted in `counts.optedOut` and never listed.
 *
 * O(p + c + e) with p, c the cohort sizes and e the current exclusions.
 *
 * @param previous - Last run's cohort, or `{ ids }` of it (as saved last month).
 * @param current - This run's cohort.
 * @param options - {@link ChurnOptions}.
 * @returns Entered, left (with reasons) and stayed ids and their counts.
 * @throws RiskStratifyError `invalid_argument` when a cohort is not a {@link Cohort}.
 * @example
 * const churn = cohortChurn(january, february, { population });
 * churn.left; // => [{ id: 'p17', reason: 'died' }, { id: 'p42', reason: 'risk fell' }]
 */
export function cohortChurn(previous: Cohort | PreviousCohort, current: Cohort, options: ChurnOptions = {}): CohortChurn {
  const before = previous !== null && typeof previous === 'object' && 'selected' in previous ? previous.selected?.ids : (previous as PreviousCohort | null)?.ids;
  if (!Array.isArray(before)) fail({ fn: FN, code: 'invalid_argument', path: ['previous'], value: previous, message: 'expected a Cohort from selectCohort' });
  if (typeof current !== 'object' || current === null || !Array.isArray(current.selected?.ids) || !Array.isArray(current.exclusions)) {
    fail({ fn: FN, code: 'invalid_argument', path: ['current'], value: current, message: 'expected a Cohort from selectCohort' });
  }
  const o = parseOptions(FN, ChurnOptions, options);
  const pop = o.population;
  const previousIds = new Set(before);
  const currentIds = new Set(current.selected.ids);
  const entered = current.selected.ids.filter((id) => !previousIds.has(id));
  const stayed = current.selected.ids.filter((id) => previousIds.has(id));
  const excludedAs = new Map<string, string>();
  for (const x of current.exclusions) excludedAs.set(x.id, x.reason);
  const capped = new Set(current.overCapacity.map((x) => x.id));

  const left: ChurnLeaver[] = [];
  const byReason: Partial<Record<ChurnReason, number>> = {};
  let optedOut = 0;
  for (const id of before) {
    if (currentIds.has(id)) continue;
    const row = pop ? pop.indexOf(id) : -1;
    if (pop && row >= 0 && pop.columns.optedOut[row] === 1) {
      optedOut++;
      continue;
    }
    let leaver: ChurnLeaver;
    const excl = excludedAs.get(id);
    if (excl !== undefined) {
      const mapped = FROM_EXCLUSION[excl];
      leaver = mapped ? { id, reason: mapped } : { id, reason: 'excluded', detail: excl };
    } else if (capped.has(id)) {
      leaver = { id, reason: 'over capacity' };
    } else if (!pop) {
      leaver = { id, reason: 'unknown' };
    } else if (row < 0) {
      leaver = { id, reason: 'not in population' };
    } else if (pop.columns.deathDate[row]! <= current.asOf) {
      leaver = { id, reason: 'died' };
    } else if (pop.columns.registeredTo[row]! <= current.asOf) {
      leaver = { id, reason: 'left the list' };
    } else {
      leaver = { id, reason: 'risk fell' };
    }
    left.push(leaver);
    byReason[leaver.reason] = (byReason[leaver.reason] ?? 0) + 1;
  }
  return {
    entered,
    left,
    stayed,
    counts: {
      previous: before.length,
      current: current.selected.ids.length,
      entered: entered.length,
      left: left.length + optedOut,
      stayed: stayed.length,
      optedOut,
      byReason,
    },
  };
}
