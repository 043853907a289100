// The window scenarios of issue 13, on data shaped like a real extract (CSV text loaded with an
// extract date, and the Synthea export), not only on generatePopulation: each used to give a
// number from missing months and is now refused, or carries a named warning.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPopulation } from '../../src/data/load-population.js';
import { fromSyntheaTables } from '../../src/data/from-synthea-tables.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { backtestOutcomes } from '../../src/compare/backtest-outcomes.js';
import { compareVariants } from '../../src/compare/compare-variants.js';
import { evaluateIntervention } from '../../src/compare/evaluate-intervention.js';
import { buildMonthlySeries } from '../../src/compare/build-monthly-series.js';
import { formatDay } from '../../src/core/dates.js';
import { EXTRACT_DATE, windowExtract } from '../fixtures/data/window-extract.js';
import { thrown } from '../helpers/thrown.js';


const { population } = loadPopulation(windowExtract(), { extractDate: '31/03/2024' });
// A score that knows something: prior-year emergency admissions plus age.
const scoreAt = (asOf: string) => {
  const f = buildFeatures(population, { asOf });
  const em = f.column('emergency_admissions')!;
  const age = f.column('age')!;
  return { f, scores: Float64Array.from({ length: f.n }, (_, r) => Math.min(1, 0.05 + 0.2 * em[r]! + age[r]! / 1000)) };
};

describe('the extract window on a loaded CSV extract (extract date 31/03/2024, feed from 17/04/2021)', () => {
  it('evaluate one month before the extract end: the 12-month outcome window is refused, not an AUROC from one month', () => {
    const { f } = scoreAt('2024-02-29');
    const e = thrown(() => buildOutcomes(population, { asOf: '2024-02-29', horizonMonths: 12, rows: f.rows }));
    expect(e.code).toBe('window_past_extract');
    expect(e.message).toContain('buildOutcomes: the outcome window (12 months after asOf), 2024-03-01 to 2025-02-28, runs past the extract date 2024-03-31');
    expect(e.message).toContain('an as-of date on or before 2023-03-31');
    // A year earlier the outcomes are whole, and the evaluation says which window it stands on.
    const ok = scoreAt('2023-03-31');
    const o = buildOutcomes(population, { asOf: '2023-03-31', horizonMonths: 12, rows: ok.f.rows });
    const ev = evaluateScores(ok.scores, o.emergencyAdmission, { outcomeWindow: o });
    expect(ev.outcomeWindow).toEqual({ asOf: '2023-03-31', end: '2024-03-31', extractDate: EXTRACT_DATE });
    expect(ev.auroc).toBeGreaterThan(0.6);
  });
  it("compare one month before the extract end is refused, where it reported a fall 'with no intervention' made of missing months", () => {
    const e = thrown(() => backtestOutcomes(population, { asOf: '2024-02-29' }));
    expect(e.code).toBe('window_past_extract');
    const { f, scores } = scoreAt('2023-03-31');
    const byRow = new Float64Array(population.size).fill(Number.NaN);
    f.rows.forEach((row, r) => { byRow[row] = scores[r]!; });
    const o = backtestOutcomes(population, { asOf: '2023-03-31' });
    const cmp = compareVariants(byRow, population, o, [{ name: 'top 5%', topPercent: 5 }], { asOf: '2023-03-31', bootstrap: 50, suppression: false });
    expect(cmp.variants[0]!.relativeFallNoIntervention.estimate).toBeLessThan(1);
    // Outcomes counted at another date are not mistaken for these.
    expect(thrown(() => compareVariants(byRow, population, o, [{ name: 'top 5%', topPercent: 5 }], { asOf: '2023-02-28', bootstrap: 50 })).message).toMatch(/counted as of 2023-03-31/);
  });
  it('cohort a year after the extract selects nobody: it is refused', () => {
    const scores = new Float64Array(population.size).fill(0.5);
    const e = thrown(() => selectCohort(scores, population, { asOf: '2025-03-31', topPercent: 5 }));
    expect(e.code).toBe('window_past_extract');
    expect(e.message).toMatch(/^selectCohort: the as-of date 2025-03-31 is after the extract date 2024-03-31/);
    expect(thrown(() => buildFeatures(population, { asOf: '2025-03-31' })).code).toBe('window_past_extract');
  });
  it('evaluateIntervention: a start after the data is refused (it gave -100%); a before window from before the feed is a named warning', () => {
    const treated = ['n0001', 'n0002', 'n0003', 'n0004'];
    const run = (start: string, extra: object = {}) => evaluateIntervention({
      population, treated: treated.map((id) => ({ id, start })), predictedRisk: (row) => 0.05 + (row % 50) / 100, caliper: 10, bootstrap: 20, suppression: false, ...extra,
    });
    const after = thrown(() => run('2024-06-01'));
    expect(after.code).toBe('window_past_extract');
    expect(after.message).toMatch(/after window \(12 months from the start 2024-06-01\) of options\.treated\[0\] \(and 3 other treated start\(s\)\), 2024-06-01 to 2025-05-31, starts after the extract date 2024-03-31: there are no data for it/);
    expect(thrown(() => run('2023-09-01')).message).toMatch(/runs past the extract date 2024-03-31.*starts on or before 2023-04-01/);
    const early = run('2022-01-01');
    const w = early.warnings.filter((x) => x.code === 'window_before_data');
    expect(w).toHaveLength(1);
    expect(w[0]!.count).toBe(4);
    expect(w[0]!.message).toMatch(/before window \(12 months to the start 2022-01-01\).*2021-01-01 to 2021-12-31, starts before activity is complete \(from 2021-05-01\)/);
    expect(thrown(() => run('2022-01-01', { beforeData: 'error' })).code).toBe('window_before_data');
    const inside = run('2022-06-01');
    expect(inside.warnings.filter((x) => x.code.startsWith('window_'))).toEqual([]);
    expect(inside.window).toMatchObject({ first: population.window.activityFrom + 31, dataWindow: population.window });
    expect(formatDay(inside.window.last)).toBe('2023-05-31');
  });
  it('monitoring to a month the extract does not finish is refused; from before the feed a warning', () => {
    expect(thrown(() => buildMonthlySeries(population, { from: '2023-04-01', to: '2024-04-30' })).message).toMatch(/its last whole month ends on 2024-03-31/);
    const rows = buildMonthlySeries(population, { from: '2021-04-01', to: '2024-03-31' });
    expect(rows.warnings.map((w) => w.code)).toEqual(['window_before_data']);
    expect(JSON.parse(JSON.stringify(rows))).toHaveLength(rows.length); // the extra properties do not serialise
  });
});

describe('the extract window on the Synthea export (exported 2023-10-16)', () => {
  const dir = fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url));
  const text = (f: string) => readFileSync(`${dir}${f}`, 'utf8');
  const r = fromSyntheaTables({ patients: text('patients.csv'), encounters: text('encounters.csv'), conditions: text('conditions.csv') }, { referenceDate: '2023-10-16', practice: 'single' });
  it('the window ends on the export date and activity is complete from a derived date before it', () => {
    expect(r.summary.window.extractDate).toBe('2023-10-16');
    expect(r.summary.window.activityFromSource).toBe('derived');
    expect(r.summary.window.activityFrom < '2022-10-16').toBe(true);
  });
  it('outcomes a year after 2023-06-01 are refused; a year after 2022-10-16 are whole', () => {
    expect(thrown(() => buildOutcomes(r.population, { asOf: '2023-06-01' })).code).toBe('window_past_extract');
    expect(buildOutcomes(r.population, { asOf: '2022-10-16' }).window[1]).toBe(r.population.window.extractDate);
  });
});
