import { isIcd10Code } from '../schema/normalise-icd10.js';
import type { CodeSystem } from './code-list.js';

const SNOMED = /^[1-9][0-9]{5,17}$/;
const READ = /^[A-Za-z0-9.]{5}$/;

/**
 * Whether a normalised code has the shape of its system: a SNOMED CT id is 6 to 18 digits
 * without a leading zero; a Read v2 or CTV3 code is 5 characters of letters, digits and
 * dots (`H33..`, `XaIIu`); ICD-10 as `isIcd10Code`; a local code anything not blank.
 * Shape only, so a term pasted into the code column is caught. Internal.
 */
export function hasCodeShape(system: CodeSystem, code: string): boolean {
  switch (system) {
    case 'snomed': return SNOMED.test(code);
    case 'read2':
    case 'ctv3': return READ.test(code);
    case 'icd10': return isIcd10Code(code);
    default: return code !== '';
  }
}
