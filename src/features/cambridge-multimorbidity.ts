/**
 * The Cambridge Multimorbidity Score (Payne RA, Mendonca SC, Elliott MN, et al. Development
 * and validation of the Cambridge Multimorbidity Score. CMAJ 2020;192(5):E107-E114,
 * doi:10.1503/cmaj.190757) as a weighted condition score for `buildFeatures`.
 *
 * @module
 */
import * as z from 'zod/mini';
import { parseOptions } from '../core/options.js';
import { fail } from '../core/errors.js';
import type { ConditionScore, ScoreEvidence, ScoreRule } from './condition-scores.js';

/** One of the 37 conditions of the Cambridge Multimorbidity Score and how it is recognised. */
export interface CmsCondition {
  /** Condition key, the key of its weight (`cms_<name>`). */
  readonly key: string;
  /** The condition as the paper names it. */
  readonly name: string;
  /** Whether it is one of the 20 conditions of the reduced score. */
  readonly in20: boolean;
  /** The usage definition (CPRD at Cambridge code lists v1.1, Cassell et al. 2018) in words, and how it is read here. */
  readonly definition: string;
  /** Default evidence: a rule over clusters (`{name}` is replaced by the condition's cluster, `{rx}` by its prescription cluster). */
  readonly rule: ScoreRule;
  /** Where the library's reading differs from the published definition, or `undefined`. */
  readonly approximation?: string;
}

const EVER = (c: string): ScoreEvidence => ({ cluster: c, minEvents: 1 });
const IN12 = (c: string): ScoreEvidence => ({ cluster: c, withinMonths: 12 });
const RX4 = (c: string): ScoreEvidence => ({ cluster: c, withinMonths: 12, minEvents: 4 });
const ever = (key: string, name: string, in20: boolean, cluster = `cms_${key}`, approximation?: string): CmsCondition =>
  ({ key: `cms_${key}`, name, in20, definition: 'code ever recorded', rule: [[EVER(cluster)]], ...(approximation ? { approximation } : {}) });

/**
 * The 37 conditions of the Cambridge Multimorbidity Score, with the usage definitions of the
 * CPRD at Cambridge code lists (v1.1) the score was developed on (Payne et al. 2020, methods;
 * the definitions are those of Cassell et al., Br J Gen Pract 2018;68:e245-51) as rules over
 * register clusters. Conditions that coincide with the library's clusters (the ICD-10 map's
 * names, e.g. `copd`, `heart_failure`, `atrial_fibrillation`, `dementia`) read those; the
 * others read `cms_<condition>`, and prescription evidence reads `cms_<condition>_rx` (issues
 * of the named drugs, loaded as coded events with a code list per drug group). "Code ever
 * recorded" ignores resolved codes, as the published definitions do.
 */
