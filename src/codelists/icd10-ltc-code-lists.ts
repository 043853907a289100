import type { ParsedCodeList } from './code-list.js';

/** Version of {@link ICD10_LTC_CODE_LISTS}; bumped whenever a code or a cluster changes. */
export const ICD10_LTC_VERSION = '1.0.0';

const QOF = 'QOF business rules v49 (NHS England, 2024/25)';
const LTC = 'no QOF register: the ICD-10 (WHO, 5th edition) categories themselves';

/** [cluster, condition covered and where its definition comes from, ICD-10 codes (a code matches every code it prefixes)]. */
const DEFINITIONS: readonly (readonly [string, string, readonly string[]])[] = [
  ['asthma', `asthma, as the ${QOF} asthma register (AST) covers it`, ['J45', 'J46']],
  ['copd', `chronic obstructive pulmonary disease, as the ${QOF} COPD register covers it`, ['J41', 'J42', 'J43', 'J44']],
  ['bronchiectasis', `bronchiectasis (${LTC}, respiratory)`, ['J47']],
  ['heart_failure', `heart failure, as the ${QOF} heart failure register (HF) covers it, including hypertensive heart and heart-and-kidney disease with heart failure`, ['I50', 'I110', 'I130', 'I132']],
  ['diabetes', `diabetes mellitus, as the ${QOF} diabetes register (DM) covers it (types 1, 2, malnutrition-related, other and unspecified)`, ['E10', 'E11', 'E12', 'E13', 'E14']],
  ['ckd', `chronic kidney disease stages 3 to 5, as the ${QOF} CKD register covers it (stages 1-2 and unspecified stage are not on it)`, ['N183', 'N184', 'N185']],
  ['ckd_4_5', 'chronic kidney disease stages 4 and 5 (organ failure in Bridges to Health, Lynn et al. 2007)', ['N184', 'N185']],
  ['dementia', `dementia, as the ${QOF} dementia register (DEM) covers it, including Alzheimer's disease and delirium superimposed on dementia`, ['F00', 'F01', 'F02', 'F03', 'F051', 'G30', 'G310', 'G311']],
  ['atrial_fibrillation', `atrial fibrillation and flutter, as the ${QOF} atrial fibrillation register (AF) covers it`, ['I48']],
  ['coronary_heart_disease', `coronary heart disease (angina, myocardial infarction, chronic ischaemic heart disease), as the ${QOF} CHD register covers it`, ['I20', 'I21', 'I22', 'I23', 'I24', 'I25']],
  ['stroke_tia', `stroke and transient ischaemic attack, as the ${QOF} stroke and TIA register (STIA) covers it (transient global amnesia, G45.4, is not a TIA)`, ['I61', 'I63', 'I64', 'G450', 'G451', 'G452', 'G453', 'G458', 'G459']],
  ['cancer', `malignant neoplasms, as the ${QOF} cancer register (CAN) covers them: non-melanoma skin cancer (C44) is not on it`,
    [...Array.from({ length: 97 }, (_, k) => `C${String(k).padStart(2, '0')}`).filter((c) => c !== 'C44'), 'C97']],
  ['epilepsy', `epilepsy, as the ${QOF} epilepsy register (EP) covers it`, ['G40', 'G41']],
  ['severe_mental_illness', `schizophrenia, bipolar affective disorder and other psychoses, as the ${QOF} mental health register (MH) covers them`, ['F20', 'F21', 'F22', 'F23', 'F24', 'F25', 'F28', 'F29', 'F30', 'F31']],
  ['depression', `depression, as the ${QOF} depression register (DEP) covers it`, ['F32', 'F33']],
  ['hypertension', `hypertension, as the ${QOF} hypertension register (HYP) covers it`, ['I10', 'I11', 'I12', 'I13', 'I15']],
  ['learning_disability', `learning disability, as the ${QOF} learning disability register (LD) covers it`, ['F70', 'F71', 'F72', 'F73', 'F78', 'F79']],
  ['parkinsons', `Parkinson's disease (${LTC}, neurological)`, ['G20']],
  ['multiple_sclerosis', `multiple sclerosis (${LTC}, neurological)`, ['G35']],
  ['rheumatoid_arthritis', `rheumatoid arthritis, as the ${QOF} rheumatoid arthritis register (RA) covers it`, ['M05', 'M06']],
  ['osteoporosis', `osteoporosis with or without pathological fracture, as the ${QOF} osteoporosis register (OST) covers it`, ['M80', 'M81', 'M82']],
  ['liver_disease', `chronic liver disease: alcoholic liver disease, chronic hepatitis, fibrosis and cirrhosis, chronic hepatic failure (${LTC})`, ['K70', 'K721', 'K73', 'K74']],
  ['peripheral_arterial_disease', `peripheral arterial disease (${QOF} PAD register)`, ['I702', 'I739']],
];

/**
 * The built-in ICD-10 to long-term-condition map, one code list per cluster, for deriving
 * registers from hospital diagnoses (`hospitalConditions` in `loadPopulation`) or loading an
 * ICD-10-coded extract. Written for this library from the ICD-10 (5th edition) categories
 * for each condition as the named register or definition describes it (`source`); not an
 * official NHS mapping, and QOF's own registers are SNOMED CT lists: use those for GP data.
 * An ICD-10 code here matches every code it prefixes (`I48` matches `I48.0`, `I489`).
 * Versioned ({@link ICD10_LTC_VERSION}); `docs/code-lists.md` lists every cluster with its source.
 *
 * @example
 * ICD10_LTC_CODE_LISTS.find((l) => l.cluster === 'copd')!.codes; // => ['J41', 'J42', 'J43', 'J44']
 */
export const ICD10_LTC_CODE_LISTS: readonly ParsedCodeList[] = Object.freeze(
  DEFINITIONS.map(([cluster, source, codes]) => Object.freeze({ cluster, system: 'icd10' as const, codes: Object.freeze([...codes]) as string[], source, version: ICD10_LTC_VERSION })),
);
