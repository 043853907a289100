import { fail } from '../core/errors.js';
import type { Population } from '../core/population.js';
import type { Outcomes } from '../features/build-outcomes.js';
import type { Segmentation } from './segment.js';

/** One summary row: a segment in the whole population or in one practice. */
export interface SegmentSummaryRow {
  /** `'population'` for the whole list, `'practice'` for one practice. */
  readonly level: 'population' | 'practice';
  /** Practice code, or `''` at population level. */
  readonly practice: string;
  readonly segment: number;
  readonly segmentName: string;
  /** People in the segment. */
  readonly people: number;
  /** Share of the level's people (0..1). */
  readonly share: number;
  /** People counted for outcomes (`outcomes.included`); `null` without outcomes. */
  readonly peopleObserved: number | null;
  /** Emergency admissions in the outcome window; `null` without outcomes. */
  readonly emergencyAdmissions: number | null;
  /** Emergency bed days in the outcome window; `null` without outcomes. */
  readonly bedDays: number | null;
  /** Share of the level's emergency admissions (0 when the level has none); `null` without outcomes. */
  readonly shareOfEmergencyAdmissions: number | null;
  /** Share of the level's bed days (0 when none); `null` without outcomes. */
  readonly shareOfBedDays: number | null;
  /** Emergency admissions per 1,000 people observed (0 when none observed); `null` without outcomes. */
  readonly emergencyAdmissionsPer1000: number | null;
  /** Bed days per 1,000 people observed; `null` without outcomes. */
  readonly bedDaysPer1000: number | null;
}

/** Result of {@link summariseSegments}: plain rows (`aq.from(rows)` makes an arquero table; the library never imports arquero). */
export interface SegmentSummary {
  readonly rows: readonly SegmentSummaryRow[];
}

const FN = 'summariseSegments';

/**
 * Summarises a segmentation per segment for the whole population, then per practice x
 * segment: people and share of the level's people, and with `outcomes` (built for the same
 * rows, e.g. `buildOutcomes(pop, { asOf, rows: segmentation.rows })`) emergency admissions,
 * bed days, each segment's share of them and rates per 1,000 people observed. Outcome sums
 * and rate denominators use only people with `outcomes.included = 1` (see the censoring
 * policy). Every declared segment appears at population level, and at practice level for
 * every practice with at least one person, including segments with nobody (people 0).
 * Counts are not small-number suppressed: suppress before publishing. O(rows + practices x
 * segments).
 *
 * @param segmentation - from `segment`.
 * @param population - the population segmented (for practice codes).
 * @param outcomes - optional outcomes aligned with `segmentation.rows`.
 * @returns plain rows, one per practice x segment.
 * @throws RiskStratifyError `length_mismatch` when outcomes are for other rows.
 * @example
 * const { rows } = summariseSegments(s, pop);
 * rows[0]; // => { level: 'population', practice: '', segment: 1, segmentName: 'fit', people: 3, share: 0.75, ... }
 */
export function summariseSegments(segmentation: Segmentation, population: Population, outcomes?: Outcomes): SegmentSummary {
  const n = segmentation.rows.length;
  if (outcomes) {
    if (outcomes.rows.length !== n) {
      fail({ fn: FN, code: 'length_mismatch', path: ['outcomes', 'rows'], value: outcomes.rows.length, message: `outcomes have ${outcomes.rows.length} rows but the segmentation has ${n}` });
    }
    for (let r = 0; r < n; r++) {
      if (outcomes.rows[r] !== segmentation.rows[r]) {
        fail({ fn: FN, code: 'length_mismatch', path: ['outcomes', 'rows', r], value: outcomes.rows[r], message: `outcomes are for other people: row ${r} is population row ${outcomes.rows[r]}, the segmentation has ${segmentation.rows[r]}` });
      }
    }
  }
  const segs = segmentation.segments;
  const S = segs.length;
  const segIndex = new Int32Array(256).fill(-1);
  segs.forEach((s, j) => (segIndex[s.code] = j));
  const P = population.practices.length;
  // Accumulators: index (practice + 1) * S + segment; practice slot 0 = whole population.
  const size = (P + 1) * S;
  const people = new Float64Array(size);
  const observed = new Float64Array(size);
  const admissions = new Float64Array(size);
  const beds = new Float64Array(size);
  const practiceCol = population.columns.practice;
  for (let r = 0; r < n; r++) {
    const j = segIndex[segmentation.labels[r]!]!;
    if (j < 0) fail({ fn: FN, code: 'invalid_input', path: ['segmentation', 'labels', r], value: segmentation.labels[r], message: 'label is not a declared segment' });
    const p = practiceCol[segmentation.rows[r]!]!;
    for (const slot of [j, (p + 1) * S + j]) {
      people[slot]!++;
      if (outcomes && outcomes.included[r]) {
        observed[slot]!++;
        admissions[slot]! += outcomes.emergencyAdmissions[r]!;
        beds[slot]! += outcomes.bedDays[r]!;
      }
    }
  }
  const out: SegmentSummaryRow[] = [];
  for (let level = 0; level <= P; level++) {
    const base = level * S;
    let totPeople = 0, totAdm = 0, totBeds = 0;
    for (let j = 0; j < S; j++) {
      totPeople += people[base + j]!;
      totAdm += admissions[base + j]!;
      totBeds += beds[base + j]!;
    }
    if (level > 0 && totPeople === 0) continue;
    for (let j = 0; j < S; j++) {
      const k = base + j;
      const obs = observed[k]!;
      out.push(Object.freeze({
        level: level === 0 ? 'population' : 'practice',
        practice: level === 0 ? '' : population.practices[level - 1]!,
        segment: segs[j]!.code,
        segmentName: segs[j]!.name,
        people: people[k]!,
        share: totPeople > 0 ? people[k]! / totPeople : 0,
        peopleObserved: outcomes ? obs : null,
        emergencyAdmissions: outcomes ? admissions[k]! : null,
        bedDays: outcomes ? beds[k]! : null,
        shareOfEmergencyAdmissions: outcomes ? (totAdm > 0 ? admissions[k]! / totAdm : 0) : null,
        shareOfBedDays: outcomes ? (totBeds > 0 ? beds[k]! / totBeds : 0) : null,
        emergencyAdmissionsPer1000: outcomes ? (obs > 0 ? (1000 * admissions[k]!) / obs : 0) : null,
        bedDaysPer1000: outcomes ? (obs > 0 ? (1000 * beds[k]!) / obs : 0) : null,
      }) as SegmentSummaryRow);
    }
  }
  return Object.freeze({ rows: Object.freeze(out) });
}
