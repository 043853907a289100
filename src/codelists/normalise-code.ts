import { normaliseIcd10 } from '../schema/normalise-icd10.js';
import type { CodeSystem } from './code-list.js';

/**
 * A code as code lists and extracts are compared: trimmed; ICD-10 also upper case without
 * the dot (`J45.0` -> `J450`, see `normaliseIcd10`); SNOMED CT without leading zeros is not
 * assumed (ids are compared as written). Read v2 and CTV3 codes are case-sensitive, so only
 * trimmed. Internal. O(length).
 */
export function normaliseCode(system: CodeSystem, raw: string): string {
  return system === 'icd10' ? normaliseIcd10(raw) : raw.trim();
}
