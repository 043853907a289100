/**
 * The eligibility pass of {@link selectCohort}: internal to the cohort stage.
 *
 * One tight loop over the scores that decides each person's group or first exclusion reason,
 * counts both, and samples every {@link SAMPLE_STRIDE}-th eligible score for the candidate
 * cut-offs. It allocates nothing per person; exclusion records are built afterwards, only for
 * the people excluded. O(n).
 *
 * @module
 */
import type { PopulationColumns } from '../core/population.js';
import { SAMPLE_STRIDE } from './candidates.js';

/** Exclusion codes stored (negated) in `groupOf`, in the order the checks run. */
export const EXCLUSION_CODE = { optedOut: 1, deceased: 2, leftList: 3, notRegistered: 4, child: 5, missingScore: 6 } as const;
/** Custom list c (0-based, in key order) has code `CUSTOM_CODE + c`. */
export const CUSTOM_CODE = 7;

/** What the pass needs. */
export interface EligibilityInput {
  readonly scores: ArrayLike<number>;
  /** Population row of each score; undefined when score s is row s. */
  readonly rowOf: Uint32Array | undefined;
  readonly columns: PopulationColumns;
  readonly asOf: number;
  /** Latest birth day of an adult on `asOf`; +Infinity when everyone counts. */
  readonly adultBorn: number;
  /** 1 + the custom list naming each row, 0 for none; undefined when there are no lists. */
  readonly customOf: Uint16Array | undefined;
  readonly perPractice: boolean;
  readonly groups: number;
  /** Number of custom lists. */
  readonly lists: number;
}

/** What the pass finds. */
export interface EligibilityPass {
  /** Group of each score (>= 0), or minus its exclusion code. */
  readonly groupOf: Int32Array;
  /** Eligible people per group. */
  readonly eligible: Uint32Array;
  /** People per exclusion code (index = code). */
  readonly excluded: Uint32Array;
  /** The score index and code of each excluded person but the opted-out, in score order. */
  readonly listed: { readonly scoreIndex: Uint32Array; readonly code: Uint16Array };
  readonly sampleGroup: Uint32Array;
  readonly sampleScore: Float64Array;
  readonly sampleSize: number;
}

/**
 * Runs the pass. Checks in order: opted out, deceased, left the list, not yet registered (or
 * born), child (when `adultBorn` is finite), on a custom list, NaN score. O(n), nothing
 * allocated per eligible person; the excluded are listed in arrays that grow by doubling.
 */
export function eligibilityPass(input: EligibilityInput): EligibilityPass {
  const { scores, rowOf, asOf, adultBorn, customOf, perPractice } = input;
  const { optedOut, deathDate, registeredTo, birthDate, registeredFrom, practice } = input.columns;
  const n = scores.length;
  const groupOf = new Int32Array(n);
  const eligible = new Uint32Array(input.groups);
  const excluded = new Uint32Array(CUSTOM_CODE + input.lists);
  const capacity = Math.ceil(n / SAMPLE_STRIDE);
  const sampleGroup = new Uint32Array(capacity);
  const sampleScore = new Float64Array(capacity);
  let listIndex = new Uint32Array(1024);
  let listCode = new Uint16Array(1024);
  let listSize = 0;
  let sampleSize = 0;
  let seen = 0;
  for (let s = 0; s < n; s++) {
    const r = rowOf === undefined ? s : rowOf[s]!;
    const score = scores[s]!;
    let code = 0;
    if (optedOut[r] === 1) code = EXCLUSION_CODE.optedOut;
    else if (deathDate[r]! <= asOf) code = EXCLUSION_CODE.deceased;
    else if (registeredTo[r]! <= asOf) code = EXCLUSION_CODE.leftList;
    else if (birthDate[r]! > asOf || registeredFrom[r]! > asOf) code = EXCLUSION_CODE.notRegistered;
    else if (birthDate[r]! > adultBorn) code = EXCLUSION_CODE.child;
    else if (customOf !== undefined && customOf[r] !== 0) code = CUSTOM_CODE + customOf[r]! - 1;
    else if (score !== score) code = EXCLUSION_CODE.missingScore;
    if (code !== 0) {
      groupOf[s] = -code;
      excluded[code]!++;
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
      continue;
    }
    const g = perPractice ? practice[r]! : 0;
    groupOf[s] = g;
    eligible[g]!++;
    if ((seen++ & (SAMPLE_STRIDE - 1)) === 0) {
      sampleGroup[sampleSize] = g;
      sampleScore[sampleSize++] = score;
    }
  }
  const listed = { scoreIndex: listIndex.subarray(0, listSize), code: listCode.subarray(0, listSize) };
  return { groupOf, eligible, excluded, listed, sampleGroup, sampleScore, sampleSize };
}
