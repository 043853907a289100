import type { Population } from '../core/population.js';
import { SEX_LEVELS } from '../core/population.js';
import type { Cohort } from '../cohort/index.js';
import type { FeatureSet } from '../features/index.js';
import { NOT_LONG_TERM } from '../features/index.js';
import { conditionWords, formatReason, frailtyCategory, scoreReasons, type RiskModel, type ScoreReason } from '../model/index.js';

/** Whether a person on this month's list is new, was on last month's, or was on an earlier one. */
export type CaseListStatus = 'new' | 'stayed' | 'returned' | 'no previous run';

/** One person on an MDT case list: who, why, what changed. */
export interface CaseListRow {
  /** Pseudonymised id. */
  readonly id: string;
  readonly practice: string;
  /** Rank within the selection group (practice, or the population). */
  readonly rank: number;
  /** Predicted risk of the outcome in the next year, as a percentage to 1 decimal place. */
  readonly riskPercent: number;
  /** Where the score stands among everyone scored: `very high (top 0.5%)`, `high (top 2%)`, `raised (top 5%)`, `moderate (top 20%)` or `low`. */
  readonly riskBand: string;
  /** `18-44`, `45-64`, `65-74`, `75-84`, `85+` (or `0-17` when children are selected). */
  readonly ageBand: string;
  /** `F`, `M`, `other` or `unknown`. */
  readonly sex: string;
  /** Long-term conditions counted in `ltc_count`. */
  readonly ltcCount: number;
  /** The recorded condition registers, in words, separated by `; `. */
  readonly conditions: string;
  /** eFI category: `fit`, `mild`, `moderate` or `severe` (`unknown` when the features lack `efi`). */
  readonly frailty: string;
  /** Emergency admissions in the lookback. */
  readonly emergencyAdmissions: number;
  /** Emergency bed days in the lookback. */
  readonly bedDays: number;
  /** Whole months since the latest emergency admission in the lookback; `null` when none. */
  readonly monthsSinceEmergency: number | null;
  /** `yes` when living in a care home. */
  readonly careHome: 'yes' | 'no';
  /** The top reasons (largest contribution first), e.g. `'heart failure (odds x2.1)'`; `''` when fewer. */
  readonly reason1: string;
  readonly reason2: string;
  readonly reason3: string;
  /** The reasons with their contributions (see `scoreReasons`). */
  readonly reasons: readonly ScoreReason[];
  readonly status: CaseListStatus;
}

/** Score cut-offs of the risk bands among everyone scored, and the band of a score. */
export function riskBands(scores: ArrayLike<number>): (score: number) => string {
  const sorted = Float64Array.from(scores).filter((x) => !Number.isNaN(x)).sort();
  const n = sorted.length;
  const cut = (p: number): number => (n === 0 ? Number.POSITIVE_INFINITY : sorted[n - Math.max(1, Math.ceil((p / 100) * n))]!);
  const bands: Array<[number, string]> = [[cut(0.5), 'very high (top 0.5%)'], [cut(2), 'high (top 2%)'], [cut(5), 'raised (top 5%)'], [cut(20), 'moderate (top 20%)']];
  return (score) => bands.find(([c]) => score >= c)?.[1] ?? 'low';
}

const ageBand = (age: number): string => (age < 18 ? '0-17' : age < 45 ? '18-44' : age < 65 ? '45-64' : age < 75 ? '65-74' : age < 85 ? '75-84' : '85+');

/**
 * The case list of a cohort: one row per selected person with the columns of
 * {@link CaseListRow}, read from the features the model scored (so the list shows what the
 * model saw), and the reasons from `scoreReasons`. Internal to the refresh.
 */
export function caseListRows(
  population: Population, features: FeatureSet, model: RiskModel, cohort: Cohort, band: (score: number) => string,
  history: { last: ReadonlySet<string>; ever: ReadonlySet<string> }, top: number, hasPrevious: boolean,
): CaseListRow[] {
  const s = cohort.selected;
  const explained = scoreReasons(model, features, { rows: s.scoreIndex, top: Math.max(top, 3) }).people;
  const col = (name: string) => features.column(name);
  const age = col('age');
  const ltc = col('ltc_count');
  const efi = col('efi');
  const em = col('emergency_admissions');
  const beds = col('emergency_bed_days');
  const since = col('months_since_emergency');
  const care = col('care_home');
  const skip = new Set(NOT_LONG_TERM);
  const conditions = features.conditionClusters.map((k) => ({ k, c: col(`ltc_${k}`) })).filter((x) => x.c !== undefined);
  const months = features.lookback.months;
  const rows: CaseListRow[] = [];
  for (let k = 0; k < s.rows.length; k++) {
    const i = s.scoreIndex[k]!;
    const id = s.ids[k]!;
    const r = explained[k]!.reasons.slice(0, top);
    const m = since ? since[i]! : undefined;
    const n = em ? em[i]! : 0;
    rows.push({
      id,
      practice: s.practice[k]!,
      rank: s.rank[k]!,
      riskPercent: Math.round(s.score[k]! * 1000) / 10,
      riskBand: band(s.score[k]!),
      ageBand: age ? ageBand(age[i]!) : 'unknown',
      sex: SEX_LEVELS[population.columns.sex[s.rows[k]!]!] ?? 'unknown',
      ltcCount: ltc ? ltc[i]! : 0,
      conditions: conditions.filter((x) => x.c![i] === 1).map((x) => (skip.has(x.k) ? `${conditionWords(x.k)} (register)` : conditionWords(x.k))).join('; '),
      frailty: efi ? frailtyCategory(efi[i]!) : 'unknown',
      emergencyAdmissions: n,
      bedDays: beds ? beds[i]! : 0,
      monthsSinceEmergency: m === undefined || m > months || n === 0 ? null : m,
      careHome: care && care[i] === 1 ? 'yes' : 'no',
      reason1: r[0] ? formatReason(r[0]) : '',
      reason2: r[1] ? formatReason(r[1]) : '',
      reason3: r[2] ? formatReason(r[2]) : '',
      reasons: r,
      status: !hasPrevious ? 'no previous run' : history.last.has(id) ? 'stayed' : history.ever.has(id) ? 'returned' : 'new',
    });
  }
  return rows;
}