export const CMS_CONDITIONS: readonly CmsCondition[] = Object.freeze([
  ever('alcohol_problems', 'Alcohol problems', true),
  ever('anorexia_bulimia', 'Anorexia or bulimia', false),
  {
    key: 'cms_anxiety_depression', name: 'Anxiety or depression', in20: true,
    definition: 'anxiety code in the last 12 months or 4+ anxiolytic/hypnotic prescriptions in the last 12 months; or depression code in the last 12 months or 4+ antidepressant prescriptions (not low-dose tricyclics) in the last 12 months',
    rule: [[IN12('cms_anxiety')], [RX4('cms_anxiety_rx')], [IN12('depression')], [RX4('cms_depression_rx')]],
  },
  {
    key: 'cms_asthma', name: 'Asthma', in20: true, definition: 'asthma code ever recorded and an asthma prescription in the last 12 months',
    rule: [[EVER('asthma'), IN12('cms_asthma_rx')]],
  },
  ever('atrial_fibrillation', 'Atrial fibrillation', true, 'atrial_fibrillation'),
  ever('blindness_low_vision', 'Blindness and low vision', false),
  ever('bronchiectasis', 'Bronchiectasis', false, 'bronchiectasis'),
  {
    key: 'cms_cancer', name: 'Cancer', in20: true, definition: 'cancer code first recorded in the last 5 years',
    rule: [[{ cluster: 'cancer', withinMonths: 60, first: true }]],
  },
  ever('coronary_heart_disease', 'Coronary heart disease', true, 'coronary_heart_disease'),
  {
    key: 'cms_chronic_kidney_disease', name: 'Chronic kidney disease', in20: true,
    definition: 'the better of the last 2 eGFR readings below 60 mL/min; read here as on the CKD register (QOF stages 3-5, itself eGFR below 60)',
    rule: [[{ cluster: 'ckd' }]],
    approximation: 'eGFR readings are not read: the CKD register (QOF, stages 3-5) stands in for "best of the last 2 eGFR < 60"',
  },
  ever('chronic_liver_disease', 'Chronic liver disease', false, 'liver_disease'),
  ever('chronic_sinusitis', 'Chronic sinusitis', false),
  ever('copd', 'COPD', true, 'copd'),
  {
    key: 'cms_constipation', name: 'Constipation', in20: true, definition: '4 or more laxative prescriptions in the last year',
    rule: [[RX4('cms_constipation_rx')]],
  },
  {
    key: 'cms_connective_tissue_disorder', name: 'Rheumatoid arthritis and other inflammatory polyarthropathies and systemic connective tissue disorders', in20: true,
    definition: 'code ever recorded', rule: [[EVER('cms_connective_tissue_disorder')]],
  },
  ever('dementia', 'Dementia', true, 'dementia'),
  ever('diabetes', 'Diabetes', true, 'diabetes'),
  ever('diverticular_disease', 'Diverticular disease of intestine', false),
  {
    key: 'cms_epilepsy', name: 'Epilepsy', in20: true, definition: 'epilepsy code ever recorded and an antiepileptic prescription in the last 12 months',
    rule: [[EVER('epilepsy'), IN12('cms_epilepsy_rx')]],
  },
  ever('hearing_loss', 'Hearing loss', true),
  ever('heart_failure', 'Heart failure', true, 'heart_failure'),
  ever('hypertension', 'Hypertension', true, 'hypertension'),
  ever('inflammatory_bowel_disease', 'Inflammatory bowel disease', false),
  {
    key: 'cms_irritable_bowel_syndrome', name: 'Irritable bowel syndrome', in20: true,
    definition: 'code ever recorded or 4+ antispasmodic prescriptions in the last 12 months',
    rule: [[EVER('cms_irritable_bowel_syndrome')], [RX4('cms_irritable_bowel_syndrome_rx')]],
  },
  ever('learning_disability', 'Learning disability', false, 'learning_disability'),
  { key: 'cms_migraine', name: 'Migraine', in20: false, definition: '4 or more anti-migraine prescriptions in the last year', rule: [[RX4('cms_migraine_rx')]] },
  ever('multiple_sclerosis', 'Multiple sclerosis', false, 'multiple_sclerosis'),
  {
    key: 'cms_painful_condition', name: 'Painful condition', in20: true,
    definition: '4+ analgesic prescriptions in the last 12 months, or 4+ of the named antiepileptics in the last 12 months without an epilepsy code ever',
    rule: [[RX4('cms_painful_condition_rx')], [RX4('cms_epilepsy_rx'), { ...EVER('epilepsy'), absent: true }]],
    approximation: 'the antiepileptic arm reads all antiepileptic prescriptions (cms_epilepsy_rx) unless you load the pain-specific antiepileptic list into that cluster',
  },
  ever('parkinsons', "Parkinson's disease", false, 'parkinsons'),
  ever('peptic_ulcer_disease', 'Peptic ulcer disease', false),
  ever('peripheral_vascular_disease', 'Peripheral vascular disease', false, 'peripheral_arterial_disease'),
  ever('prostate_disorders', 'Prostate disorders', false),
  ever('psychoactive_substance_misuse', 'Psychoactive substance misuse', false),
  {
    key: 'cms_psoriasis_eczema', name: 'Psoriasis or eczema', in20: false, definition: 'code ever recorded and 4+ related prescriptions (not simple emollients) in the last 12 months',
    rule: [[EVER('cms_psoriasis_eczema'), RX4('cms_psoriasis_eczema_rx')]],
  },
  {
    key: 'cms_schizophrenia_bipolar', name: 'Schizophrenia (and related non-organic psychosis) or bipolar disorder', in20: true,
    definition: 'code ever recorded or lithium ever prescribed', rule: [[EVER('severe_mental_illness')], [EVER('cms_lithium_rx')]],
  },
  ever('stroke_tia', 'Stroke and transient ischaemic attack', true, 'stroke_tia'),
  ever('thyroid_disorders', 'Thyroid disorders', false),
] satisfies CmsCondition[]);

