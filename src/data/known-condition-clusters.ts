/**
 * The condition clusters the features and segments know by name: a conditions row whose code
 * is one of these (compared as `clusterKey` compares, `COPD` = `copd`, `Heart failure` =
 * `heart_failure`) is counted as that cluster. These are the clusters the electronic frailty
 * index deficits (`EFI_DEFICITS`), the Bridges to Health segments
 * (`BRIDGES_TO_HEALTH_CLUSTERS`), the synthetic population, the Synthea map and the built-in
 * ICD-10 map (`ICD10_LTC_CODE_LISTS`) use; a test
 * keeps this list equal to theirs. Any other code (a QOF register abbreviation such as `HF`,
 * a SNOMED CT or Read code) is not taken as a cluster: map it with code lists (`codeLists`) or
 * `conditionCodes` (`{ HF: 'heart_failure' }`), or `loadPopulation` counts and reports it.
 *
 * @example
 * KNOWN_CONDITION_CLUSTERS.includes('heart_failure'); // => true
 */
export const KNOWN_CONDITION_CLUSTERS: readonly string[] = Object.freeze([
  // electronic frailty index deficits
  'activity_limitation', 'physical_disability', 'disability', 'anaemia', 'iron_deficiency_anaemia', 'haematinic_deficiency',
  'arthritis', 'osteoarthritis', 'rheumatoid_arthritis', 'inflammatory_arthritis', 'atrial_fibrillation', 'af', 'stroke',
  'stroke_tia', 'tia', 'cerebrovascular_disease', 'ckd', 'chronic_kidney_disease', 'ckd_4_5', 'ckd_stage_4_5', 'ckd_3_5',
  'diabetes', 'type_1_diabetes', 'type_2_diabetes', 'diabetes_type_1', 'diabetes_type_2', 'dizziness', 'dyspnoea',
  'breathlessness', 'falls', 'fall', 'foot_problems', 'fragility_fracture', 'hip_fracture', 'hearing_impairment',
  'hearing_loss', 'deafness', 'heart_failure', 'chf', 'congestive_heart_failure', 'heart_valve_disease',
  'valvular_heart_disease', 'housebound', 'hypertension', 'hypotension', 'syncope', 'chd', 'coronary_heart_disease',
  'ischaemic_heart_disease', 'ihd', 'angina', 'myocardial_infarction', 'dementia', 'cognitive_impairment', 'memory_problems',
  'mobility_problems', 'mobility_and_transfer_problems', 'osteoporosis', 'parkinsons', 'parkinsons_disease', 'parkinsonism',
  'tremor', 'peptic_ulcer', 'pad', 'peripheral_arterial_disease', 'peripheral_vascular_disease', 'requirement_for_care',
  'care_needs', 'copd', 'asthma', 'bronchiectasis', 'respiratory_disease', 'interstitial_lung_disease', 'skin_ulcer',
  'pressure_ulcer', 'leg_ulcer', 'sleep_disturbance', 'insomnia', 'social_vulnerability', 'lives_alone', 'social_isolation',
  'thyroid_disease', 'hypothyroidism', 'hyperthyroidism', 'urinary_incontinence', 'incontinence', 'urinary_system_disease',
  'visual_impairment', 'blindness', 'sight_loss', 'weight_loss', 'anorexia',
  // Bridges to Health segments
  'alzheimers', 'alzheimers_disease', 'vascular_dementia', 'ckd_5', 'end_stage_renal_disease', 'liver_failure', 'cirrhosis',
  'pulmonary_fibrosis', 'palliative_care', 'palliative', 'end_of_life', 'metastatic_cancer', 'cancer', 'active_cancer',
  'lung_cancer', 'breast_cancer', 'colorectal_cancer', 'prostate_cancer', 'haematological_cancer', 'learning_disability',
  'cerebral_palsy', 'multiple_sclerosis', 'spinal_cord_injury', 'severe_visual_impairment', 'autism', 'pregnancy', 'maternity',
  // the synthetic population and the Synthea map
  'depression', 'epilepsy', 'severe_mental_illness',
  // the built-in ICD-10 map (ICD10_LTC_CODE_LISTS)
  'liver_disease',
]);

const KNOWN = new Set(KNOWN_CONDITION_CLUSTERS);

/**
 * Whether a condition code is a cluster the features know ({@link KNOWN_CONDITION_CLUSTERS}),
 * compared as `clusterKey` compares: lower case, runs of other characters than a-z and 0-9 as
 * `_`, none at either end. O(length of the code).
 *
 * @param code - A condition code as given.
 * @returns Whether it names a known cluster.
 * @example
 * isKnownConditionCluster('COPD');          // => true
 * isKnownConditionCluster('Heart failure'); // => true
 * isKnownConditionCluster('HF');            // => false (a QOF abbreviation: map it with conditionCodes)
 */
export function isKnownConditionCluster(code: string): boolean {
  return KNOWN.has(code.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, ''));
}
