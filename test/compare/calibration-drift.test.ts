import { describe, expect, it } from 'vitest';
import { calibrationDrift } from '../../src/compare/calibration-drift.js';
import { monitor } from '../../src/compare/monitor.js';
import { createPopulation, SETTING } from '../../src/core/population.js';
import { toDay } from '../../src/core/dates.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { selectModelFeatures } from '../../src/model/select-model-features.js';
import { recalibrate } from '../../src/model/recalibrate.js';
import { observedExpected } from '../../src/evaluate/observed-expected.js';
import { thrown } from '../helpers/thrown.js';
import { rebuildWithActivity } from '../evaluate/rebuild-population.js';

// Three people, scored at the start of January and of February 2024 with 12-month risks
// 0.12, 0.3 and 0.5. Monthly risk 1 − (1 − p)^(1/12): 0.0105962410, 0.0292855304, 0.0561256873;
// expected 0.0960074587 a month.
// January: person 1 (P1) has an emergency admission on the 15th; person 2 (P2) an elective one
//   (not counted). O = 1, O/E = 10.4158574055; Byar 1·(1 − 1/9 − 1.959964/3)³ / E = 0.1361574723,
//   2·(1 − 1/18 + 1.959964/(3√2))³ / E = 57.9512847861. P1 alone: E = 0.0398817714, O/E = 25.0741119211.
// February: person 2's emergency admission on the 1st counts; person 0 died on the 10th and an
//   emergency admission dated the 20th (after death, an error in the data) is not counted. O = 1.
function tinyPopulation() {
  const d = (s: string) => toDay(s)!;
  return createPopulation({
    ids: ['a', 'b', 'c'], practices: ['P1', 'P2'], practice: [0, 0, 1], birthDate: [d('1940-01-01'), d('1950-01-01'), d('1945-01-01')],
    deathDate: [d('2024-02-10'), 2147483647, 2147483647],
    activity: {
      patient: [1, 2, 2, 0], date: [d('2024-01-15'), d('2024-01-20'), d('2024-02-01'), d('2024-02-20')],
      setting: [SETTING.inpatient, SETTING.inpatient, SETTING.inpatient, SETTING.inpatient], emergency: [1, 0, 1, 1],
    },
    window: { extractDate: d('2024-03-31'), activityFrom: d('2022-01-01') },
  });
}
const scores = Object.freeze([0.12, 0.3, 0.5]);

