/**
 * The deficit list behind the `efi` feature: the 36 deficits of the electronic frailty
 * index (Clegg et al., Age and Ageing 2016;45:353-60), each mapped to the condition-cluster
 * names and population columns that can evidence it here.
 *
 * @module
 */

/** One eFI deficit and the evidence that marks it present. */
export interface EfiDeficit {
  /** Deficit name as in Clegg et al. 2016 (snake case). */
  readonly name: string;
  /**
   * Condition-cluster keys (compared case- and punctuation-insensitively) whose active record marks the deficit
   * present.
   */
  readonly clusters: readonly string[];
  /** Non-condition evidence: `'care_home'` (care-home flag) or `'polypharmacy'` (5+ active medicines). */
  readonly evidence?: 'care_home' | 'polypharmacy';
}

/**
 * The 36 eFI deficits with the evidence used for each. The real eFI is computed from about
 * 2,000 Read/SNOMED codes in the GP record; here a deficit is present when a condition
 * cluster with one of the listed names is active at `asOf` (recorded on or before, not
 * resolved by then), or, for *requirement for care*, when the person lives in a care home,
 * and, for *polypharmacy*, when 5 or more distinct medicines are active (only when
 * medication data exist). Deficits with no matching cluster in your data (dizziness, sleep
 * disturbance, ...) can never be present, so the score under-counts against the real eFI
 * unless your clusters record them; the denominator is always 36 so the published cut-offs
 * (0.12 / 0.24 / 0.36) keep their meaning.
 */
export const EFI_DEFICITS: readonly EfiDeficit[] = Object.freeze(
  [
    { name: 'activity_limitation', clusters: ['activity_limitation', 'physical_disability', 'disability'] },
    { name: 'anaemia_and_haematinic_deficiency', clusters: ['anaemia', 'iron_deficiency_anaemia', 'haematinic_deficiency'] },
    { name: 'arthritis', clusters: ['arthritis', 'osteoarthritis', 'rheumatoid_arthritis', 'inflammatory_arthritis'] },
    { name: 'atrial_fibrillation', clusters: ['atrial_fibrillation', 'af'] },
    { name: 'cerebrovascular_disease', clusters: ['stroke', 'stroke_tia', 'tia', 'cerebrovascular_disease'] },
    { name: 'chronic_kidney_disease', clusters: ['ckd', 'chronic_kidney_disease', 'ckd_4_5', 'ckd_stage_4_5', 'ckd_3_5'] },
    { name: 'diabetes', clusters: ['diabetes', 'type_1_diabetes', 'type_2_diabetes', 'diabetes_type_1', 'diabetes_type_2'] },
    { name: 'dizziness', clusters: ['dizziness'] },
    { name: 'dyspnoea', clusters: ['dyspnoea', 'breathlessness'] },
    { name: 'falls', clusters: ['falls', 'fall'] },
    { name: 'foot_problems', clusters: ['foot_problems'] },
    { name: 'fragility_fracture', clusters: ['fragility_fracture', 'hip_fracture'] },
    { name: 'hearing_impairment', clusters: ['hearing_impairment', 'hearing_loss', 'deafness'] },
    { name: 'heart_failure', clusters: ['heart_failure', 'chf', 'congestive_heart_failure'] },
    { name: 'heart_valve_disease', clusters: ['heart_valve_disease', 'valvular_heart_disease'] },
    { name: 'housebound', clusters: ['housebound'] },
    { name: 'hypertension', clusters: ['hypertension'] },
    { name: 'hypotension_syncope', clusters: ['hypotension', 'syncope'] },
    { name: 'ischaemic_heart_disease', clusters: ['chd', 'coronary_heart_disease', 'ischaemic_heart_disease', 'ihd', 'angina', 'myocardial_infarction'] },
    { name: 'memory_and_cognitive_problems', clusters: ['dementia', 'cognitive_impairment', 'memory_problems'] },
    { name: 'mobility_and_transfer_problems', clusters: ['mobility_problems', 'mobility_and_transfer_problems'] },
    { name: 'osteoporosis', clusters: ['osteoporosis'] },
    { name: 'parkinsonism_and_tremor', clusters: ['parkinsons', 'parkinsons_disease', 'parkinsonism', 'tremor'] },
    { name: 'peptic_ulcer', clusters: ['peptic_ulcer'] },
    { name: 'peripheral_vascular_disease', clusters: ['pad', 'peripheral_arterial_disease', 'peripheral_vascular_disease'] },
    { name: 'polypharmacy', clusters: [], evidence: 'polypharmacy' },
    { name: 'requirement_for_care', clusters: ['requirement_for_care', 'care_needs'], evidence: 'care_home' },
    { name: 'respiratory_disease', clusters: ['copd', 'asthma', 'bronchiectasis', 'respiratory_disease', 'interstitial_lung_disease'] },
    { name: 'skin_ulcer', clusters: ['skin_ulcer', 'pressure_ulcer', 'leg_ulcer'] },
    { name: 'sleep_disturbance', clusters: ['sleep_disturbance', 'insomnia'] },
    { name: 'social_vulnerability', clusters: ['social_vulnerability', 'lives_alone', 'social_isolation'] },
    { name: 'thyroid_disease', clusters: ['thyroid_disease', 'hypothyroidism', 'hyperthyroidism'] },
    { name: 'urinary_incontinence', clusters: ['urinary_incontinence', 'incontinence'] },
    { name: 'urinary_system_disease', clusters: ['urinary_system_disease'] },
    { name: 'visual_impairment', clusters: ['visual_impairment', 'blindness', 'sight_loss'] },
    { name: 'weight_loss_and_anorexia', clusters: ['weight_loss', 'anorexia'] },
  ].map((d) => Object.freeze({ ...d, clusters: Object.freeze(d.clusters) }) as EfiDeficit),
);

/**
 * The key a condition-cluster code is known by: lower case, runs of characters other than
 * a-z and 0-9 replaced by `_`, no leading or trailing `_`. Feature names are `ltc_<key>`.
 *
 * @example
 * clusterKey('COPD'); // => 'copd'
 * clusterKey('Heart failure'); // => 'heart_failure'
 */
export function clusterKey(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** eFI category of a score (Clegg 2016): 0 fit ≤ 0.12 < 1 mild ≤ 0.24 < 2 moderate ≤ 0.36 < 3 severe. */
export function efiCategory(score: number): number {
  // Compare on whole deficits out of 36 where possible to avoid float edge effects at the cut-offs.
  const eps = 1e-12;
  if (score <= 0.12 + eps) return 0;
  if (score <= 0.24 + eps) return 1;
  if (score <= 0.36 + eps) return 2;
  return 3;
}
