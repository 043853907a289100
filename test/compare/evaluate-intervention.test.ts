import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { createRng } from '../../src/core/rng.js';
import { isEligible } from '../../src/core/population.js';
import { evaluateIntervention } from '../../src/compare/evaluate-intervention.js';
import { compareArms } from '../../src/compare/compare-arms.js';
import { standardisedMeanDifference } from '../../src/compare/standardised-mean-difference.js';
import { createPopulation } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { simulateProgramme } from './helpers/simulate-programme.js';

const D = (s: string): number => parseDate(s)!;
const logit = (p: number): number => Math.log(p / (1 - p));
const variance = (xs: number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

// Hand-made 2x2 example. Start 2024-01-01; before = 2023, after = 2024.
//   T1 (P1): 3 emergency admissions in 2023, 1 in 2024 (plus one in 2022 and one elective: not counted)
//   T2 (P2): 2 before, 1 after.     C1 (P3): 3 before, 2 after.     C2 (P3): 2 before, 1 after.
//   C3 (P3): risk 0.9, far outside the caliper.   C4 (P3): registered from June 2024, never eligible.
//   T3 (P4): risk 0.99, no control within the caliper -> unmatched.
// Risks: T1 0.30, T2 0.20, T3 0.99, C1 0.31, C2 0.21, C3 0.9, C4 0.30.
// Matches: T1-C1, T2-C2. Per set d = (T after - before) - (C after - before):
//   T1: (1-3) - (2-3) = -1;  T2: (1-2) - (1-2) = 0;  DiD = -0.5.
//   naive = ((1-3) + (1-2)) / 2 = -1.5; control change = ((2-3) + (1-2)) / 2 = -1 (regression to the mean)
//   relative = DiD / (treated before + control change) = -0.5 / (2.5 - 1) = -1/3.
// Each admission is 2 bed days, I50 (an ACSC), so bed days double and avoidable = emergency.
function handPopulation() {
  const ids = ['T1', 'T2', 'T3', 'C1', 'C2', 'C3', 'C4'];
  const ev: Array<[number, string, number]> = [
    [0, '2023-02-01', 1], [0, '2023-05-01', 1], [0, '2023-11-30', 1], [0, '2024-06-01', 1], [0, '2022-06-01', 1], [0, '2024-07-01', 0],
    [1, '2023-03-01', 1], [1, '2023-04-01', 1], [1, '2024-12-31', 1],
    [2, '2023-03-01', 1],
    [3, '2023-01-01', 1], [3, '2023-06-01', 1], [3, '2023-12-31', 1], [3, '2024-01-01', 1], [3, '2024-03-01', 1],
    [4, '2023-07-01', 1], [4, '2023-08-01', 1], [4, '2025-01-01', 1], [4, '2024-02-01', 1],
  ];
  return createPopulation({
    ids, practices: ['P1', 'P2', 'P3', 'P4'], practice: [0, 1, 3, 2, 2, 2, 2],
    birthDate: ids.map(() => D('1950-01-01')),
    registeredFrom: [0, 0, 0, 0, 0, 0, D('2024-06-01')],
    window: { extractDate: D('2025-01-01'), activityFrom: D('2022-01-01') }, // the extract: 2022 to 1 January 2025
    activity: {
      patient: ev.map((e) => e[0]), date: ev.map((e) => D(e[1])), setting: ev.map(() => 0), emergency: ev.map((e) => e[2]),
      bedDays: ev.map(() => 2), diagnosis: ev.map(() => 0), diagnoses: ['I50'],
    },
  });
}
const HAND_RISK = [0.3, 0.2, 0.99, 0.31, 0.21, 0.9, 0.3];

describe('evaluateIntervention: hand-worked example', () => {
  const population = handPopulation();
  const treated = Object.freeze([{ id: 'T1', start: '2024-01-01' }, { id: 'T2', start: '2024-01-01' }, { id: 'T3', start: '2024-01-01' }]);
  const run = (extra: object = {}) => evaluateIntervention({ population, treated: [...treated], predictedRisk: (row) => HAND_RISK[row]!, bootstrap: 50, seed: 3, ...extra });

  it('matches T1-C1 and T2-C2, lists T3 as unmatched, and never uses an ineligible or treated person', () => {
    const r = run();
    expect(r.matched.map((m) => [m.treatedId, m.controlIds])).toEqual([['T1', ['C1']], ['T2', ['C2']]]);
    expect(r.unmatched).toEqual({ count: 1, ids: ['T3'], reasons: ['no control within the caliper'] });
    // caliper = 0.2 x sqrt((var(treated logits) + var(eligible pool logits)) / 2)
    const sd = Math.sqrt((variance([0.3, 0.2, 0.99].map(logit)) + variance([0.31, 0.21, 0.9].map(logit))) / 2);
    expect(r.caliperLogit).toBeCloseTo(0.2 * sd, 12);
  });
  it('gives DiD -0.5, naive -1.5, control change (regression to the mean) -1 and relative -1/3 on the 2x2 example', () => {
    const e = run().effects;
    expect(e.emergencyAdmissions.treatedBefore).toBe(2.5);
    expect(e.emergencyAdmissions.treatedAfter).toBe(1);
    expect(e.emergencyAdmissions.did.estimate).toBeCloseTo(-0.5, 12);
    expect(e.emergencyAdmissions.naiveBeforeAfter.estimate).toBeCloseTo(-1.5, 12);
    expect(e.emergencyAdmissions.regressionToMean).toBeCloseTo(-1, 12);
    expect(e.emergencyAdmissions.relative.estimate).toBeCloseTo(-1 / 3, 12);
    expect(e.bedDays.did.estimate).toBeCloseTo(-1, 12);
    expect(e.avoidableAdmissions.did.estimate).toBeCloseTo(-0.5, 12);
    expect(e.aeAttendances.did.estimate).toBe(0);
  });
  it('event-time means: month -11 (Feb 2023) has T1 1 and T2 0 admissions -> 0.5; month 5 (Jun 2024) T1 1 -> 0.5', () => {
    const et = run().eventTime.emergencyAdmissions;
    expect(et).toHaveLength(24);
    expect(et[0]!.month).toBe(-12);
    expect(et.find((x) => x.month === -11)!.treated).toBe(0.5);
    expect(et.find((x) => x.month === 5)!.treated).toBe(0.5);
    // sums over event time equal the window means: before 2.5 / 1 treated, 2.5 / 1.5 controls
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(et.filter((x) => x.month < 0).map((x) => x.treated))).toBeCloseTo(2.5, 12);
    expect(sum(et.filter((x) => x.month >= 0).map((x) => x.controls))).toBeCloseTo(1.5, 12);
  });
  it('states MDE = (z0.975 + z0.80) x bootstrap SD of the DiD, and warns about few clusters', () => {
    const r = run();
    const reps = Array.from(r.effects.emergencyAdmissions.bootstrapDid);
    expect(r.effects.emergencyAdmissions.minimumDetectableEffect).toBeCloseTo((1.959963984540054 + 0.8416212335729143) * Math.sqrt(variance(reps)), 10);
    expect(r.power.byOutcome.emergencyAdmissions.absolute).toBe(r.effects.emergencyAdmissions.minimumDetectableEffect);
    expect(r.power.formula).toMatch(/2\.8016/);
    expect(r.clusters).toBe(2);
    expect(r.warnings.find((w) => w.code === 'few_clusters')).toMatchObject({ path: ['effects'], count: 2 });
    expect(r.warnings.map((w) => w.message).join(' ')).toMatch(/only 2 practice cluster/);
  });
  it('a relative effect with nothing to divide by is null with a zero_denominator warning, never NaN: no A&E attendances at all', () => {
    // Nobody in the example attends A&E: treated before 0, control change 0, expected after-value 0.
    const r = run();
    const ae = r.effects.aeAttendances;
    expect([ae.treatedBefore, ae.regressionToMean, ae.did.estimate]).toEqual([0, 0, 0]);
    expect([ae.relative.estimate, ae.relative.ci95, ae.minimumDetectableRelative, r.power.byOutcome.aeAttendances.relative]).toEqual([null, null, null, null]);
    expect(r.warnings.filter((w) => w.code === 'zero_denominator').map((w) => w.path)).toEqual([['effects', 'aeAttendances'], ['power', 'byOutcome', 'aeAttendances', 'relative']]);
    expect(Array.from(ae.bootstrapRelative).every((x) => Number.isNaN(x))).toBe(true); // documented: NaN where a replicate has no relative effect
    // Emergency admissions still have theirs: -0.5 / (2.5 - 1).
    expect(r.effects.emergencyAdmissions.relative.estimate).toBeCloseTo(-1 / 3, 12);
    // compareArms: a relative difference needs both arms' relative effects.
    const d = compareArms(r, run({ seed: 4 }));
    expect([d.aeAttendances.relativeDifference, d.aeAttendances.relativeCi95, d.aeAttendances.warnings.map((w) => w.code)]).toEqual([null, null, ['zero_denominator']]);
    expect(d.aeAttendances.difference).toBe(0);
    expect(d.emergencyAdmissions.warnings).toEqual([]);
    expect(d.emergencyAdmissions.relativeDifference).toBeCloseTo(0, 12);
  });
  it('suppresses small counts in the published table unless suppression is false', () => {
    const r = run();
    expect(r.table[0]!['treated']).toBe('*');
    // an estimate about two people is hidden with them
    expect(r.table[0]!['did']).toBe('*');
    expect(r.table[0]!['treatedBefore']).toBe('*');
    expect(r.effects.emergencyAdmissions.did.estimate).toBeCloseTo(-0.5, 12);
    expect(r.suppression?.suppressedCells).toBeGreaterThan(0);
    const internal = run({ suppression: false });
    expect(internal.table[0]!['treated']).toBe(2);
    expect(internal.table[0]!['did']).toBeCloseTo(-0.5, 12);
    expect(internal.suppression).toBeNull();
  });
  it('with replacement and ratio 2 a control can serve twice and sets take up to two controls in the caliper', () => {
    const r = run({ replacement: true, ratio: 2, caliper: 10 });
    expect(r.matched.find((m) => m.treatedId === 'T1')!.controlIds).toEqual(['C1', 'C2']);
    expect(r.matched.find((m) => m.treatedId === 'T2')!.controlIds).toEqual(['C2', 'C1']);
  });
  it('exact matching on practice leaves everyone unmatched here, and says so', () => {
    expect(() => run({ exact: ['practice'] })).toThrow(/no treated person could be matched/);
  });
  it('refuses an unknown treated id, a bad start date and a risk outside [0, 1], naming the field', () => {
    const bad = (o: object) => {
      try {
        evaluateIntervention({ population, treated: [...treated], predictedRisk: (row: number) => HAND_RISK[row]!, bootstrap: 20, ...o });
      } catch (e) {
        expect(isRiskStratifyError(e)).toBe(true);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(bad({ treated: [{ id: 'nobody', start: '2024-01-01' }] })).toMatch(/evaluateIntervention: id not in the population \(options\.treated\.0\.id\); got "nobody"/);
    expect(bad({ treated: [{ id: 'T1', start: '31/02/2024' }] })).toMatch(/options\.treated\.0\.start/);
    expect(bad({ predictedRisk: () => 1.5 })).toMatch(/predicted risk must be a probability/);
    expect(bad({ caliper: -1 })).toMatch(/options\.caliper/);
  });
  it('takes the pool as ids or as population rows, with the same matches', () => {
    const byIds = run({ pool: ['C1', 'C2', 'C3', 'C4'] });
    const byRows = run({ pool: [3, 4, 5, 6] });
    expect(byRows.matched.map((m) => m.controlIds)).toEqual(byIds.matched.map((m) => m.controlIds));
    expect(byIds.matched.map((m) => m.controlIds)).toEqual([['C1'], ['C2']]);
    expect(() => run({ pool: [99] })).toThrow(/options\.pool\.0/);
  });
  it('leaves opted-out people out of both groups, counting them without listing them', () => {
    const withOptOut = createPopulation({
      ids: ['T1', 'T2', 'C1', 'C2'], practices: ['P1', 'P2'], practice: [0, 0, 1, 1], birthDate: [0, 0, 0, 0],
      optedOut: [0, 1, 1, 0],
      window: { extractDate: D('2024-12-31'), activityFrom: D('2023-01-01') }, // before and after windows of a 2024 start fit
    });
    const r = evaluateIntervention({
      population: withOptOut, treated: [{ id: 'T1', start: '2024-01-01' }, { id: 'T2', start: '2024-01-01' }],
      predictedRisk: (row: number) => [0.3, 0.3, 0.3, 0.31][row]!, bootstrap: 20, caliper: 10,
    });
    expect(r.optedOutExcluded).toEqual({ treated: 1, pool: 1 });
    expect(r.matched.map((m) => [m.treatedId, m.controlIds])).toEqual([['T1', ['C2']]]);
    expect(r.unmatched.ids).not.toContain('T2');
  });
  it('accepts per-start-month risk arrays aligned with population rows', () => {
    const r = evaluateIntervention({ population, treated: [...treated], predictedRisk: { '2024-01': Float64Array.from(HAND_RISK) }, bootstrap: 20 });
    expect(r.matched).toHaveLength(2);
    expect(() => evaluateIntervention({ population, treated: [...treated], predictedRisk: { '2023-01': Float64Array.from(HAND_RISK) }, bootstrap: 20 })).toThrow(/predictedRisk\.2024-01/);
  });
});

describe('evaluateIntervention: matching on risk plus covariates', () => {
  // T (80 years, risk 0.30); A (40 years, risk 0.30), B (80 years, risk 0.31), C (60 years, risk 0.9).
  // On the risk logit alone A is nearest (distance 0). Adding age: pooled age SD = sqrt((0 + var(40, 80, 60)) / 2)
  // = sqrt(200) = 14.1, so A is (40/14.1)^2 = 8 away, B only (0.047 / 1.2)^2 = 0.0015: B wins.
  const population = createPopulation({
    ids: ['T', 'A', 'B', 'C'], practices: ['P1', 'P2'], practice: [0, 1, 1, 1],
    birthDate: [D('1943-06-01'), D('1983-06-01'), D('1943-06-01'), D('1963-06-01')],
    window: { extractDate: D('2024-12-31'), activityFrom: D('2023-01-01') }, // before and after windows of a 2024 start fit
  });
  const risk = [0.3, 0.3, 0.31, 0.9];
  const base = { population, treated: [{ id: 'T', start: '2024-01-01' }], predictedRisk: (row: number) => risk[row]!, bootstrap: 20 };
  it('takes the nearest risk logit with matchCovariates: [], and the nearest on risk and age with matchCovariates: ["age"]', () => {
    expect(evaluateIntervention({ ...base, matchCovariates: [] }).matched[0]!.controlIds).toEqual(['A']);
    expect(evaluateIntervention({ ...base, matchCovariates: ['age'] }).matched[0]!.controlIds).toEqual(['B']);
  });
  it('exact matching on age band does the same by restriction', () => {
    expect(evaluateIntervention({ ...base, matchCovariates: [], exact: ['ageBand'] }).matched[0]!.controlIds).toEqual(['B']);
  });
});

describe('standardisedMeanDifference', () => {
  it('is (mean_a - mean_b) / sqrt((var_a + var_b)/2) with n - 1 variances (hand-worked)', () => {
    // means 2 and 3, variances 1 and 1 -> -1
    expect(standardisedMeanDifference([1, 2, 3], [2, 3, 4])).toBeCloseTo(-1, 12);
    // binary: a = 0 1 1 1 (mean 0.75, var 0.25), b = 0 0 1 1 (mean 0.5, var 1/3): 0.25 / sqrt(0.5833/2) = 0.46291
    expect(standardisedMeanDifference([0, 1, 1, 1], [0, 0, 1, 1])).toBeCloseTo(0.25 / Math.sqrt((0.25 + 1 / 3) / 2), 12);
    // weights: b with weights 2, 1, 1 equals b = [2, 2, 3, 4] only in the mean; check the mean part sign
    expect(standardisedMeanDifference([5, 5], [5, 5])).toBe(0);
  });
});

describe('evaluateIntervention: known answer on a simulated programme with regression to the mean', () => {
  // 24 practices x 500 people; top 5% case-managed in practices 0-11 (staggered starts
  // Jan/Apr 2024), practices 12-23 are the pool. See helpers/simulate-programme.ts.
  const withEffect = simulateProgramme({ seed: 11, effect: 0.15 });
  const noEffect = simulateProgramme({ seed: 11, effect: 0 });
  const opts = { bootstrap: 300, seed: 5, exact: ['sex' as const] };
  const a = evaluateIntervention({ population: withEffect.population, treated: withEffect.treated, pool: withEffect.pool, predictedRisk: withEffect.predictedRisk, ...opts });
  const b = evaluateIntervention({ population: noEffect.population, treated: noEffect.treated, pool: noEffect.pool, predictedRisk: noEffect.predictedRisk, ...opts });

  it('with a 15% reduction the 95% interval of the relative effect covers -0.15', () => {
    const e = a.effects.emergencyAdmissions;
    expect(a.matched.length).toBeGreaterThan(250);
    expect(e.relative.ci95![0]).toBeLessThan(-0.15);
    expect(e.relative.ci95![1]).toBeGreaterThan(-0.15);
    expect(e.did.estimate).toBeLessThan(0);
  });
  it('with no effect the DiD interval covers 0 while the naive before/after shows a spurious fall', () => {
    const e = b.effects.emergencyAdmissions;
    expect(e.did.ci95[0]).toBeLessThan(0);
    expect(e.did.ci95[1]).toBeGreaterThan(0);
    expect(e.naiveBeforeAfter.ci95[1]).toBeLessThan(0);
    expect(e.naiveBeforeAfter.estimate / e.treatedBefore).toBeLessThan(-0.2);
    expect(e.regressionToMean).toBeLessThan(0);
  });
  it('matching balances the risk logit and prior admissions (|SMD| <= 0.1 after, large before)', () => {
    const row = (name: string) => b.balance.find((x) => x.covariate === name)!;
    expect(Math.abs(row('riskLogit').smdBefore!)).toBeGreaterThan(1);
    expect(Math.abs(row('riskLogit').smdAfter!)).toBeLessThan(0.1);
    expect(Math.abs(row('priorEmergency').smdAfter!)).toBeLessThan(0.1);
  });
  it('compareArms: the effect arm minus the no-effect arm is negative, with an interval from the two bootstraps', () => {
    const d = compareArms(a, b).emergencyAdmissions;
    expect(d.difference).toBeCloseTo(a.effects.emergencyAdmissions.did.estimate - b.effects.emergencyAdmissions.did.estimate, 12);
    expect(d.ci95[0]).toBeLessThan(d.difference);
    expect(d.ci95[1]).toBeGreaterThan(d.difference);
    expect(d.difference).toBeLessThan(0);
  });
  it('is reproducible: same seed, same result', () => {
    const again = evaluateIntervention({ population: noEffect.population, treated: noEffect.treated, pool: noEffect.pool, predictedRisk: noEffect.predictedRisk, ...opts });
    expect(again.effects.emergencyAdmissions.did.ci95).toEqual(b.effects.emergencyAdmissions.did.ci95);
    expect(again.matched.map((m) => m.controlIds)).toEqual(b.matched.map((m) => m.controlIds));
  });
});

describe('evaluateIntervention: matching invariants (property tests)', () => {
  ptest.prop([fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.constantFrom(0.05, 0.2, 1)], { numRuns: 25 })(
    'controls are eligible, never treated, within the caliper, and used once without replacement; inputs are not changed',
    (seed, ratio, replacement, caliperSd) => {
      const rng = createRng(seed);
      const n = 60;
      const population = createPopulation({
        ids: Array.from({ length: n }, (_, i) => `q${i}`), practices: ['A', 'B', 'C', 'D'],
        practice: Array.from({ length: n }, () => rng.int(4)), sex: Array.from({ length: n }, () => 1 + rng.int(2)),
        birthDate: Array.from({ length: n }, () => D('1940-01-01') + rng.int(20000)),
        registeredFrom: Array.from({ length: n }, () => (rng.uniform() < 0.1 ? D('2024-06-01') : 0)),
        window: { extractDate: D('2025-02-28'), activityFrom: D('2023-01-01') }, // starts in January and March 2024 fit
      });
      const risk = Float64Array.from({ length: n }, () => rng.uniform() * 0.9 + 0.01);
      const riskBefore = risk.slice();
      const treated = Object.freeze(
        Array.from({ length: 8 }, (_, k) => Object.freeze({ id: `q${k * 7}`, start: k % 2 ? '2024-01-01' : '2024-03-01' })),
      );
      let r;
      try {
        r = evaluateIntervention({ population, treated: treated as never, predictedRisk: (row) => risk[row]!, ratio, replacement, caliper: caliperSd, bootstrap: 20, seed });
      } catch (e) {
        expect((e as Error).message).toMatch(/no treated person could be matched/);
        return;
      }
      const treatedIds = new Set<string>(treated.map((t) => t.id));
      const seen = new Map<string, number>();
      for (const m of r.matched) {
        expect(m.controlIds.length).toBeGreaterThanOrEqual(1);
        expect(m.controlIds.length).toBeLessThanOrEqual(ratio);
        m.controlIds.forEach((id, j) => {
          expect(treatedIds.has(id)).toBe(false);
          expect(isEligible(population, population.indexOf(id), parseDate(m.start)!)).toBe(true);
          expect(Math.abs(logit(m.controlRisks[j]!) - logit(m.treatedRisk))).toBeLessThanOrEqual(r.caliperLogit + 1e-12);
          seen.set(id, (seen.get(id) ?? 0) + 1);
        });
      }
      if (!replacement) for (const count of seen.values()) expect(count).toBe(1);
      expect(r.matched.length + r.unmatched.count).toBe(treated.length);
      expect(risk).toEqual(riskBefore);
    },
  );
});