/**
 * The general-outcome weights of the 20-condition Cambridge Multimorbidity Score, as published
 * in Payne et al., CMAJ 2020;192:E107-14 (the article's table of 20-condition score weights:
 * the general-outcome column, the average of the standardised consultation, unplanned-admission
 * and mortality weights). We could not open the article's table itself here; every value was
 * checked to agree between two independent public transcriptions of it (an OpenSAFELY ehrQL
 * study definition and an R implementation of the general score), which agree on all 20.
 */
export const CMS_GENERAL_20_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  cms_alcohol_problems: 0.65,
  cms_anxiety_depression: 0.5,
  cms_asthma: 0.19,
  cms_atrial_fibrillation: 1.34,
  cms_cancer: 1.53,
  cms_chronic_kidney_disease: 0.53,
  cms_connective_tissue_disorder: 0.43,
  cms_constipation: 1.12,
  cms_copd: 1.46,
  cms_coronary_heart_disease: 0.49,
  cms_dementia: 2.5,
  cms_diabetes: 0.75,
  cms_epilepsy: 0.92,
  cms_hearing_loss: 0.09,
  cms_heart_failure: 1.18,
  cms_hypertension: 0.08,
  cms_irritable_bowel_syndrome: 0.21,
  cms_painful_condition: 0.92,
  cms_schizophrenia_bipolar: 0.64,
  cms_stroke_tia: 0.8,
});

/** Source string of {@link CMS_GENERAL_20_WEIGHTS} (the features' provenance). */
export const CMS_GENERAL_20_SOURCE =
  'Cambridge Multimorbidity Score, 20 conditions, general-outcome weights: Payne et al., CMAJ 2020;192:E107-14, doi:10.1503/cmaj.190757 (20-condition weights table)';

const KEYS = new Set(CMS_CONDITIONS.map((c) => c.key));

const Options = z.strictObject({
  weights: z.optional(z.union([z.literal('general-20'), z.record(z.string().check(z.minLength(1)), z.number().check(z.refine(Number.isFinite, 'must be a finite number')))])),
  source: z.optional(z.string().check(z.minLength(1))),
  clusters: z.optional(z.record(z.string().check(z.minLength(1)), z.string().check(z.minLength(1)))),
  prescriptions: z.optional(z.boolean()),
});
/** Options of {@link cambridgeMultimorbidityScore}. */
export interface CmsOptions {
  /** `'general-20'` (default) or your own weights by condition key (`cms_<name>`). */
  readonly weights?: 'general-20' | Readonly<Record<string, number>>;
  /** Where your own weights come from (required with own weights). */
  readonly source?: string;
  /** Register cluster to read, by condition key or evidence cluster name. */
  readonly clusters?: Readonly<Record<string, string>>;
  /** Read prescription evidence (`cms_*_rx` clusters); default true. */
  readonly prescriptions?: boolean;
}