describe('calibrationDrift', () => {
  it('calibrationDrift gives the hand-worked monthly O/E with Byar interval, overall and per practice', () => {
    const pop = tinyPopulation();
    const d = calibrationDrift(pop, [{ month: '2024-02-01', scores, rows: [0, 1, 2] }, { month: '2024-01-01', scores, rows: [0, 1, 2] }]);
    expect(d.overall.map((p) => p.month)).toEqual(['2024-01', '2024-02']);
    const jan = d.overall[0]!;
    expect(jan.observed).toBe(1);
    expect(jan.expected).toBeCloseTo(0.09600745873040306, 14);
    expect(jan.value).toBeCloseTo(10.41585740549683, 10);
    expect(jan.lower).toBeCloseTo(0.13615747228777264, 10);
    expect(jan.upper).toBeCloseTo(57.95128478609927, 9);
    expect([jan.numerator, jan.denominator]).toEqual([jan.observed, jan.expected]);
    expect(jan.monthStart).toBe(toDay('2024-01-01'));
    expect(d.overall[1]!.observed).toBe(1);
    expect(d.byPractice['P1']![0]!.value).toBeCloseTo(25.074111921134193, 10);
    expect(d.byPractice['P1']![1]!.observed).toBe(0);
    expect(d.byPractice['P2']![1]!.observed).toBe(1);
    // the points are a monitor series as they are
    expect(monitor(d.overall).points.map((p) => p.value)).toEqual(d.overall.map((p) => p.value));
    expect(d.spc!.overall.points).toHaveLength(2);
  });

  it('calibrationDrift refuses a month past the extract date and scores that are not probabilities', () => {
    const pop = tinyPopulation();
    expect(thrown(() => calibrationDrift(pop, [{ month: '2024-04-01', scores, rows: [0, 1, 2] }])).code).toBe('window_past_extract');
    expect(thrown(() => calibrationDrift(pop, [{ month: '2024-01-01', scores: [0.1, 2, 0.3], rows: [0, 1, 2] }])).code).toBe('invalid_input');
    expect(thrown(() => calibrationDrift(pop, [{ month: '2024-01-01', scores, rows: [0, 1] }])).code).toBe('length_mismatch');
  });

  // Done-when (issue 14): a 20% fall in emergency admissions from a known month shows as
  // special-cause variation on the O/E chart, and recalibrate brings calibration back.
  describe('on a synthetic population whose emergency admissions fall by 20% from April 2023', () => {
    const { population } = generatePopulation({ size: 30_000, seed: 5 });
    const shiftDay = toDay('2023-04-01')!;
    const a = population.activity;
    // One in five emergency admissions from April 2023 removed (thinning a Poisson process by 1/5).
    const shifted = rebuildWithActivity(population, (_, e) => !(a.date[e]! >= shiftDay && a.setting[e] === SETTING.inpatient && a.emergency[e] === 1 && ((e * 2654435761) >>> 0) % 5 === 0));
    const fitFeatures = buildFeatures(shifted, { asOf: '2022-03-31' });
    const model = fitRiskModel(selectModelFeatures(fitFeatures).matrix, buildOutcomes(shifted, { asOf: '2022-03-31', rows: fitFeatures.rows }).emergencyAdmission);
    // XmR (monitor's chart) with the year before the change as the baseline: 2022-04 .. 2023-03.
    const options = { from: '2022-04-01', to: '2024-03-01', monitor: { chart: 'xmr' as const, baselinePoints: 12 } };
    const drift = calibrationDrift(shifted, model, options);
    const steady = calibrationDrift(population, model, { ...options, perPractice: false });

    it("shows the fall at the month it happens: rule 'outside' (a point below the lower limit) fires at April 2023, point 12", () => {
      const spc = drift.spc!.overall;
      expect(drift.overall[12]!.month).toBe('2023-04');
      const before = spc.signals.filter((s) => s.rule !== 'shift' && s.indices.some((i) => i < 12));
      expect(before).toEqual([]);
      const first = spc.signals.filter((s) => s.rule === 'outside').map((s) => s.indices[0]!).sort((x, y) => x - y)[0];
      expect(first).toBe(12);
      expect(spc.points[12]!.signals.map((s) => [s.rule, s.side])).toContainEqual(['outside', 'low']);
      // the shift rule (7 points below the centre) also fires, by the 7th month after the change at the latest
      const shift = spc.signals.find((s) => s.rule === 'shift')!;
      expect(shift.side).toBe('low');
      expect(Math.max(...shift.indices)).toBeGreaterThanOrEqual(18);
      expect(spc.variation).toBe('special_cause_neither');
      // per practice too: each practice has its own series and chart
      expect(Object.keys(drift.spc!.byPractice)).toEqual(shifted.practices);
    });

    it('shows no special cause on the same population without the change', () => {
      expect(steady.spc!.overall.signals).toEqual([]);
      expect(steady.byPractice).toEqual({});
    });

    it('recalibrate on the latest complete year brings calibration-in-the-large back within its interval (held-out half)', () => {
      const asOf = '2023-03-31';
      const features = buildFeatures(shifted, { asOf });
      const outcomes = buildOutcomes(shifted, { asOf, rows: features.rows });
      const half = (parity: number) => Array.from({ length: features.n }, (_, i) => i).filter((i) => i % 2 === parity);
      const fitRows = half(0);
      const checkRows = half(1);
      const sub = (rows: number[]) => ({ ...features, n: rows.length, rows: Uint32Array.from(rows, (i) => features.rows[i]!), rowIds: rows.map((i) => features.rowIds[i]!), columns: features.columns.map((c) => Float64Array.from(rows, (i) => c[i]!)), column(name: string) { const j = features.names.indexOf(name); return j < 0 ? undefined : this.columns[j]; } });
      const fitSet = sub(fitRows);
      const checkSet = sub(checkRows);
      const oe = (m: typeof model) => {
        const p = m.score(checkSet, { ignoreExtra: true });
        let e = 0;
        let o = 0;
        checkRows.forEach((i, k) => { e += p[k]!; o += outcomes.emergencyAdmission[i]!; });
        return observedExpected(o, e);
      };
      const before = oe(model);
      expect(before.ci![1]).toBeLessThan(1);
      const r = recalibrate(model, fitSet, outcomes, { method: 'intercept' });
      const after = oe(r.model);
      expect(after.ci![0]).toBeLessThan(1);
      expect(after.ci![1]).toBeGreaterThan(1);
      expect(r.intercept).toBeLessThan(0);
      expect(r.model.provenance.version).toBe(2);
      expect(r.warnings[0]!.code).toBe('case_managed_in_training');
    });
  });
});
