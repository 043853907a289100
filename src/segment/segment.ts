import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { Population } from '../core/population.js';
import type { FeatureMatrix } from '../core/feature-matrix.js';
import { buildFeatures, type BuildFeaturesOptions } from '../features/build-features.js';
import { checkAsOf } from '../core/check-window.js';
import type { FeatureWarning } from '../features/feature-warning.js';
import { DayInput, resolveDay } from '../features/resolve-day.js';
import type { SegmentationModel, SegmentDefinition } from './rules.js';

/** Options of {@link segment}. */
export const SegmentOptions = /* @__PURE__ */ lazySchema(() => z.object({
  /** The date the segmentation stands at: a day number, `yyyy-mm-dd` or a `Date`. */
  asOf: DayInput,
  /** A matrix already built at `asOf` (e.g. by `buildFeatures`); otherwise one is built. */
  features: z.optional(z.custom<FeatureMatrix>((v) => typeof v === 'object' && v !== null && typeof (v as FeatureMatrix).column === 'function', 'must be a FeatureMatrix')),
  /** Options passed to `buildFeatures` when `features` is not given (without `asOf`). */
  featureOptions: z.optional(z.custom<Omit<BuildFeaturesOptions, 'asOf'>>((v) => typeof v === 'object' && v !== null, 'must be buildFeatures options')),
}));
export type SegmentOptions = z.input<typeof SegmentOptions>;

/** Who each rule reached, matched and assigned. */
export interface RuleHit {
  readonly rule: string;
  readonly segment: number;
  /** People not assigned by an earlier rule when this rule was tried. */
  readonly reached: number;
  /** People for whom the condition holds, whatever the order (overlaps show as matched > assigned). */
  readonly matched: number;
  /** People this rule put in its segment. */
  readonly assigned: number;
}

/** The segment of every eligible person, aligned with the feature rows. */
export interface Segmentation {
  /** Name of the model (scheme). */
  readonly model: string;
  readonly asOf: number;
  /** Segment code per row (never 0). */
  readonly labels: Uint8Array;
  /** Population row of each label (the feature matrix rows). */
  readonly rows: Uint32Array;
  readonly rowIds: readonly string[];
  readonly segments: readonly SegmentDefinition[];
  /** Index of the rule that assigned each row; `0xffff` when the default segment did. */
  readonly assignedBy: Uint16Array;
  readonly ruleHits: {
    readonly rules: readonly RuleHit[];
    /** People per segment, in the order of `segments`. */
    readonly segments: readonly { readonly code: number; readonly name: string; readonly people: number }[];
    /** People no rule matched (put in the default segment). */
    readonly defaulted: number;
  };
  readonly warnings: readonly FeatureWarning[];
}

/** `assignedBy` value for people placed by the model's default segment. */
export const BY_DEFAULT = 0xffff;

const FN = 'segment';

/**
 * Puts every person eligible at `asOf` in exactly one segment of `model`: rules are tried in
 * the model's order and the first that holds wins; people no rule matches go to the model's
 * default segment, or make this throw. Features come from `options.features` (a matrix
 * built at `asOf`) or are built with `buildFeatures(population, { asOf, ...featureOptions })`,
 * so labels align with the feature rows. O(rows x rule comparisons) after the features.
 *
 * @param population - the population.
 * @param model - `bridgesToHealth()`, `ageByConditions()`, `frailtyCategories()` or `rules(config)`.
 * @param options - see {@link SegmentOptions}.
 * @returns a {@link Segmentation}.
 * `asOf` must be on or before the extract date (`population.window.extractDate`); features
 * built here check their lookback (`featureOptions.beforeData`), and their warnings are kept.
 *
 * @throws RiskStratifyError `window_past_extract` for an as-of date after the extract date;
 *   `invalid_options` for bad options or a matrix built at another
 *   date; `missing_column` when a rule needs a feature the matrix lacks; `invalid_input` when
 *   people match no rule and the model has no default (count and example ids in `details`).
 * @example
 * const s = segment(pop, frailtyCategories(), { asOf: '2024-03-31' });
 * s.segments.map((x) => x.name); // => ['fit', 'mild frailty', 'moderate frailty', 'severe frailty']
 */
export function segment(population: Population, model: SegmentationModel, options: SegmentOptions): Segmentation {
  const opts = parseOptions(FN, SegmentOptions, options);
  const asOf = resolveDay(FN, ['options', 'asOf'], opts.asOf);
  checkAsOf(FN, population.window, asOf, ['options', 'asOf']);
  if (!model || !Array.isArray(model.rules) || !Array.isArray(model.segments)) {
    fail({ fn: FN, code: 'invalid_argument', path: ['model'], value: model, message: 'model must come from rules(), bridgesToHealth(), ageByConditions() or frailtyCategories()' });
  }
  let features: FeatureMatrix;
  const warnings: FeatureWarning[] = [];
  if (opts.features) {
    features = opts.features;
    if (features.asOf !== undefined && features.asOf !== asOf) {
      fail({ fn: FN, code: 'invalid_options', path: ['options', 'features', 'asOf'], value: features.asOf, message: `feature matrix stands at another date than asOf (${asOf})` });
    }
  } else {
    const built = buildFeatures(population, { ...(opts.featureOptions ?? {}), asOf });
    features = built;
    warnings.push(...built.warnings);
  }
  const n = features.n;
  const labels = new Uint8Array(n);
  const assignedBy = new Uint16Array(n).fill(BY_DEFAULT);
  let unassigned = n;
  const hits: RuleHit[] = model.rules.map((rule, j) => {
    const mask = rule.evaluate(features);
    const reached = unassigned;
    let matched = 0;
    let assigned = 0;
    for (let r = 0; r < n; r++) {
      if (mask[r]) {
        matched++;
        if (labels[r] === 0) {
          labels[r] = rule.segment;
          assignedBy[r] = j;
          assigned++;
        }
      }
    }
    unassigned -= assigned;
    return Object.freeze({ rule: rule.name, segment: rule.segment, reached, matched, assigned });
  });
  const defaulted = unassigned;
  if (unassigned > 0) {
    if (model.defaultSegment === undefined) {
      const examples: string[] = [];
      for (let r = 0; r < n && examples.length < 5; r++) if (labels[r] === 0) examples.push(features.rowIds[r] ?? String(r));
      fail({ fn: FN, code: 'invalid_input', path: ['model', 'rules'], value: unassigned, message: `${unassigned} people match no rule of "${model.name}" and it has no default segment (examples: ${examples.join(', ')})`, details: { unmatched: unassigned, examples } });
    }
    for (let r = 0; r < n; r++) if (labels[r] === 0) labels[r] = model.defaultSegment;
  }
  const counts = new Map<number, number>();
  for (let r = 0; r < n; r++) counts.set(labels[r]!, (counts.get(labels[r]!) ?? 0) + 1);
  return Object.freeze({
    model: model.name,
    asOf,
    labels,
    rows: features.rows,
    rowIds: features.rowIds,
    segments: model.segments,
    assignedBy,
    ruleHits: Object.freeze({
      rules: Object.freeze(hits),
      segments: Object.freeze(model.segments.map((s) => Object.freeze({ code: s.code, name: s.name, people: counts.get(s.code) ?? 0 }))),
      defaulted,
    }),
    warnings: Object.freeze(warnings),
  });
}
