import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { parseOptions } from '../core/options.js';
import { rules, type RuleCondition, type SegmentationModel } from './rules.js';

/** Options of {@link bridgesToHealth}. */
export const BridgesToHealthOptions = /* @__PURE__ */ lazySchema(() => z.strictObject({
  /** Lowest `efi_category` that counts as a long period of decline (2 = moderate frailty). */
  frailtyCategory: z._default(z.number().check(z.int(), z.gte(1), z.lte(3)), 2),
  /** Age from which a care-home resident counts as a long period of decline. */
  careHomeAge: z._default(z.number().check(z.int(), z.gte(0), z.lte(120)), 65),
  /** Emergency admissions or A&E attendances in the lookback window that make someone acutely ill. */
  acuteEvents: z._default(z.number().check(z.int(), z.gte(1)), 1),
}));
export type BridgesToHealthOptions = z.input<typeof BridgesToHealthOptions>;

/** Condition-cluster keys (`ltc_<key>` features) used as evidence by {@link bridgesToHealth}. */
export const BRIDGES_TO_HEALTH_CLUSTERS = Object.freeze({
  dementia: Object.freeze(['dementia', 'alzheimers', 'alzheimers_disease', 'vascular_dementia']),
  organFailure: Object.freeze(['heart_failure', 'chf', 'congestive_heart_failure', 'copd', 'ckd_4_5', 'ckd_stage_4_5', 'ckd_5', 'end_stage_renal_disease', 'liver_failure', 'cirrhosis', 'interstitial_lung_disease', 'pulmonary_fibrosis']),
  endOfLife: Object.freeze(['palliative_care', 'palliative', 'end_of_life', 'metastatic_cancer']),
  cancer: Object.freeze(['cancer', 'active_cancer', 'lung_cancer', 'breast_cancer', 'colorectal_cancer', 'prostate_cancer', 'haematological_cancer']),
  disability: Object.freeze(['learning_disability', 'physical_disability', 'disability', 'cerebral_palsy', 'multiple_sclerosis', 'spinal_cord_injury', 'blindness', 'severe_visual_impairment', 'deafness', 'autism']),
  maternity: Object.freeze(['pregnancy', 'maternity']),
});

const anyCluster = (keys: readonly string[]): RuleCondition => ({ any: keys.map((k) => ({ feature: `ltc_${k}`, eq: 1, missing: 'false' as const })) });

/**
 * The Bridges to Health segmentation (Lynn J et al., "The Bridges to Health model:
 * formulating policy and practice for the health care system", Milbank Quarterly 2007;
 * 85(2):185-208): eight segments, assigned by hierarchy where the highest need wins, so the
 * rules are tried from segment 8 down to 1. In data terms (features from `buildFeatures`;
 * `ltc_<key>` flags that the matrix lacks count as absent):
 *
 * | code | segment | rule (first that holds, in this order) |
 * |---|---|---|
 * | 8 | long period of decline (frailty/dementia) | a dementia cluster, or `efi_category` ≥ 2 (moderate/severe frailty), or `care_home` = 1 and `age` ≥ 65 |
 * | 7 | limited reserve, serious exacerbations (organ failure) | heart failure, COPD, CKD stage 4-5, liver failure/cirrhosis or interstitial lung disease cluster |
 * | 6 | short period of decline before dying | a palliative-care / end-of-life / metastatic-cancer cluster, or a cancer cluster with an emergency admission in the lookback window |
 * | 5 | stable but serious disability | learning or physical disability, cerebral palsy, multiple sclerosis, spinal cord injury, blindness, deafness, autism cluster; or `care_home` = 1 (under 65) |
 * | 4 | chronic conditions, normal function | `ltc_count` ≥ 1 |
 * | 3 | acutely ill | `emergency_admissions` ≥ `acuteEvents` or `ae_attendances` ≥ `acuteEvents` (default 1) in the lookback window |
 * | 2 | maternal and infant health | `age` = 0 (under one), or a pregnancy / maternity cluster |
 * | 1 | healthy | everyone else |
 *
 * Cluster keys are listed in {@link BRIDGES_TO_HEALTH_CLUSTERS}. A `CKD` cluster that mixes
 * stages 3-5 (as the Synthea adapter and the synthetic generator record it) is not organ
 * failure here: record stage 4-5 as its own cluster (`ckd_4_5`) to use it. This is a data
 * approximation of a scheme Lynn et al. describe clinically: frailty here is the eFI-style
 * score of `buildFeatures` (see its limits), and "acutely ill" uses the lookback window you
 * build features with (12 months by default; pass `featureOptions: { lookbackMonths: 3 }` to
 * `segment` for a narrower view). Use `rules()` to change the order or the evidence.
 *
 * @param options - see {@link BridgesToHealthOptions}.
 * @returns a {@link SegmentationModel} named `'Bridges to Health'`.
 * @throws RiskStratifyError `invalid_options` for a bad option.
 * @example
 * bridgesToHealth().segments.map((s) => s.code); // => [1, 2, 3, 4, 5, 6, 7, 8]
 */
export function bridgesToHealth(options: BridgesToHealthOptions = {}): SegmentationModel {
  const o = parseOptions('bridgesToHealth', BridgesToHealthOptions, options);
  const C = BRIDGES_TO_HEALTH_CLUSTERS;
  return rules({
    name: 'Bridges to Health',
    segments: [
      { code: 1, name: 'healthy', description: 'No long-term condition, no recent acute activity' },
      { code: 2, name: 'maternal and infant health', description: 'Infants under one and pregnant women' },
      { code: 3, name: 'acutely ill', description: 'Recent emergency admission or A&E attendance without a long-term condition' },
      { code: 4, name: 'chronic conditions, normal function', description: 'One or more long-term conditions' },
      { code: 5, name: 'stable but serious disability', description: 'Learning or physical disability, or a care-home resident under the care-home age' },
      { code: 6, name: 'short period of decline before dying', description: 'Palliative care, end of life or cancer with emergency admissions' },
      { code: 7, name: 'limited reserve with serious exacerbations', description: 'Organ failure: heart failure, COPD, CKD 4-5, liver failure' },
      { code: 8, name: 'long period of decline', description: 'Frailty (eFI moderate or severe), dementia, or older care-home residents' },
    ],
    rules: [
      { name: 'dementia', segment: 8, when: anyCluster(C.dementia) },
      { name: 'frailty', segment: 8, when: { feature: 'efi_category', gte: o.frailtyCategory } },
      { name: 'older care-home resident', segment: 8, when: { all: [{ feature: 'care_home', eq: 1 }, { feature: 'age', gte: o.careHomeAge }] } },
      { name: 'organ failure', segment: 7, when: anyCluster(C.organFailure) },
      { name: 'end of life', segment: 6, when: anyCluster(C.endOfLife) },
      { name: 'cancer with emergency admission', segment: 6, when: { all: [anyCluster(C.cancer), { feature: 'emergency_admissions', gte: 1 }] } },
      { name: 'disability', segment: 5, when: anyCluster(C.disability) },
      { name: 'care-home resident', segment: 5, when: { feature: 'care_home', eq: 1 } },
      { name: 'long-term condition', segment: 4, when: { feature: 'ltc_count', gte: 1 } },
      { name: 'acute activity', segment: 3, when: { any: [{ feature: 'emergency_admissions', gte: o.acuteEvents }, { feature: 'ae_attendances', gte: o.acuteEvents }] } },
      { name: 'infant', segment: 2, when: { feature: 'age', eq: 0 } },
      { name: 'pregnancy', segment: 2, when: anyCluster(C.maternity) },
      { name: 'healthy', segment: 1 },
    ],
  });
}
