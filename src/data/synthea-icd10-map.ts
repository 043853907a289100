/**
 * SNOMED CT reason codes that appear on Synthea emergency and inpatient encounters
 * (`REASONCODE`), mapped to the ICD-10 code an English coder would most plausibly record as
 * the primary diagnosis (upper case, no dot). Synthea records SNOMED, not ICD-10, and
 * avoidable-admission (ACSC) detection needs ICD-10, so only reasons whose ICD-10 code is
 * clear are mapped; every other encounter keeps no diagnosis (missing, not guessed).
 * Chosen by hand from the ICD-10 index for this library; not an official SNOMED-ICD map.
 */
export const SYNTHEA_ICD10_MAP: Readonly<Record<string, string>> = Object.freeze({
  '195967001': 'J459', // Asthma -> asthma, unspecified
  '233678006': 'J459', // Childhood asthma
  '88805009': 'I500', // Chronic congestive heart failure -> congestive heart failure
  '84114007': 'I509', // Heart failure
  '87433001': 'J439', // Pulmonary emphysema -> emphysema, unspecified
  '185086009': 'J449', // Chronic obstructive bronchitis -> COPD, unspecified
  '233604007': 'J189', // Pneumonia -> pneumonia, unspecified
  '10509002': 'J209', // Acute bronchitis
  '128613002': 'G409', // Seizure disorder -> epilepsy, unspecified
  '84757009': 'G409', // Epilepsy
  '22298006': 'I219', // Myocardial infarction -> acute MI, unspecified
  '401303003': 'I213', // Acute STEMI, unspecified site
  '401314000': 'I214', // Acute NSTEMI
  '49436004': 'I489', // Atrial fibrillation
  '59621000': 'I10', // Essential hypertension
  '44054006': 'E119', // Type 2 diabetes without complications
  '91302008': 'A419', // Sepsis, unspecified
  '74400008': 'K37', // Appendicitis, unspecified
  '840539006': 'U071', // COVID-19, virus identified
  '26929004': 'G309', // Alzheimer's disease, unspecified
  '254837009': 'C509', // Malignant neoplasm of breast, unspecified
  '363406005': 'C189', // Malignant neoplasm of colon, unspecified
  '109838007': 'C188', // Overlapping lesion of colon
  '55680006': 'T509', // Drug overdose -> poisoning by unspecified drugs
  '6525002': 'F192', // Dependent drug abuse -> dependence, multiple/other drugs
  '38822007': 'N309', // Cystitis, unspecified
  '301011002': 'N390', // E. coli urinary tract infection -> UTI, site not specified
  '124171000119105': 'G430', // Chronic intractable migraine without aura
});
