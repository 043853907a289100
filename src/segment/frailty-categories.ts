import { rules, type SegmentationModel } from './rules.js';

/**
 * Segments by electronic-frailty-index category (Clegg et al. 2016 cut-offs on the
 * `efi_category` feature of `buildFeatures`): 1 fit (eFI ≤ 0.12), 2 mild (≤ 0.24),
 * 3 moderate (≤ 0.36), 4 severe (> 0.36).
 *
 * @returns a {@link SegmentationModel} named `'eFI frailty categories'`.
 * @example
 * frailtyCategories().segments.map((s) => s.name); // => ['fit', 'mild frailty', 'moderate frailty', 'severe frailty']
 */
export function frailtyCategories(): SegmentationModel {
  const names = ['fit', 'mild frailty', 'moderate frailty', 'severe frailty'];
  const ranges = ['eFI ≤ 0.12', '0.12 < eFI ≤ 0.24', '0.24 < eFI ≤ 0.36', 'eFI > 0.36'];
  return rules({
    name: 'eFI frailty categories',
    segments: names.map((name, k) => ({ code: k + 1, name, description: ranges[k]! })),
    rules: names.map((name, k) => ({ name, segment: k + 1, when: { feature: 'efi_category', eq: k } })),
  });
}
