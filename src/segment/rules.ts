import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import type { FeatureMatrix } from '../core/feature-matrix.js';

/**
 * A condition over feature values, JSON-friendly:
 * - a comparison `{ feature, eq | ne | gt | gte | lt | lte | in, missing? }` (several
 *   comparisons in one object must all hold); `missing: 'false'` makes the comparison false
 *   when the matrix has no such feature, the default `'error'` refuses it;
 * - `{ all: [...] }` (every one holds; an empty list is true), `{ any: [...] }` (at least
 *   one holds; an empty list is false), `{ not: condition }`.
 */
export type RuleCondition =
  | {
      feature: string;
      eq?: number | undefined;
      ne?: number | undefined;
      gt?: number | undefined;
      gte?: number | undefined;
      lt?: number | undefined;
      lte?: number | undefined;
      in?: number[] | undefined;
      missing?: 'error' | 'false' | undefined;
    }
  | { all: RuleCondition[] }
  | { any: RuleCondition[] }
  | { not: RuleCondition };

const Comparison = /* @__PURE__ */ lazySchema(() => z
  .strictObject({
    feature: z.string().check(z.minLength(1)),
    eq: z.optional(z.number()),
    ne: z.optional(z.number()),
    gt: z.optional(z.number()),
    gte: z.optional(z.number()),
    lt: z.optional(z.number()),
    lte: z.optional(z.number()),
    in: z.optional(z.array(z.number())),
    missing: z.optional(z.enum(['error', 'false'])),
  }).check(z.refine((c) => ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in'].some((k) => (c as Record<string, unknown>)[k] !== undefined), 'a comparison needs one of eq, ne, gt, gte, lt, lte, in')));

/** zod schema of a {@link RuleCondition}. */
export const RuleConditionSchema: z.ZodMiniType<RuleCondition> = /* @__PURE__ */ lazySchema(() => z.lazy(() =>
  z.union([
    Comparison,
    z.strictObject({ all: z.array(RuleConditionSchema) }),
    z.strictObject({ any: z.array(RuleConditionSchema) }),
    z.strictObject({ not: RuleConditionSchema }),
  ]),
));

const SegmentRef = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int(), z.gte(1), z.lte(255)), z.string().check(z.minLength(1))]));

/** A segment: its label code (1..255), name and description. */
export const SegmentDefinitionSchema = /* @__PURE__ */ lazySchema(() => z.strictObject({
  code: z.number().check(z.int(), z.gte(1), z.lte(255)),
  name: z.string().check(z.minLength(1)),
  description: z._default(z.string(), ''),
}));

/** Configuration of {@link rules}: named rules evaluated in order; the first that holds assigns the segment. */
export const RulesConfig = /* @__PURE__ */ lazySchema(() => z
  .strictObject({
    /** Name of the scheme, reported in the Segmentation. */
    name: z._default(z.string().check(z.minLength(1)), 'rules'),
    /** Segments; when omitted, each rule is its own segment (code = position + 1, name = rule name). */
    segments: z.optional(z.array(SegmentDefinitionSchema).check(z.minLength(1), z.maxLength(255))),
    rules: z
      .array(
        z.strictObject({
          name: z.string().check(z.minLength(1)),
          /** Segment code or name (required when `segments` is given). */
          segment: z.optional(SegmentRef),
          description: z.optional(z.string()),
          /** The condition; omitted = a catch-all that always holds. */
          when: z.optional(RuleConditionSchema),
        }),
      ).check(z.minLength(1), z.maxLength(65534)),
    /** Segment (code or name) for people no rule matches; without it they are an error. */
    default: z.optional(SegmentRef),
  }).check(z.superRefine((cfg, ctx) => {
    const names = new Set<string>();
    cfg.rules.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: 'rule names must be unique' });
      names.add(r.name);
    });
    if (cfg.segments) {
      const codes = new Set<number>();
      const segNames = new Set<string>();
      cfg.segments.forEach((s, i) => {
        if (codes.has(s.code)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'code'], message: 'segment codes must be unique' });
        if (segNames.has(s.name)) ctx.addIssue({ code: 'custom', path: ['segments', i, 'name'], message: 'segment names must be unique' });
        codes.add(s.code);
        segNames.add(s.name);
      });
      const known = (ref: number | string) => (typeof ref === 'number' ? codes.has(ref) : segNames.has(ref));
      cfg.rules.forEach((r, i) => {
        if (r.segment === undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'segment'], message: 'each rule must name its segment when segments are declared' });
        else if (!known(r.segment)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'segment'], message: 'no such segment' });
      });
      if (cfg.default !== undefined && !known(cfg.default)) ctx.addIssue({ code: 'custom', path: ['default'], message: 'no such segment' });
    } else {
      cfg.rules.forEach((r, i) => {
        if (r.segment !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', i, 'segment'], message: 'declare segments to share one between rules' });
      });
      if (cfg.default !== undefined) ctx.addIssue({ code: 'custom', path: ['default'], message: 'declare segments to use a default' });
    }
  })));
export type RulesConfig = z.input<typeof RulesConfig>;

