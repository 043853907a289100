/**
 * The eligibility pass of {@link selectCohort}: internal to the cohort stage.
 *
 * {@link samplePass} first visits every {@link SAMPLE_STRIDE}-th score and keeps the eligible
 * ones (a strided sample, so no grouping of the rows by practice or date can hide a group from
 * it). From that sample each group gets a cut-off a little below its k-th score
 * (`sampleCutoffs`), and {@link eligibilityPass} then makes the one full pass: it decides
 * each person's group or first exclusion reason, counts both, and keeps only the eligible
 * who reach their group's cut-off. Both first test each person against their cached
 * eligibility range (`eligibilityRanges`: 8 bytes instead of five columns) and give only
 * those outside it the full check, {@link exclusionCode}. Nothing is allocated per eligible
 * person; exclusion records are built afterwards, only for the people excluded. O(n).
 *
 * @module
 */
import type { PopulationColumns } from '../core/population.js';

/** Exclusion codes, in the order the checks run. */
export const EXCLUSION_CODE = { optedOut: 1, deceased: 2, leftList: 3, notRegistered: 4, child: 5, missingScore: 6 } as const;
/** Custom list c (0-based, in key order) has code `CUSTOM_CODE + c`. */
export const CUSTOM_CODE = 7;
/** One in this many scores is visited by {@link samplePass} (a power of two). */
export const SAMPLE_STRIDE = 32;

/** What the passes need. */
export interface EligibilityInput {
  readonly scores: ArrayLike<number>;
  /** Population row of each score; undefined when score s is row s. */
  readonly rowOf: Uint32Array | undefined;
  readonly columns: PopulationColumns;
  /**
   * The population's `eligibilityRanges` for this `adultsOnly` setting, or undefined on the
   * first selection on a population, which checks each person's columns directly instead.
   */
  readonly ranges: Int32Array | undefined;
  readonly asOf: number;
  /** Latest birth day of an adult on `asOf`; +Infinity when everyone counts. */
  readonly adultBorn: number;
  /** 1 + the custom list naming each row, 0 for none; undefined when there are no lists. */
  readonly customOf: Uint16Array | undefined;
  readonly perPractice: boolean;
  readonly groups: number;
  /** People scored in each group: the pass counts only the excluded, and the rest are eligible. */
  readonly scored: Uint32Array;
  /** Number of custom lists. */
  readonly lists: number;
}

/**
 * The first exclusion reason of population row `r` with score `score` (an
 * {@link EXCLUSION_CODE} or `CUSTOM_CODE + list`), or 0 when the person is eligible. Checks in
 * order: opted out, deceased, left the list, not yet registered (or born), child (when
 * `adultBorn` is finite), on a custom list, NaN score. O(1).
 */
export function exclusionCode(input: EligibilityInput, r: number, score: number): number {
  const { asOf, customOf } = input;
  const { optedOut, deathDate, registeredTo, birthDate, registeredFrom } = input.columns;
  if (optedOut[r] === 1) return EXCLUSION_CODE.optedOut;
  if (deathDate[r]! <= asOf) return EXCLUSION_CODE.deceased;
  if (registeredTo[r]! <= asOf) return EXCLUSION_CODE.leftList;
  if (birthDate[r]! > asOf || registeredFrom[r]! > asOf) return EXCLUSION_CODE.notRegistered;
  if (birthDate[r]! > input.adultBorn) return EXCLUSION_CODE.child;
  if (customOf !== undefined && customOf[r] !== 0) return CUSTOM_CODE + customOf[r]! - 1;
  if (score !== score) return EXCLUSION_CODE.missingScore;
  return 0;
}

/** The eligible among every `stride`-th score: group and score of each, `size` of them. */
export interface EligibleSample {
  readonly group: Uint32Array;
  readonly score: Float64Array;
  readonly size: number;
}

/**
 * Visits scores 0, stride, 2·stride, ... and keeps the eligible ones with their group.
 * O(n / stride).
 */
export function samplePass(input: EligibilityInput, stride: number): EligibleSample {
  const { scores, rowOf, perPractice, ranges, asOf, customOf } = input;
  const practice = input.columns.practice;
  const n = scores.length;
  const room = Math.ceil(n / stride);
  const group = new Uint32Array(room);
  const score = new Float64Array(room);
  let size = 0;
  for (let s = 0; s < n; s += stride) {
    const r = rowOf === undefined ? s : rowOf[s]!;
    const x = scores[s]!;
    const surely = ranges !== undefined && ranges[2 * r]! <= asOf && asOf < ranges[2 * r + 1]! && (customOf === undefined || customOf[r] === 0) && x === x;
    if (!surely && exclusionCode(input, r, x) !== 0) continue;
    group[size] = perPractice ? practice[r]! : 0;
    score[size++] = x;
  }
  return { group, score, size };
}

