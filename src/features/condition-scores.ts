/**
 * Weighted condition scores (`conditionScores` of `buildFeatures`): each a sum of weights of
 * conditions present at the as-of date, where a condition is present when its register is
 * active, or, with a rule, when its evidence (recent events, counts of events, a first record
 * in a window, the absence of another record) holds. The Cambridge Multimorbidity Score is one
 * (see `cambridgeMultimorbidityScore`).
 *
 * @module
 */
import * as z from 'zod/mini';
import { addMonths, NO_DATE } from '../core/dates.js';
import type { Population } from '../core/population.js';
import { clusterKey } from './efi-deficits.js';

/**
 * One piece of evidence for a condition, read from the register rows of `cluster` (one row per
 * diagnosis code event) on or before the as-of date:
 *
 * - only `cluster`: the person is **on the register** at the as-of date (QOF rule, resolved
 *   codes honoured);
 * - `minEvents` (default 1 when `withinMonths` is given): at least that many **distinct days**
 *   with a record, within the last `withinMonths` calendar months (`(asOf - months, asOf]`) or,
 *   without `withinMonths`, ever (resolutions ignored: "ever recorded");
 * - `first: true` with `withinMonths`: the **earliest** record on or before the as-of date lies
 *   in the window (e.g. cancer first recorded in the last 5 years);
 * - `absent: true`: the evidence above must **not** hold (e.g. no epilepsy code ever).
 */
export const ScoreEvidence = z.strictObject({
  cluster: z.string().check(z.minLength(1), z.regex(/[A-Za-z0-9]/, 'has no letter or digit')),
  withinMonths: z.optional(z.int().check(z.gte(1), z.lte(1200))),
  minEvents: z.optional(z.int().check(z.gte(1), z.lte(1000))),
  first: z.optional(z.boolean()),
  absent: z.optional(z.boolean()),
});
/** A piece of evidence as you pass it (see {@link ScoreEvidence}). */
export type ScoreEvidence = z.input<typeof ScoreEvidence>;

/**
 * When a score's condition is present: any of the alternatives (OR), each alternative all of
 * its evidence (AND). `[[{ cluster: 'asthma', minEvents: 1 }, { cluster: 'cms_asthma_rx', withinMonths: 12 }]]`
 * is "an asthma code ever and an asthma prescription in the last 12 months".
 */
export const ScoreRule = z.array(z.array(ScoreEvidence).check(z.minLength(1, 'an alternative needs evidence'))).check(z.minLength(1, 'a rule needs an alternative'));
/** A rule as you pass it (see {@link ScoreRule}). */
export type ScoreRule = z.input<typeof ScoreRule>;

/**
 * One weighted condition score: `weights` by condition, the `source` of the weights (named in
 * the features' provenance, `FeatureSet.conditionScores`), and optional `rules` saying when a
 * condition is present. A condition without a rule is the cluster of the same name, present
 * when on its register at the as-of date.
 */
export const ConditionScore = z.strictObject({
  weights: z.record(z.string().check(z.minLength(1)), z.number().check(z.refine(Number.isFinite, 'must be a finite number'))),
  source: z.string().check(z.minLength(1)),
  rules: z.optional(z.record(z.string().check(z.minLength(1)), ScoreRule)),
});
/** A condition score as you pass it (see {@link ConditionScore}). */
export type ConditionScore = z.input<typeof ConditionScore>;

interface Term {
  readonly slot: number;
  readonly months: number;
  readonly minEvents: number;
  readonly first: boolean;
  readonly absent: boolean;
  /** 0 on the register, 1 counted events, 2 first record in window. */
  readonly kind: 0 | 1 | 2;
}

/**
 * The evidence clusters a score reads (its rules' clusters, and the weight keys without a
 * rule), as cluster keys. Internal.
 */
export function scoreClusters(score: z.output<typeof ConditionScore>): string[] {
  const out = new Set<string>();
  for (const name of Object.keys(score.weights)) {
    const rule = score.rules?.[name];
    if (!rule) out.add(clusterKey(name));
    else for (const alt of rule) for (const e of alt) out.add(clusterKey(e.cluster));
  }
  return [...out];
}