/** A segment of a {@link SegmentationModel}. */
export interface SegmentDefinition {
  readonly code: number;
  readonly name: string;
  readonly description: string;
}

/** One compiled rule. */
export interface SegmentRule {
  readonly name: string;
  /** Segment code it assigns. */
  readonly segment: number;
  readonly description: string;
  /** The condition as given (`undefined` = catch-all). */
  readonly when: RuleCondition | undefined;
  /** 1 per matrix row where the condition holds. O(rows x comparisons). */
  evaluate(features: FeatureMatrix): Uint8Array;
}

/** A segmentation scheme: segments and ordered rules. Built by {@link rules} and the named models. */
export interface SegmentationModel {
  readonly name: string;
  readonly segments: readonly SegmentDefinition[];
  readonly rules: readonly SegmentRule[];
  /** Segment code for people no rule matches, or `undefined` (then they are an error). */
  readonly defaultSegment: number | undefined;
}

const FN = 'rules';

/**
 * Compiles a site's own segmentation scheme from a JSON-friendly list of named rules,
 * evaluated in order: the first rule whose condition holds assigns its segment, so
 * overlapping rules are resolved by declared order and never by accident. People no rule
 * matches go to `default`, or make `segment` throw.
 *
 * @param config - see {@link RulesConfig}.
 * @returns a {@link SegmentationModel} for `segment`.
 * @throws RiskStratifyError `invalid_options` (fn `rules`) naming the path of the bad field.
 * @example
 * const model = rules({ name: 'simple', rules: [
 *   { name: 'older, multimorbid', when: { all: [{ feature: 'age', gte: 75 }, { feature: 'ltc_count', gte: 3 }] } },
 *   { name: 'everyone else' } ] });
 * model.segments.map((s) => s.code); // => [1, 2]
 */
export function rules(config: RulesConfig): SegmentationModel {
  const cfg = parseOptions(FN, RulesConfig, config, 'config');
  const segments: SegmentDefinition[] = cfg.segments
    ? cfg.segments.map((s) => Object.freeze({ code: s.code, name: s.name, description: s.description }))
    : cfg.rules.map((r, i) => Object.freeze({ code: i + 1, name: r.name, description: r.description ?? '' }));
  const codeOf = (ref: number | string): number => (typeof ref === 'number' ? ref : segments.find((s) => s.name === ref)!.code);
  const compiled = cfg.rules.map((r, i): SegmentRule => {
    const when = r.when as RuleCondition | undefined;
    return Object.freeze({
      name: r.name,
      segment: r.segment === undefined ? i + 1 : codeOf(r.segment),
      description: r.description ?? '',
      when,
      evaluate: (features: FeatureMatrix) => {
        const out = new Uint8Array(features.n);
        if (when === undefined) out.fill(1);
        else evaluateInto(when, features, out, [r.name]);
        return out;
      },
    });
  });
  return Object.freeze({
    name: cfg.name,
    segments: Object.freeze(segments),
    rules: Object.freeze(compiled),
    defaultSegment: cfg.default === undefined ? undefined : codeOf(cfg.default),
  });
}

/** Writes 1 into `out[r]` where `cond` holds, 0 elsewhere. */
function evaluateInto(cond: RuleCondition, features: FeatureMatrix, out: Uint8Array, path: (string | number)[]): void {
  const n = features.n;
  if ('all' in cond) {
    out.fill(1);
    const tmp = new Uint8Array(n);
    cond.all.forEach((c, j) => {
      evaluateInto(c, features, tmp, [...path, 'all', j]);
      for (let r = 0; r < n; r++) out[r]! &= tmp[r]!;
    });
  } else if ('any' in cond) {
    out.fill(0);
    const tmp = new Uint8Array(n);
    cond.any.forEach((c, j) => {
      evaluateInto(c, features, tmp, [...path, 'any', j]);
      for (let r = 0; r < n; r++) out[r]! |= tmp[r]!;
    });
  } else if ('not' in cond) {
    evaluateInto(cond.not, features, out, [...path, 'not']);
    for (let r = 0; r < n; r++) out[r] = out[r]! ^ 1;
  } else {
    const col = features.column(cond.feature);
    if (!col) {
      if (cond.missing === 'false') {
        out.fill(0);
        return;
      }
      fail({ fn: 'segment', code: 'missing_column', path: [...path, 'feature'], value: cond.feature, message: `rule refers to a feature the matrix does not have (available: ${features.names.join(', ')})` });
    }
    const { eq, ne, gt, gte, lt, lte } = cond;
    const set = cond.in ? new Set(cond.in) : undefined;
    for (let r = 0; r < n; r++) {
      const v = col[r]!;
      out[r] =
        (eq === undefined || v === eq) &&
        (ne === undefined || v !== ne) &&
        (gt === undefined || v > gt) &&
        (gte === undefined || v >= gte) &&
        (lt === undefined || v < lt) &&
        (lte === undefined || v <= lte) &&
        (set === undefined || set.has(v))
          ? 1
          : 0;
    }
  }
}
