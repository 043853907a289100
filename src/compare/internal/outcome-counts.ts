import { ACSC_CODES } from '../../features/acsc-codes.js';
import type { Population } from '../../core/population.js';

/**
 * Default ICD-10 prefixes of ambulatory care sensitive conditions: the features stage's
 * versioned list (`ACSC_CODES`, NHS Outcomes Framework 2.3.i and 3a), flattened, so every
 * stage calls the same admissions avoidable. Pass `avoidableDiagnoses` to use your own.
 */
export const DEFAULT_ACSC_PREFIXES: readonly string[] = Object.freeze(ACSC_CODES.groups.flatMap((g) => [...g.prefixes]));

/** A per-diagnosis-index avoidable flag for a population's interned diagnoses. */
export function avoidableFlags(population: Population, prefixes: readonly string[]): Uint8Array {
  const d = population.activity.diagnoses;
  const out = new Uint8Array(d.length);
  for (let k = 0; k < d.length; k++) {
    const code = d[k]!.toUpperCase().replace('.', '');
    if (prefixes.some((p) => code.startsWith(p))) out[k] = 1;
  }
  return out;
}

/** Outcome counts of one person over a half-open day window. */
export interface WindowCounts {
  emergency: number;
  avoidable: number;
  bedDays: number;
  ae: number;
}

/**
 * Counts, for person `i`, events dated in [from, to): emergency admissions (inpatient and
 * emergency), avoidable ones (emergency with an ACSC primary diagnosis), bed days of those
 * emergency admissions (attributed to the admission date; NaN bed days count 0) and A&E
 * attendances. O(events of i).
 */
export function windowCounts(population: Population, i: number, from: number, to: number, avoidable: Uint8Array, out: WindowCounts): WindowCounts {
  const a = population.activity;
  out.emergency = 0;
  out.avoidable = 0;
  out.bedDays = 0;
  out.ae = 0;
  const hi = a.offsets[i + 1]!;
  for (let j = a.offsets[i]!; j < hi; j++) {
    const d = a.date[j]!;
    if (d < from) continue;
    if (d >= to) break;
    const s = a.setting[j]!;
    if (s === 0 && a.emergency[j] === 1) {
      out.emergency++;
      const dx = a.diagnosis[j]!;
      if (dx >= 0 && avoidable[dx] === 1) out.avoidable++;
      const b = a.bedDays[j]!;
      if (Number.isFinite(b)) out.bedDays += b;
    } else if (s === 1) out.ae++;
  }
  return out;
}
