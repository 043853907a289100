import { fail } from '../core/errors.js';
import { rowsOf } from '../core/aligned-rows.js';
import { ageInYears, civilFromDay, dayFromCivil, toDay } from '../core/dates.js';
import { checkAsOf } from '../core/check-window.js';
import type { Population } from '../core/population.js';
import type { CohortOptions } from './cohort-options.js';
import { parseCohortOptions } from './parse-cohort-options.js';
import { exclusionEntries } from './exclusion-entries.js';
import { ownValue } from '../core/own-value.js';
import { matchExclusionLists } from './match-exclusion-lists.js';
import type { Cohort, CohortCapacity, CohortExclusion, CohortExclusionList, CohortGroup } from './cohort.js';
import { BUILT_IN_EXCLUSIONS } from './cohort.js';
import { rankCompare, selectTopK, sortRange, sortTop, swapPositions } from './select-top-k.js';
import { cohortSize } from './cohort-size.js';
import { groupCandidates, sampleCutoffs } from './candidates.js';
import { eligibilityRangesOnRepeat } from './eligibility-ranges.js';
import { practiceSizes } from './practice-sizes.js';
import { cohortSizeWarnings } from './cohort-warnings.js';
import { resultWarning, type ResultWarning } from '../core/result-warning.js';
import { CUSTOM_CODE, eligibilityPass, type EligibilityInput, EXCLUSION_CODE, SAMPLE_STRIDE, samplePass } from './eligibility-pass.js';

const FN = 'selectCohort';

/** The latest birth day of someone aged 18+ on `day`, by core `ageInYears`. */
export function adultCutoff(day: number): number {
  const { year, month, day: d } = civilFromDay(day);
  let cut = dayFromCivil(year - 18, month, Math.min(d, 28));
  while (ageInYears(cut + 1, day) >= 18) cut++;
  while (ageInYears(cut, day) < 18) cut--;
  return cut;
}

/**
 * Selects the people a multidisciplinary team should case-manage: the top `topPercent`% (or
 * `topN`) by score, per practice (default) or population-wide, among eligible people.
 *
 * **Eligible** means scored, not opted out (always excluded, not overridable), alive and
 * registered on `asOf` (core `isEligible`), aged 18+ on `asOf` when `adultsOnly` (core
 * `ageInYears`), on none of the `exclude` lists, and (with `missing: 'exclude'`) with a
 * score that is not NaN. Each excluded person is counted under the first reason that applies.
 *
 * **Exclusion lists** are matched as the loader matches ids: trimmed, then exactly, case
 * included. `exclusionLists` gives each list's ids, people matched, ids not found and people
 * it excluded; a list matching nobody (empty, or every id unknown) is an error naming it, or
 * with `unmatchedExclusions: 'warn'` the warning `exclusion_list_unmatched`.
 *
 * **Tie policy.** People are ranked by score descending, then id ascending (JS string `<`,
 * i.e. by UTF-16 code units; SQL `ORDER BY score DESC, id COLLATE "C"` gives the same order
 * for ASCII ids), a total order, so the result never depends on row order. In each group
 * k = ceil(p/100 · eligible) (at least 1 when anyone is eligible; `topN`: min(N, eligible)).
 * `exact` selects exactly k; `threshold` selects everyone scoring at least the k-th score
 * and reports the extra people in `tiesAdded`.
 *
 * **Capacity** (a maximum caseload per practice, or per MDT with `groups`) is applied after
 * ranking: each unit keeps its best-ranked people up to the limit.
 *
 * **Groups too small for the rule** are selected all the same, and named in `warnings`:
 * `group_too_small` counts the groups with nobody eligible or, for a top p%, fewer than 1/p
 * eligible people (n < 100/p: fewer than 50 adults for a top 2%), where k = ceil(p/100 · n) is
 * 1 only because it is rounded up, so one person is more than p% of the group;
 * `k_reaches_eligible` says when k equals everyone eligible in more than half of the groups
 * with anyone eligible (the cohort is then everyone there, not a top slice); `empty_cohort`
 * when nobody is selected. Each carries the number of groups and example group names.
 *
 * Cost: a sample of every 32nd score gives each group a cut-off a little below its k-th
 * score, O(n/32); then one O(n) pass checks eligibility, counts, and keeps only the people at
 * or above their group's cut-off (about 5% of the eligible at `topPercent: 2`). Each person's
 * eligibility day range and each practice's size are made once per population (an immutable
 * object) and remembered, so a repeat call reads 16 bytes for most people. Those are
 * ranked by introselect (expected linear, worst case O(c log k)) and only the k selected are
 * sorted, O(k log k). No full sort and no object per person (exclusion records, and the
 * `selected.ids` strings, are made when first read). The result never depends on the
 * sample: a group whose cut-off let through fewer than k people is gathered again whole (a
 * second pass) and ranked whole. Inputs are not modified.
 *
 * @param scores - One score per person (higher = higher risk), e.g. `model.score(features)`.
 * @param population - The population the scores refer to.
 * @param options - See {@link CohortOptions}; `asOf` and one of `topPercent` / `topN` are required.
 * @returns The {@link Cohort}: selected people, per-group counts and thresholds, exclusions.
 * **Window**: `asOf` must be on or before the extract date (`population.window.extractDate`):
 * who is alive and registered after it is not in the data, so a later date is refused.
 *
 * @throws RiskStratifyError `window_past_extract` for an as-of date after the extract date,
 *   `invalid_options` for a bad option (e.g. `topPercent: 0`),
 *   `length_mismatch` when scores and rows/population disagree, `invalid_input` for a bad
 *   or repeated row or an unknown id, `non_finite` for a NaN score (naming the row) unless
 *   `missing: 'exclude'`, `exclusion_list_unmatched` for an `exclude` list that matches nobody
 *   in the population (naming the list) unless `unmatchedExclusions: 'warn'`.
 * @example
 * const pop = createPopulation({ ids: ['a', 'b', 'c', 'd'], practices: ['P1'],
 *   practice: [0, 0, 0, 0], birthDate: [0, 0, 0, 0], window: { extractDate: parseDate('2020-01-01')! } });
 * const cohort = selectCohort(new Float64Array([0.1, 0.9, 0.5, 0.9]), pop,
 *   { asOf: '2020-01-01', topPercent: 50 });
 * cohort.selected.ids; // => ['b', 'd']  (k = ceil(0.5 · 4) = 2; b and d tie, 'b' < 'd')
 * selectCohort(new Float64Array([0.1, 0.9, 0.5, 0.9]), pop, { asOf: '2020-01-01', topPercent: 2 })
 *   .warnings.map((w) => w.code); // => ['group_too_small'] (4 people: fewer than 50 for a top 2%)
 */