/**
 * A Cambridge Multimorbidity Score as a `conditionScores` entry of `buildFeatures`:
 * `conditionScores: { cms_general: cambridgeMultimorbidityScore() }` adds the feature
 * `score_cms_general`, the sum of the weights of the conditions present at the as-of date, and
 * names the weights in the features' provenance (`FeatureSet.conditionScores`).
 *
 * - `weights`: `'general-20'` (default, {@link CMS_GENERAL_20_WEIGHTS}) or your own weights by
 *   condition key (`cms_<name>`, see {@link CMS_CONDITIONS}), e.g. the paper's unplanned-admission
 *   or 37-condition weights, with `source` naming the table you took them from (required then).
 * - `clusters`: register cluster to read for a condition, overriding the default, by condition
 *   or evidence cluster name (`{ cms_copd: 'copd_qof' }` or `{ cms_asthma_rx: 'asthma_inhalers' }`).
 * - `prescriptions` (default true): read prescription evidence (`cms_*_rx` clusters). With
 *   `false`, conditions defined by prescriptions alone (constipation, migraine, painful
 *   condition's prescription arm) are never present and those needing a code and a prescription
 *   (asthma, epilepsy, psoriasis or eczema) need only the code; the provenance says so.
 *
 * @param options - See above.
 * @returns `{ weights, source, rules }` for `conditionScores`.
 * @throws RiskStratifyError `invalid_options` for a weight on an unknown condition, own weights without `source`, or a bad option.
 * @example
 * const cms = cambridgeMultimorbidityScore();
 * cms.weights.cms_dementia; // => 2.5
 * cms.rules.cms_cancer; // => [[{ cluster: 'cancer', withinMonths: 60, first: true }]]
 */
export function cambridgeMultimorbidityScore(options?: CmsOptions): { weights: Record<string, number>; source: string; rules: Record<string, ScoreRule> } & ConditionScore {
  const fn = 'cambridgeMultimorbidityScore';
  // parseOptions is typed for full zod schemas until the zod/mini move (issue 16); same runtime API
  const opts = parseOptions(fn, Options, options ?? {});
  const own = typeof opts.weights === 'object' ? opts.weights : undefined;
  if (own && !opts.source) fail({ fn, code: 'invalid_options', path: ['options', 'source'], value: opts.source, message: 'name the table your weights come from (source) when you pass your own weights' });
  const weights = own ?? CMS_GENERAL_20_WEIGHTS;
  for (const k of Object.keys(weights)) {
    if (!KEYS.has(k)) fail({ fn, code: 'invalid_options', path: ['options', 'weights', k], value: k, message: `is not a Cambridge Multimorbidity Score condition; use one of ${[...KEYS].join(', ')}` });
  }
  const map = opts.clusters ?? {};
  for (const k of Object.keys(map)) {
    const known = KEYS.has(k) || CMS_CONDITIONS.some((c) => c.rule.some((alt) => alt.some((e) => e.cluster === k)));
    if (!known) fail({ fn, code: 'invalid_options', path: ['options', 'clusters', k], value: k, message: 'is neither a condition key nor an evidence cluster of the score' });
  }
  const rx = opts.prescriptions !== false;
  const rules: Record<string, ScoreRule> = {};
  const kept: Record<string, number> = {};
  for (const c of CMS_CONDITIONS) {
    if (!(c.key in weights)) continue;
    const alts = c.rule
      .map((alt) => (rx ? alt : alt.filter((e) => !e.cluster.endsWith('_rx'))))
      .filter((alt) => alt.some((e) => !e.absent)) // nothing left but an absence is no evidence
      .map((alt) => alt.map((e) => ({ ...e, cluster: map[e.cluster] ?? (c.rule.length === 1 && alt.length === 1 ? (map[c.key] ?? e.cluster) : e.cluster) })));
    // a condition with no evidence left (prescriptions only, without prescriptions) is never present: left out
    if (alts.length === 0) continue;
    rules[c.key] = alts;
    kept[c.key] = weights[c.key]!;
  }
  const base = own ? opts.source! : CMS_GENERAL_20_SOURCE;
  const source = rx ? base : `${base}; without prescription evidence (prescription-defined conditions never present)`;
  return { weights: kept, source, rules };
}
