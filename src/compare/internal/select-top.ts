import { ageInYears } from '../../core/dates.js';
import { isEligible, type Population } from '../../core/population.js';

/** A selection rule as {@link compareVariants} describes a variant. */
export interface SelectionRule {
  topPercent?: number | undefined;
  topN?: number | undefined;
  per: 'practice' | 'population';
  adultsOnly: boolean;
  capacity?: number | undefined;
  exclude: ReadonlySet<number>;
}

/**
 * Fallback top-k selection used by compareVariants (the cohort stage's `selectCohort` is the
 * reference implementation; this one follows its documented `exact` policy): eligible people
 * are registered and alive on `asOf`, have a finite score, are adults when asked, have not
 * opted out and are not excluded; per group k = ceil(p/100 x eligible) (or topN), capped by
 * `capacity`; ranked by score descending, ties to the lower population row. O(n log n).
 */
export function selectTop(scores: ArrayLike<number>, population: Population, asOf: number, rule: SelectionRule): Int32Array {
  const c = population.columns;
  const groups = new Map<number, number[]>();
  for (let i = 0; i < population.size; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) continue;
    if (!isEligible(population, i, asOf)) continue;
    if (c.optedOut[i] === 1) continue;
    if (rule.exclude.has(i)) continue;
    if (rule.adultsOnly && ageInYears(c.birthDate[i]!, asOf) < 18) continue;
    const g = rule.per === 'practice' ? c.practice[i]! : 0;
    const list = groups.get(g);
    if (list) list.push(i);
    else groups.set(g, [i]);
  }
  const out: number[] = [];
  for (const list of groups.values()) {
    let k = rule.topN !== undefined ? rule.topN : Math.ceil(((rule.topPercent ?? 0) / 100) * list.length - 1e-9);
    if (rule.capacity !== undefined) k = Math.min(k, rule.capacity);
    k = Math.min(k, list.length);
    list.sort((a, b) => scores[b]! - scores[a]! || a - b);
    for (let j = 0; j < k; j++) out.push(list[j]!);
  }
  return Int32Array.from(out.sort((a, b) => a - b));
}
