import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { parseOptions } from '../core/options.js';
import { rules, type RuleCondition, type SegmentationModel } from './rules.js';

const ascendingFromZero = (what: string) =>
  z
    .array(z.number().check(z.int(), z.gte(0))).check(z.minLength(1), z.refine((xs) => xs[0] === 0, `${what} must start at 0`), z.refine((xs) => xs.every((x, i) => i === 0 || x > xs[i - 1]!), `${what} must be strictly increasing`));

/** Options of {@link ageByConditions}: lower bounds of the age bands and of the condition-count groups. */
export const AgeByConditionsOptions = /* @__PURE__ */ lazySchema(() => z
  .strictObject({
    /** Lower bounds of the age bands in years, from 0, increasing: [0, 18, 65] is 0-17, 18-64, 65+. */
    ageBands: z._default(ascendingFromZero('ageBands'), [0, 18, 45, 65, 75, 85]),
    /** Lower bounds of the long-term-condition count groups, from 0: [0, 1, 2, 4] is 0, 1, 2-3, 4+. */
    conditionCounts: z._default(ascendingFromZero('conditionCounts'), [0, 1, 2, 4]),
  }).check(z.refine((o) => (o.ageBands?.length ?? 6) * (o.conditionCounts?.length ?? 4) <= 255, 'at most 255 segments (age bands x count groups)')));
export type AgeByConditionsOptions = z.input<typeof AgeByConditionsOptions>;

const label = (lo: number, next: number | undefined, unit = ''): string =>
  next === undefined ? `${lo}+${unit}` : next === lo + 1 ? `${lo}${unit}` : `${lo}-${next - 1}${unit}`;

/**
 * Segments by age band x number of long-term conditions (`age` and `ltc_count` features).
 * Segment codes run band by band: code = band index x groups + group index + 1; names like
 * `'age 65-74, 2-3 LTCs'`. The bands partition all ages and counts, so everyone is placed.
 *
 * @param options - see {@link AgeByConditionsOptions}.
 * @returns a {@link SegmentationModel} named `'age by conditions'`.
 * @throws RiskStratifyError `invalid_options` when bounds do not start at 0, do not
 *   increase, or make more than 255 segments.
 * @example
 * ageByConditions({ ageBands: [0, 65], conditionCounts: [0, 2] }).segments.map((s) => s.name);
 * // => ['age 0-64, 0-1 LTCs', 'age 0-64, 2+ LTCs', 'age 65+, 0-1 LTCs', 'age 65+, 2+ LTCs']
 */
export function ageByConditions(options: AgeByConditionsOptions = {}): SegmentationModel {
  const o = parseOptions('ageByConditions', AgeByConditionsOptions, options);
  const bands = o.ageBands;
  const groups = o.conditionCounts;
  const segments: { code: number; name: string; description: string }[] = [];
  const list: { name: string; segment: number; when: RuleCondition }[] = [];
  bands.forEach((lo, b) => {
    const hi = bands[b + 1];
    groups.forEach((c0, g) => {
      const c1 = groups[g + 1];
      const code = b * groups.length + g + 1;
      const name = `age ${label(lo, hi)}, ${label(c0, c1)} LTCs`;
      segments.push({ code, name, description: `age ${label(lo, hi)} years with ${label(c0, c1)} long-term conditions` });
      const all: RuleCondition[] = [{ feature: 'age', gte: lo }, { feature: 'ltc_count', gte: c0 }];
      if (hi !== undefined) all.push({ feature: 'age', lt: hi });
      if (c1 !== undefined) all.push({ feature: 'ltc_count', lt: c1 });
      list.push({ name, segment: code, when: { all } });
    });
  });
  return rules({ name: 'age by conditions', segments, rules: list });
}
