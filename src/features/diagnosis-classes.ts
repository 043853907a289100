import type { FeatureWarning } from './feature-warning.js';
import { acscPrefixSet, matchesPrefix, normaliseIcd10, isValidIcd10, type AcscCodes } from './acsc-codes.js';

/** Diagnosis class codes. Internal. */
export const DIAG_OTHER = 0;
export const DIAG_ACSC = 1;
export const DIAG_INVALID = 2;

/**
 * One class per interned diagnosis (0 valid non-ACSC, 1 ACSC, 2 not valid ICD-10), computed
 * once so the event loops do a single typed-array lookup. O(distinct diagnoses x code length).
 * Internal.
 */
export function diagnosisClasses(diagnoses: readonly string[], list: AcscCodes): Uint8Array {
  const set = acscPrefixSet(list);
  const out = new Uint8Array(diagnoses.length);
  for (let d = 0; d < diagnoses.length; d++) {
    const raw = diagnoses[d]!;
    if (!isValidIcd10(raw)) out[d] = DIAG_INVALID;
    else if (matchesPrefix(normaliseIcd10(raw), set)) out[d] = DIAG_ACSC;
  }
  return out;
}

/** Counts emergency admissions whose diagnosis is missing or invalid, with examples. Internal. */
export class DiagnosisAudit {
  missing = 0;
  invalid = 0;
  private readonly examples = new Set<string>();

  constructor(private readonly diagnoses: readonly string[]) {}

  /** Records one counted admission with diagnosis index `d` and class `cls`. */
  note(d: number, cls: number): void {
    if (d < 0) this.missing++;
    else if (cls === DIAG_INVALID) {
      this.invalid++;
      if (this.examples.size < 5) this.examples.add(this.diagnoses[d]!);
    }
  }

  /** The warnings to return (none when everything was valid). */
  warnings(where: string): FeatureWarning[] {
    const out: FeatureWarning[] = [];
    if (this.missing > 0) {
      out.push({ code: 'diagnosis_missing', message: `${this.missing} emergency admission(s) ${where} have no primary diagnosis: counted as emergency, never as avoidable`, count: this.missing, examples: [] });
    }
    if (this.invalid > 0) {
      out.push({ code: 'diagnosis_invalid', message: `${this.invalid} emergency admission(s) ${where} have a primary diagnosis that is not valid ICD-10: counted as emergency, never as avoidable`, count: this.invalid, examples: [...this.examples] });
    }
    return out;
  }
}

/**
 * Bed days of an admission on `day` counted up to `limit` (inclusive day): the given bed
 * days, else discharge minus admission, capped at `limit - day`; NaN when neither is known.
 * Internal.
 */
export function stayUpTo(bedDays: number, day: number, endDate: number, noDate: number, limit: number): number {
  let stay = bedDays;
  if (!Number.isFinite(stay)) stay = endDate === noDate ? Number.NaN : endDate - day;
  if (Number.isNaN(stay)) return Number.NaN;
  const cap = limit - day;
  return stay > cap ? cap : stay < 0 ? 0 : stay;
}
