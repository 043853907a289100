/**
 * The explicit long-term-condition map used by the Synthea adapter: SNOMED CT concept id
 * (as in Synthea's `conditions.csv` `CODE`) -> condition cluster. Clusters follow the names
 * used across this library (`COPD`, `asthma`, `heart_failure`, `diabetes`, `hypertension`,
 * `CKD`, `atrial_fibrillation`, `coronary_heart_disease`, `stroke`, `dementia`, `cancer`,
 * `depression`, `epilepsy`, `osteoarthritis`, `osteoporosis`, `rheumatoid_arthritis`).
 *
 * Choices: CKD is stages 3-5 and end-stage renal disease, as on the QOF CKD register
 * (stages 1-2 are not mapped); diabetes includes Synthea's "due to type 2 diabetes"
 * complications; two "(situation)" history codes (myocardial infarction, coronary bypass)
 * count as coronary heart disease. Everything not listed is skipped and counted by reason.
 * Written for this library from the SNOMED CT concept names; not an official NHS cluster.
 */
export const SYNTHEA_LTC_MAP: Readonly<Record<string, string>> = Object.freeze({
  // respiratory
  '195967001': 'asthma', // Asthma
  '233678006': 'asthma', // Childhood asthma
  '185086009': 'COPD', // Chronic obstructive bronchitis
  '87433001': 'COPD', // Pulmonary emphysema
  // cardiovascular
  '88805009': 'heart_failure', // Chronic congestive heart failure
  '84114007': 'heart_failure', // Heart failure
  '59621000': 'hypertension', // Essential hypertension
  '49436004': 'atrial_fibrillation', // Atrial fibrillation
  '414545008': 'coronary_heart_disease', // Ischemic heart disease
  '53741008': 'coronary_heart_disease', // Coronary arteriosclerosis
  '22298006': 'coronary_heart_disease', // Myocardial infarction
  '401303003': 'coronary_heart_disease', // Acute ST segment elevation myocardial infarction
  '401314000': 'coronary_heart_disease', // Acute non-ST segment elevation myocardial infarction
  '399211009': 'coronary_heart_disease', // History of myocardial infarction (situation)
  '399261000': 'coronary_heart_disease', // History of coronary artery bypass grafting (situation)
  '230690007': 'stroke', // Cerebrovascular accident
  // metabolic and renal
  '44054006': 'diabetes', // Diabetes mellitus type 2
  '46635009': 'diabetes', // Diabetes mellitus type 1
  '127013003': 'diabetes', // Disorder of kidney due to diabetes mellitus
  '422034002': 'diabetes', // Retinopathy due to type 2 diabetes mellitus
  '90781000119102': 'diabetes', // Microalbuminuria due to type 2 diabetes mellitus
  '157141000119108': 'diabetes', // Proteinuria due to type 2 diabetes mellitus
  '368581000119106': 'diabetes', // Neuropathy due to type 2 diabetes mellitus
  '433144002': 'CKD', // Chronic kidney disease stage 3
  '431857002': 'CKD', // Chronic kidney disease stage 4
  '46177005': 'CKD', // End-stage renal disease
  // neurological and mental health
  '26929004': 'dementia', // Alzheimer's disease
  '230265002': 'dementia', // Familial Alzheimer's disease of early onset
  '52448006': 'dementia', // Dementia
  '84757009': 'epilepsy', // Epilepsy
  '128613002': 'epilepsy', // Seizure disorder
  '370143000': 'depression', // Major depressive disorder
  '36923009': 'depression', // Major depression, single episode
  // cancer
  '254837009': 'cancer', // Malignant neoplasm of breast
  '109838007': 'cancer', // Overlapping malignant neoplasm of colon
  '363406005': 'cancer', // Malignant tumor of colon
  '93761005': 'cancer', // Primary malignant neoplasm of colon
  '94260004': 'cancer', // Secondary malignant neoplasm of colon
  '254637007': 'cancer', // Non-small cell lung cancer
  '254632001': 'cancer', // Small cell carcinoma of lung
  // musculoskeletal
  '201834006': 'osteoarthritis', // Localized primary osteoarthritis of the hand
  '239872002': 'osteoarthritis', // Osteoarthritis of hip
  '239873007': 'osteoarthritis', // Osteoarthritis of knee
  '64859006': 'osteoporosis', // Osteoporosis
  '69896004': 'rheumatoid_arthritis', // Rheumatoid arthritis
});