/** The eligible people at or above their group's cut-off, in score order, with their groups. */
export interface Reached {
  /** Score index of each, `size` of them (the arrays may be longer). */
  readonly idx: Uint32Array;
  readonly key: Float64Array;
  readonly group: Uint32Array;
  readonly size: number;
  /** How many of each group. */
  readonly count: Uint32Array;
}

/** What the pass finds. */
export interface EligibilityPass {
  /** Eligible people per group. */
  readonly eligible: Uint32Array;
  /** People per exclusion code (index = code). */
  readonly excluded: Uint32Array;
  /** The score index and code of each excluded person but the opted-out, in score order. */
  readonly listed: { readonly scoreIndex: Uint32Array; readonly code: Uint16Array };
  /** The eligible whose score is at least `cutoff[group]`. */
  readonly reached: Reached;
}

/**
 * Runs the full pass: each person's first exclusion reason (as {@link exclusionCode}) or
 * group, the counts of both, the list of the excluded, and the eligible with
 * `score >= cutoff[group]` (a NaN cut-off keeps nobody of that group, -Infinity everyone).
 * The eligible are counted as the scored (`input.scored`) less the excluded, so the fast path
 * (eligible, below every cut-off: most people) reads only the range and the score.
 * O(n), nothing allocated per eligible person; the excluded and the kept are stored in
 * arrays that grow by doubling.
 */
export function eligibilityPass(input: EligibilityInput, cutoff: Float64Array): EligibilityPass {
  const { scores, rowOf, asOf, customOf, perPractice, ranges } = input;
  const { practice, optedOut, deathDate, registeredTo, birthDate, registeredFrom } = input.columns;
  // Without ranges (a first selection): the built-in rules read from the columns, in one test.
  const bornBy = Math.min(asOf, input.adultBorn);
  const n = scores.length;
  const excludedIn = new Uint32Array(input.groups);
  const excluded = new Uint32Array(CUSTOM_CODE + input.lists);
  const count = new Uint32Array(input.groups);
  // Below the lowest cut-off nobody is kept, whatever their group: their practice is not read.
  let minCut = Number.POSITIVE_INFINITY;
  for (let g = 0; g < input.groups; g++) if (cutoff[g]! < minCut) minCut = cutoff[g]!; // NaN (nobody kept) never is
  let listIndex = new Uint32Array(1024);
  let listCode = new Uint16Array(1024);
  let listSize = 0;
  // Room for 1/16 of everyone to start with (a 2% selection keeps about 5%), doubled when needed.
  let room = Math.max(16, Math.min(n, 4096 + (n >> 4)));
  let idx = new Uint32Array(room);
  let key = new Float64Array(room);
  let group = new Uint32Array(room);
  let size = 0;
  for (let s = 0; s < n; s++) {
    const r = rowOf === undefined ? s : rowOf[s]!;
    const score = scores[s]!;
    // Fast path: inside the person's eligibility range (8 bytes, see eligibilityRanges), or
    // without ranges eligible by the columns; on no list, scored. Anyone else gets the exact
    // check, which may still find them eligible (ranges) or names their first reason.
    let code = 0;
    const surely = ranges !== undefined
      ? ranges[2 * r]! <= asOf && asOf < ranges[2 * r + 1]!
      : optedOut[r] !== 1 && deathDate[r]! > asOf && registeredTo[r]! > asOf && birthDate[r]! <= bornBy && registeredFrom[r]! <= asOf;
    if (!(surely && (customOf === undefined || customOf[r] === 0) && score === score)) {
      code = exclusionCode(input, r, score);
    }
    if (code === 0) {
      if (score < minCut) continue;
      const g = perPractice ? practice[r]! : 0;
      if (score >= cutoff[g]!) {
        if (size === room) {
          room *= 2;
          const i = new Uint32Array(room);
          const k = new Float64Array(room);
          const gr = new Uint32Array(room);
          i.set(idx);
          k.set(key);
          gr.set(group);
          idx = i;
          key = k;
          group = gr;
        }
        idx[size] = s;
        key[size] = score;
        group[size++] = g;
        count[g]!++;
      }
      continue;
    }
    excluded[code]!++;
    excludedIn[perPractice ? practice[r]! : 0]!++;
    if (code === EXCLUSION_CODE.optedOut) continue;
    if (listSize === listIndex.length) {
      const i = new Uint32Array(2 * listSize);
      const c = new Uint16Array(2 * listSize);
      i.set(listIndex);
      c.set(listCode);
      listIndex = i;
      listCode = c;
    }
    listIndex[listSize] = s;
    listCode[listSize++] = code;
  }
  const listed = { scoreIndex: listIndex.subarray(0, listSize), code: listCode.subarray(0, listSize) };
  const eligible = new Uint32Array(input.groups);
  for (let g = 0; g < input.groups; g++) eligible[g] = input.scored[g]! - excludedIn[g]!;
  return { eligible, excluded, listed, reached: { idx, key, group, size, count } };
}
