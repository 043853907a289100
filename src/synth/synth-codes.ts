/**
 * Internal to the synth stage: the ICD-10 codes and medication names the generator draws
 * from. Codes are upper case without the dot; `X` fills the fourth character of
 * three-character codes, as HES does.
 *
 * @module
 */

/** Chronic ACSC primary diagnoses by the condition that makes them likely. */
export const CHRONIC_ACSC_CODES: Readonly<Record<string, readonly string[]>> = {
  COPD: ['J441', 'J440', 'J449'],
  asthma: ['J459', 'J46X'],
  heart_failure: ['I500', 'I501', 'I509'],
  diabetes: ['E119', 'E115', 'E110', 'E101'],
  coronary_heart_disease: ['I209', 'I200'],
  epilepsy: ['G409', 'G419'],
  dementia: ['F039', 'F019'],
  hypertension: ['I10X'],
  atrial_fibrillation: ['I489'],
};

/** Acute ACSC primary diagnoses (UTI, cellulitis, pneumonia, influenza, dehydration, ENT, dental). */
export const ACUTE_ACSC_CODES: readonly string[] = ['N390', 'N390', 'N10X', 'L031', 'L039', 'J189', 'J181', 'J111', 'E86X', 'A099', 'J069', 'J039', 'K029'];

/** Other emergency primary diagnoses: children, working age, older people. */
export const CHILD_EMERGENCY_CODES: readonly string[] = ['J219', 'R509', 'R11X', 'S000', 'R104', 'B349', 'R568', 'T179'];
export const ADULT_EMERGENCY_CODES: readonly string[] = ['R074', 'R104', 'R103', 'K359', 'S060', 'S525', 'T391', 'F101', 'R11X', 'R51X', 'K810', 'K566', 'O200', 'R55X', 'I214', 'K922'];
export const OLDER_EMERGENCY_CODES: readonly string[] = ['S720', 'J22X', 'R296', 'R410', 'A419', 'N179', 'I639', 'I214', 'K922', 'R55X', 'R074', 'K566', 'C349', 'T814'];

/** Elective admission primary diagnoses. */
export const ELECTIVE_CODES: readonly string[] = ['H251', 'M171', 'M161', 'K802', 'N40X', 'C509', 'C189', 'K635', 'Z511', 'I251', 'K409', 'M232'];

/** Medications issued for each condition (generic names; the polypharmacy feature counts distinct ones). */
export const CONDITION_MEDICATIONS: Readonly<Record<string, readonly string[]>> = {
  hypertension: ['ramipril', 'amlodipine', 'indapamide'],
  diabetes: ['metformin', 'gliclazide', 'sitagliptin', 'atorvastatin'],
  COPD: ['tiotropium', 'salbutamol', 'beclometasone_formoterol'],
  asthma: ['salbutamol', 'beclometasone'],
  heart_failure: ['bisoprolol', 'furosemide', 'ramipril', 'spironolactone'],
  atrial_fibrillation: ['apixaban', 'bisoprolol'],
  coronary_heart_disease: ['atorvastatin', 'aspirin', 'bisoprolol', 'glyceryl_trinitrate'],
  CKD: ['ramipril', 'atorvastatin'],
  stroke: ['clopidogrel', 'atorvastatin'],
  dementia: ['donepezil', 'memantine'],
  cancer: ['ondansetron', 'morphine'],
  depression: ['sertraline', 'mirtazapine'],
  epilepsy: ['levetiracetam', 'lamotrigine'],
  osteoarthritis: ['paracetamol', 'naproxen', 'codeine', 'omeprazole'],
  severe_mental_illness: ['olanzapine', 'quetiapine'],
  rheumatoid_arthritis: ['methotrexate', 'folic_acid', 'prednisolone'],
};