/**
 * Computes each score for the people in `rows` at `asOf`: per person, one pass over their
 * register rows up to `asOf` collects, per evidence cluster, whether it is active, its earliest
 * record and its distinct record days (in date order, so a day repeated is counted once); then
 * each condition's rule is read off. O(rows' register rows + people x terms). Internal.
 */
export function scoreColumns(population: Population, rows: Uint32Array, asOf: number, scores: readonly (readonly [string, z.output<typeof ConditionScore>])[]): Float64Array[] {
  const n = rows.length;
  const out = scores.map(() => new Float64Array(n));
  if (scores.length === 0) return out;
  const cond = population.conditions;
  // evidence slots: one per distinct cluster key read by any score
  const slotOf = new Map<string, number>();
  const slot = (cluster: string): number => {
    const k = clusterKey(cluster);
    let s = slotOf.get(k);
    if (s === undefined) slotOf.set(k, (s = slotOf.size));
    return s;
  };
  // per score, per weighted condition: weight and alternatives of terms
  const compiled = scores.map(([, s]) => Object.entries(s.weights).map(([name, weight]) => {
    const rule: ScoreRule = s.rules?.[name] ?? [[{ cluster: name }]];
    const alts = rule.map((alt) => alt.map((e): Term => {
      const counted = e.minEvents !== undefined || (e.withinMonths !== undefined && !e.first);
      const kind = e.first && e.withinMonths !== undefined ? 2 : counted ? 1 : 0;
      return { slot: slot(e.cluster), months: e.withinMonths ?? 0, minEvents: e.minEvents ?? 1, first: !!e.first, absent: !!e.absent, kind };
    }));
    return { weight, alts };
  }));
  const S = slotOf.size;
  const slotOfCode = Int32Array.from(cond.codes, (c) => slotOf.get(clusterKey(c)) ?? -1);
  // window starts needed, deduplicated; per slot and window, distinct days in the window
  const windows = [...new Set(compiled.flatMap((c) => c.flatMap((x) => x.alts.flatMap((a) => a.map((t) => t.months)))))];
  const windowStart = windows.map((m) => (m === 0 ? Number.NEGATIVE_INFINITY : addMonths(asOf, -m)));
  const windowIndex = new Map(windows.map((m, j) => [m, j]));
  const W = windows.length;
  const active = new Uint8Array(S);
  const earliest = new Int32Array(S);
  const lastDay = new Int32Array(S);
  const days = new Uint32Array(S * W);
  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    active.fill(0);
    earliest.fill(NO_DATE);
    lastDay.fill(NO_DATE);
    days.fill(0);
    for (let k = cond.offsets[i]!, end = cond.offsets[i + 1]!; k < end; k++) {
      const day = cond.date[k]!;
      if (day > asOf) break;
      const s = slotOfCode[cond.code[k]!]!;
      if (s < 0) continue;
      if (cond.resolvedDate[k]! > asOf) active[s] = 1;
      if (earliest[s] === NO_DATE) earliest[s] = day;
      if (lastDay[s] === day) continue; // rows are in date order: one day counts once
      lastDay[s] = day;
      for (let w = 0; w < W; w++) if (day > windowStart[w]!) days[s * W + w]!++;
    }
    for (let q = 0; q < compiled.length; q++) {
      let total = 0;
      for (const { weight, alts } of compiled[q]!) {
        let present = false;
        for (const alt of alts) {
          let all = true;
          for (const t of alt) {
            const w = windowIndex.get(t.months)!;
            const holds = t.kind === 0 ? active[t.slot] === 1
              : t.kind === 1 ? days[t.slot * W + w]! >= t.minEvents
                : earliest[t.slot] !== NO_DATE && earliest[t.slot]! > windowStart[w]!;
            if (holds === t.absent) {
              all = false;
              break;
            }
          }
          if (all) {
            present = true;
            break;
          }
        }
        if (present) total += weight;
      }
      out[q]![r] = total;
    }
  }
  return out;
}