export function selectCohort(scores: ArrayLike<number>, population: Population, options: CohortOptions): Cohort {
  if (scores === null || typeof scores !== 'object' || typeof (scores as ArrayLike<number>).length !== 'number') {
    fail({ fn: FN, code: 'invalid_argument', path: ['scores'], value: scores, message: 'scores must be an array or typed array of numbers' });
  }
  const o = parseCohortOptions(FN, options);
  // Scores from model.score carry their population rows: used when neither rows nor ids is given.
  const carried = o.rows === undefined && o.ids === undefined ? rowsOf(scores) : undefined;
  if (carried !== undefined && !(carried.length === population.size && carried.every((r, i) => r === i))) o.rows = carried;
  const asOf = toDay(o.asOf);
  if (asOf === undefined) {
    fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'asOf must be a whole day number or a yyyy-mm-dd date' });
  }
  checkAsOf(FN, population.window, asOf, ['options', 'asOf']);
  const n = scores.length;
  const size = population.size;
  const ids = population.ids;

  // Population row of each score, and the people scored per practice.
  let rowOf: Uint32Array | undefined;
  let scoredIn: Uint32Array | undefined;
  const practiceOf = population.columns.practice;
  if (o.rows !== undefined) {
    if (o.rows.length !== n) {
      fail({ fn: FN, code: 'length_mismatch', path: ['options', 'rows'], value: o.rows.length, message: `rows has ${o.rows.length} entries but there are ${n} scores` });
    }
    rowOf = new Uint32Array(n);
    scoredIn = new Uint32Array(population.practices.length);
    const seen = new Uint8Array(size);
    for (let s = 0; s < n; s++) {
      const r = o.rows[s]!;
      if (!Number.isInteger(r) || r < 0 || r >= size) {
        fail({ fn: FN, code: 'invalid_input', path: ['options', 'rows', s], value: r, message: `not a row of the population (0..${size - 1})` });
      }
      if (seen[r] === 1) fail({ fn: FN, code: 'invalid_input', path: ['options', 'rows', s], value: r, message: 'population row scored twice' });
      seen[r] = 1;
      rowOf[s] = r;
      scoredIn[practiceOf[r]!]!++;
    }
  } else if (o.ids !== undefined) {
    if (o.ids.length !== n) {
      fail({ fn: FN, code: 'length_mismatch', path: ['options', 'ids'], value: o.ids.length, message: `ids has ${o.ids.length} entries but there are ${n} scores` });
    }
    rowOf = new Uint32Array(n);
    scoredIn = new Uint32Array(population.practices.length);
    const seen = new Uint8Array(size);
    for (let s = 0; s < n; s++) {
      const r = population.indexOf(o.ids[s]!);
      if (r < 0) fail({ fn: FN, code: 'invalid_input', path: ['options', 'ids', s], value: o.ids[s], message: 'id not in the population' });
      if (seen[r] === 1) fail({ fn: FN, code: 'invalid_input', path: ['options', 'ids', s], value: o.ids[s], message: 'id scored twice' });
      seen[r] = 1;
      rowOf[s] = r;
      scoredIn[practiceOf[r]!]!++;
    }
  } else {
    if (n !== size) {
      fail({ fn: FN, code: 'length_mismatch', path: ['scores'], value: n, message: `there are ${n} scores but ${size} people; pass options.rows (e.g. features.rows) to map scores to people` });
    }
    rowOf = undefined; // score s is population row s
    scoredIn = practiceSizes(population);
  }
  const rowAt = (s: number): number => (rowOf === undefined ? s : rowOf[s]!);

  // Named exclusion lists: the first list (in key order) naming a row wins.
  const lists = exclusionEntries(o.exclude);
  const custom = lists.map(([name]) => name);
  for (const name of custom) {
    if ((BUILT_IN_EXCLUSIONS as readonly string[]).includes(name) || name === 'notScored') {
      fail({ fn: FN, code: 'invalid_options', path: ['options', 'exclude', name], value: name, message: 'this reason is built in; choose another name for the list' });
    }
  }
  const warnings: ResultWarning[] = [];
  const customOf = custom.length > 0 ? new Uint16Array(size) : undefined;
  const matchedBy = matchExclusionLists(lists, population, customOf, o.unmatchedExclusions, warnings);
  const cols = population.columns;
  const adultBorn = o.adultsOnly ? adultCutoff(asOf) : Number.POSITIVE_INFINITY;
  const perPractice = o.per === 'practice';
  const nGroups = perPractice ? population.practices.length : 1;
  if (!ArrayBuffer.isView(scores)) {
    for (let s = 0; s < n; s++) {
      if (typeof scores[s] !== 'number') fail({ fn: FN, code: 'invalid_argument', path: ['scores', s], value: scores[s], message: 'score is not a number' });
    }
  }
  // A strided sample of the eligible gives each group a cut-off a little below its k-th
  // score; the full pass keeps only those reaching it (see candidates.ts).
  const ranges = eligibilityRangesOnRepeat(population, o.adultsOnly);
  const scored = perPractice ? scoredIn : Uint32Array.of(n);
  const passInput: EligibilityInput = { scores, rowOf, columns: cols, ranges, asOf, adultBorn, customOf, perPractice, groups: nGroups, lists: custom.length, scored };
  const kFor = (m: number): number => (o.topN !== undefined ? Math.min(o.topN, m) : cohortSize(o.topPercent!, m));
  const sample = samplePass(passInput, SAMPLE_STRIDE);
  const cutoff = sampleCutoffs(sample.group, sample.score, sample.size, nGroups, SAMPLE_STRIDE, kFor);
  const pass = eligibilityPass(passInput, cutoff);
  const counts = pass.eligible;
  const codeName = (code: number): string => (code >= CUSTOM_CODE ? custom[code - CUSTOM_CODE]! : BUILT_IN_EXCLUSIONS[code - 1]!);
  if (o.missing === 'refuse' && pass.excluded[EXCLUSION_CODE.missingScore]! > 0) {
    const s = pass.listed.scoreIndex[pass.listed.code.indexOf(EXCLUSION_CODE.missingScore)]!;
    const r = rowAt(s);
    fail({ fn: FN, code: 'non_finite', path: ['scores', s], value: scores[s], message: `score of ${JSON.stringify(ids[r])} (population row ${r}) is NaN; pass missing: 'exclude' to leave such people out` });
  }
  // Built as entries so that a list named `__proto__` is an own key like any other.
  const excludedEntries: [string, number][] = [];
  for (let code = 1; code < pass.excluded.length; code++) excludedEntries.push([codeName(code), pass.excluded[code]!]);
  excludedEntries.push(['notScored', size - n]);
  const excludedCounts = Object.fromEntries(excludedEntries);
  const exclusionLists: CohortExclusionList[] = lists.map(([list, given], c) => ({
    list, ids: given.length, matched: matchedBy[c]!.matched, unmatched: matchedBy[c]!.unmatched, excluded: pass.excluded[CUSTOM_CODE + c]!,
  }));
  // One record per excluded person (opted-out people are only counted), in score order: the
  // pass lists them compactly; objects are made only when `exclusions` is first read.
  const { scoreIndex: excludedIndex, code: excludedCode } = pass.listed;
  let exclusions: CohortExclusion[] | undefined;
  const listExclusions = (): CohortExclusion[] =>
    (exclusions ??= Array.from(excludedIndex, (s, e) => ({ id: ids[rowAt(s)]!, reason: codeName(excludedCode[e]!) })));

  // Candidates: the eligible whose score reached their group's cut-off, grouped by group in
  // input order. Only they are ranked; a group whose cut-off let through fewer than its k is
  // redone with everyone (a second pass keeping only such groups), so the result is exact
  // whatever the sample.
  const ks = new Uint32Array(nGroups);
  let short: Uint8Array | undefined;
  for (let g = 0; g < nGroups; g++) {
    ks[g] = kFor(counts[g]!);
    if (pass.reached.count[g]! < ks[g]!) (short ??= new Uint8Array(nGroups))[g] = 1;
  }
  let candidates;
  if (short === undefined) {
    candidates = groupCandidates(pass.reached);
  } else {
    const redoCut = Float64Array.from(short, (x) => (x === 1 ? Number.NEGATIVE_INFINITY : Number.NaN));
    candidates = groupCandidates(pass.reached, eligibilityPass(passInput, redoCut).reached, short);
  }
  const { idx, keys, offsets } = candidates;

  const tie = (a: number, b: number): boolean => ids[rowAt(a)]! < ids[rowAt(b)]!;
  const compare = rankCompare(scores, tie);
  const keepEnd = new Uint32Array(nGroups); // end of the selected range of each group in idx
  const groupInfo: { eligible: number; k: number; threshold: number | null; tiesAdded: number }[] = [];
  for (let g = 0; g < nGroups; g++) {
    const from = offsets[g]!;
    const to = offsets[g + 1]!;
    const m = counts[g]!;
    const k = ks[g]!;
    selectTopK(idx, keys, from, to, k, tie);
    sortTop(idx, keys, from, from + k, tie);
    let end = from + k;
    let threshold: number | null = null;
    if (k > 0) {
      threshold = scores[idx[from + k - 1]!]!;
      if (o.policy === 'threshold') {
        // Everyone left in the group ranks after the k-th; pull forward those with equal score.
        for (let j = from + k; j < to; j++) {
          if (keys[j] === threshold) swapPositions(idx, keys, end++, j);
        }
        sortTop(idx, keys, from + k, end, tie);
      }
    }
    keepEnd[g] = end;
    groupInfo.push({ eligible: m, k, threshold, tiesAdded: end - from - k });
  }

  // Capacity after ranking, per practice or per MDT.
  const practiceCode = population.practices;
  const unitOfPractice = (p: number): string => {
    const code = practiceCode[p]!;
    return (o.groups !== undefined ? ownValue(o.groups, code) : undefined) ?? code;
  };
  const dropped = o.capacity === undefined ? undefined : new Uint8Array(n);
  const cappedPerGroup = new Uint32Array(nGroups);
  const capacity: CohortCapacity[] = [];
  const overCapacity: { id: string; unit: string }[] = [];
  if (o.capacity !== undefined) {
    const units = new Map<string, number[]>();
    for (let g = 0; g < nGroups; g++) {
      for (let j = offsets[g]!; j < keepEnd[g]!; j++) {
        const s = idx[j]!;
        const unit = unitOfPractice(cols.practice[rowAt(s)]!);
        let list = units.get(unit);
        if (list === undefined) units.set(unit, (list = []));
        list.push(s);
      }
    }
    for (const [unit, list] of units) {
      const cap: number | undefined = typeof o.capacity === 'number' ? o.capacity : ownValue(o.capacity, unit);
      if (cap === undefined) continue;
      capacity.push({ unit, capacity: cap, before: list.length, after: Math.min(cap, list.length) });
      if (list.length <= cap) continue;
      const arr = Uint32Array.from(list);
      sortRange(arr, 0, arr.length, compare);
      for (let j: number = cap; j < arr.length; j++) {
        const s: number = arr[j]!;
        dropped![s] = 1;
        cappedPerGroup[perPractice ? cols.practice[rowAt(s)]! : 0]!++;
        overCapacity.push({ id: ids[rowAt(s)]!, unit });
      }
    }
  }

  // Output, by group (practice order) then rank.
  let total = 0;
  for (let g = 0; g < nGroups; g++) total += keepEnd[g]! - offsets[g]! - cappedPerGroup[g]!;
  const selRows = new Uint32Array(total);
  const selIndex = new Uint32Array(total);
  const selScore = new Float64Array(total);
  const selRank = new Uint32Array(total);
  // Each selected person's group (practice index, or 0 for the population): the group and
  // practice names are made on first read, as the ids are (filling two arrays of strings cost
  // about a tenth of a selection at 1M people).
  const selGroupIndex = new Uint32Array(total);
  const groups: CohortGroup[] = [];
  let out = 0;
  for (let g = 0; g < nGroups; g++) {
    const name = perPractice ? practiceCode[g]! : 'population';
    const from = offsets[g]!;
    const start = out;
    for (let j = from; j < keepEnd[g]!; j++) {
      const s = idx[j]!;
      if (dropped !== undefined && dropped[s] === 1) continue;
      const r = rowAt(s);
      selRows[out] = r;
      selIndex[out] = s;
      selScore[out] = keys[j]!; // = scores[s], already at hand (no random read)
      selRank[out] = j - from + 1;
      out++;
    }
    // The group's people are contiguous: one fill instead of a store per person.
    selGroupIndex.fill(g, start, out);
    const info = groupInfo[g]!;
    groups.push({
      group: name,
      eligible: info.eligible,
      k: info.k,
      selected: keepEnd[g]! - from - cappedPerGroup[g]!,
      threshold: info.threshold,
      tiesAdded: info.tiesAdded,
      capped: cappedPerGroup[g]!,
    });
  }

  warnings.push(...cohortSizeWarnings(groups, o.topPercent, o.topN));
  const { rows: _rows, ids: _ids, exclude, ...kept } = o;
  const cohort = {
    asOf,
    options: { ...kept, exclude: Object.fromEntries(exclusionEntries(exclude).map(([k, v]) => [k, v.length])) },
    selected: { ids: [] as string[], rows: selRows, scoreIndex: selIndex, score: selScore, rank: selRank, group: [] as string[], practice: [] as string[] },
    groups,
    excluded: excludedCounts as Cohort['excluded'],
    exclusions: [] as CohortExclusion[],
    exclusionLists,
    overCapacity,
    capacity,
    warnings,
  };
  Object.defineProperty(cohort, 'exclusions', { get: listExclusions, enumerable: true });
  // The selected ids are looked up on first read: after the pass has swept the population
  // through the cache, each lookup is a cache miss, and many callers need only rows/scores.
  let selIds: string[] | undefined;
  const listIds = (): string[] => {
    if (selIds === undefined) {
      selIds = new Array<string>(total);
      for (let i = 0; i < total; i++) selIds[i] = ids[selRows[i]!]!;
    }
    return selIds;
  };
  Object.defineProperty(cohort.selected, 'ids', { get: listIds, enumerable: true });
  let selGroup: string[] | undefined;
  let selPractice: string[] | undefined;
  const listGroups = (): string[] => {
    if (selGroup === undefined) {
      selGroup = new Array<string>(total);
      for (let i = 0; i < total; i++) selGroup[i] = perPractice ? practiceCode[selGroupIndex[i]!]! : 'population';
    }
    return selGroup;
  };
  const listPractices = (): string[] => {
    if (selPractice === undefined) {
      selPractice = new Array<string>(total);
      for (let i = 0; i < total; i++) selPractice[i] = practiceCode[cols.practice[selRows[i]!]!]!;
    }
    return selPractice;
  };
  Object.defineProperty(cohort.selected, 'group', { get: listGroups, enumerable: true });
  Object.defineProperty(cohort.selected, 'practice', { get: listPractices, enumerable: true });
  return cohort;
}
