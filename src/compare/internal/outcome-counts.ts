import type { Population } from '../../core/population.js';

/**
 * Default ICD-10 prefixes (upper case, no dot) of ambulatory care sensitive conditions, used
 * only when the caller gives none. A short list of common chronic and acute ACSCs (after
 * Purdy et al. 2009 / the NHS Outcomes Framework 2.3.i and 3a indicators) matched on the
 * primary diagnosis by prefix. Pass your own versioned list (e.g. the features stage's) for
 * published work.
 */
export const DEFAULT_ACSC_PREFIXES: readonly string[] = Object.freeze([
  'J45', 'J46', 'J41', 'J42', 'J43', 'J44', 'J47', // asthma, COPD, bronchiectasis
  'I50', 'I110', 'J81', // heart failure
  'I20', 'I240', 'I248', 'I249', 'I25', // angina / chronic IHD
  'E10', 'E11', 'E12', 'E13', 'E14', // diabetes complications
  'G40', 'G41', // epilepsy
  'I10', 'I119', // hypertension
  'I48', // atrial fibrillation
  'F00', 'F01', 'F02', 'F03', // dementia
  'N10', 'N11', 'N12', 'N136', 'N390', // pyelonephritis, UTI
  'L03', 'L04', 'L080', 'L088', 'L089', 'L88', 'L980', // cellulitis
  'J13', 'J14', 'J153', 'J154', 'J157', 'J159', 'J168', 'J181', 'J188', // pneumonia (vaccine-preventable / bacterial)
  'E86', 'K522', 'K528', 'K529', // dehydration and gastroenteritis
  'D501', 'D508', 'D509', 'D51', 'D52', // iron-deficiency anaemia
]);

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
