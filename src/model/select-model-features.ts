import type { FeatureMatrix } from '../core/feature-matrix.js';
import { fail } from '../core/errors.js';
import { toFeatureMatrix } from '../features/to-feature-matrix.js';

/**
 * The default model's features, chosen from `buildFeatures`' columns so that none is a sum
 * of others: age (and the older bands, since risk rises faster than linearly with age), sex,
 * deprivation, care home, long-term-condition count, frailty (eFI), last year's activity and
 * polypharmacy. Individual condition flags are left out (`ltc_count` carries them and the
 * flags vary with what a site records), and so are the younger age bands (the one-hot bands
 * sum to one, the intercept) and `efi_category` (a function of `efi`).
 */
export const MODEL_FEATURES: readonly string[] = Object.freeze([
  'age', 'age_65_74', 'age_75_84', 'age_85_plus', 'sex_female', 'imd_decile', 'care_home', 'ltc_count', 'efi',
  'emergency_admissions', 'avoidable_admissions', 'emergency_bed_days', 'ae_attendances', 'outpatient_attendances',
  'gp_contacts', 'months_since_emergency', 'polypharmacy',
]);

/** A wanted feature left out of the model matrix, and why. */
export interface DroppedFeature {
  readonly name: string;
  readonly reason: 'not built' | 'constant';
}

/**
 * The matrix a model can be fitted on: the `wanted` features that exist and vary, in the
 * order asked. A feature that was not built (e.g. `polypharmacy` without medication data) or
 * is constant in these rows (a model cannot estimate it) is dropped and listed, so the
 * caller can report it. Columns are shared with `features`, not copied. O(n x features).
 *
 * @param features - From `buildFeatures` or `toFeatureMatrix`.
 * @param wanted - Feature names; default {@link MODEL_FEATURES}.
 * @returns `{ matrix, dropped }`.
 * @throws RiskStratifyError `invalid_argument` when no wanted feature is left.
 * @example
 * const m = toFeatureMatrix({ age: [70, 80, 90], care_home: [0, 0, 0] });
 * selectModelFeatures(m, ['age', 'care_home', 'efi']).dropped;
 * // => [{ name: 'care_home', reason: 'constant' }, { name: 'efi', reason: 'not built' }]
 */
export function selectModelFeatures(features: FeatureMatrix, wanted: readonly string[] = MODEL_FEATURES): { matrix: FeatureMatrix; dropped: DroppedFeature[] } {
  const cols: Record<string, ArrayLike<number>> = {};
  const dropped: DroppedFeature[] = [];
  for (const name of wanted) {
    const c = features.column(name);
    if (c === undefined) {
      dropped.push({ name, reason: 'not built' });
      continue;
    }
    let varies = false;
    for (let i = 1; i < c.length && !varies; i++) if (c[i] !== c[0]) varies = true;
    if (!varies) {
      dropped.push({ name, reason: 'constant' });
      continue;
    }
    cols[name] = c;
  }
  if (Object.keys(cols).length === 0) {
    fail({ fn: 'selectModelFeatures', code: 'invalid_argument', path: ['wanted'], value: [...wanted], message: 'none of the wanted features is built and varies', details: { dropped } });
  }
  const matrix = toFeatureMatrix(cols, { rowIds: features.rowIds, rows: features.rows, ...(features.asOf !== undefined ? { asOf: features.asOf } : {}) });
  return { matrix, dropped };
}
