import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { evaluateScores } from '../../src/evaluate/evaluate-scores.js';
import { calibration } from '../../src/evaluate/calibration.js';
import { loadNmes, readFixture } from './nmes.js';
import { figureProblems, type FigurePath } from '../helpers/figure-problems.js';
import { warningFor } from '../../src/core/warning-for.js';

// A hand-worked example. Ten people, listed here by score (the test passes them scrambled):
//
//   person  score  event  admissions  bed days
//   r0      0.9    1      2           10
//   r1      0.8    1      1           4
//   r2      0.7    0      0           0
//   r3      0.6    1      1           3
//   r4      0.5    0      0           0     } tied at 0.5
//   r5      0.5    1      1           2     }
//   r6      0.3    0      0           0
//   r7      0.2    0      0           0
//   r8      0.1    1      1           5     } tied at 0.1
//   r9      0.1    0      0           0     }
//
// n = 10, events = 5, prevalence 0.5; 6 admissions and 24 bed days in all.
const people = [
  { id: 'r0', score: 0.9, event: 1, adm: 2, bed: 10 },
  { id: 'r1', score: 0.8, event: 1, adm: 1, bed: 4 },
  { id: 'r2', score: 0.7, event: 0, adm: 0, bed: 0 },
  { id: 'r3', score: 0.6, event: 1, adm: 1, bed: 3 },
  { id: 'r4', score: 0.5, event: 0, adm: 0, bed: 0 },
  { id: 'r5', score: 0.5, event: 1, adm: 1, bed: 2 },
  { id: 'r6', score: 0.3, event: 0, adm: 0, bed: 0 },
  { id: 'r7', score: 0.2, event: 0, adm: 0, bed: 0 },
  { id: 'r8', score: 0.1, event: 1, adm: 1, bed: 5 },
  { id: 'r9', score: 0.1, event: 0, adm: 0, bed: 0 },
];
const scrambled = [5, 9, 0, 7, 2, 4, 8, 1, 6, 3].map((i) => people[i]!);
const scores = Object.freeze(scrambled.map((p) => p.score));
const outcome = Object.freeze(scrambled.map((p) => p.event));
const admissions = Object.freeze(scrambled.map((p) => p.adm));
const bedDays = Object.freeze(scrambled.map((p) => p.bed));

describe('evaluateScores on a hand-worked example', () => {
  const e = evaluateScores(scores, outcome, { topPercents: [10, 20, 50, 60], admissions, bedDays, calibrationBins: 5 });

  it('counts people, events and prevalence', () => {
    expect([e.n, e.events, e.prevalence]).toEqual([10, 5, 0.5]);
  });

  it('PPV, sensitivity, lift, people per event and shares at k = ceil(p/100·n); the tie at the cut-off is shared', () => {
    // Top 10%: k = 1 -> r0. 1 event: PPV 1, sensitivity 1/5, lift 1/0.5 = 2, 1 person per event,
    //   admissions 2/6, bed days 10/24.
    // Top 20%: k = 2 -> r0, r1: 2 events: PPV 1, sensitivity 0.4, admissions 3/6, bed days 14/24.
    // Top 50%: k = 5: r0..r3 (3 events) are above the cut-off 0.5; r4 and r5 tie at 0.5 and
    //   share the one place left: 1 event x 1/2. Events 3.5, PPV 0.7, sensitivity 0.7, lift 1.4,
    //   people per event 5/3.5; admissions (4 + 1/2)/6 = 0.75, bed days (17 + 2/2)/24 = 0.75.
    // Top 60%: k = 6 takes the whole tie: events 4, PPV 2/3, sensitivity 0.8, lift 4/3,
    //   1.5 people per event, admissions 5/6, bed days 19/24.
    const want = [
      [10, 1, 0.9, 1, 1, 0.2, 2, 1, 2 / 6, 10 / 24],
      [20, 2, 0.8, 2, 1, 0.4, 2, 1, 3 / 6, 14 / 24],
      [50, 5, 0.5, 3.5, 0.7, 0.7, 1.4, 5 / 3.5, 0.75, 0.75],
      [60, 6, 0.5, 4, 4 / 6, 0.8, 4 / 3, 1.5, 5 / 6, 19 / 24],
    ];
    e.atTop.forEach((t, i) => {
      const got = [t.percent, t.people, t.threshold, t.events, t.ppv, t.sensitivity!, t.lift!, t.numberNeeded!, t.admissionsShare!, t.bedDaysShare!];
      got.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 12));
    });
  });

  it('AUROC counts ties one half; AUPRC is step-wise average precision', () => {
    // Cases 0.9 0.8 0.6 0.5 0.1 vs controls 0.7 0.5 0.3 0.2 0.1: controls below (+ ½ tied) are
    // 5, 5, 4, 3 + ½, 0 + ½ = 18 of 25 pairs.
    expect(e.auroc).toBeCloseTo(18 / 25, 14);
    // Thresholds from the top (precision at each new recall): 0.9 (1/1 at recall .2), 0.8 (2/2, .4),
    // 0.6 (3/4, .6), 0.5 (4/6, .8), 0.1 (5/10, 1): AP = .2(1 + 1 + 3/4 + 2/3 + 1/2) = 47/60.
    expect(e.auprc).toBeCloseTo(47 / 60, 14);
  });

  it('Brier score is the mean squared error of the scores as probabilities', () => {
    // (.1² + .2² + .7² + .4² + .5² + .5² + .3² + .2² + .9² + .1²)/10 = 2.15/10.
    expect(e.brier).toBeCloseTo(0.215, 14);
  });

  it('calibration bins are equal-count groups of predicted risk, tied predictions kept in one bin', () => {
    // Ascending: .1 .1 | .2 .3 | .5 .5 | .6 .7 | .8 .9 (5 bins of 2; position j -> bin floor(j/2)).
    const want = [[0.1, 0.1, 2, 0.1, 0.5], [0.2, 0.3, 2, 0.25, 0], [0.5, 0.5, 2, 0.5, 0.5], [0.6, 0.7, 2, 0.65, 0.5], [0.8, 0.9, 2, 0.85, 1]];
    expect(e.calibration!.bins).toHaveLength(5);
    e.calibration!.bins.forEach((b, i) => {
      [b.lower, b.upper, b.n, b.expected, b.observed].forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 14));
    });
    // Four bins: position j -> floor(4j/10) gives 0 0 0 1 1 2 2 2 3 3, but the tie at 0.5
    // (positions 4 and 5) stays in bin 1 with its first member: bins of 3, 3, 2, 2.
    const c = calibration(scores, outcome, { bins: 4 });
    expect(c.bins.map((b) => [b.n, b.events])).toEqual([[3, 1], [3, 1], [2, 1], [2, 2]]);
    expect(c.bins[1]!.expected).toBeCloseTo(1.3 / 3, 14);
    expect(c.bins[1]!.lower).toBe(0.3);
  });

  it('the concentration curve runs from 0 to 1 and passes through the top-50% share', () => {
    expect(e.concentration).toHaveLength(101);
    expect(e.concentration[0]).toEqual({ percent: 0, people: 0, eventsShare: 0, admissionsShare: 0, bedDaysShare: 0 });
    expect(e.concentration[50]!.eventsShare).toBeCloseTo(0.7, 14);
    expect(e.concentration[100]).toEqual({ percent: 100, people: 10, eventsShare: 1, admissionsShare: 1, bedDaysShare: 1 });
  });

  it('repeats every metric within subgroup levels (each level its own top p%)', () => {
    const sex = scrambled.map((p) => (['r0', 'r2', 'r3', 'r6', 'r8'].includes(p.id) ? 'F' : 'M'));
    const g = evaluateScores(scores, outcome, { groups: { sex }, topPercents: [50] });
    expect(Object.keys(g.byGroup['sex']!)).toEqual(['F', 'M']);
    // F: r0 .9 (1), r2 .7 (0), r3 .6 (1), r6 .3 (0), r8 .1 (1): cases .9 .6 .1 vs controls .7 .3:
    // 2 + 1 + 0 = 3 of 6 pairs. Top 50%: k = 3 -> r0 r2 r3: 2 events, PPV 2/3.
    const f = g.byGroup['sex']!['F']!;
    expect([f.n, f.events, f.auroc]).toEqual([5, 3, 0.5]);
    expect(f.atTop[0]!.ppv).toBeCloseTo(2 / 3, 14);
    const rows = sex.map((s, i) => (s === 'M' ? i : -1)).filter((i) => i >= 0);
    const m = evaluateScores(rows.map((i) => scores[i]!), rows.map((i) => outcome[i]!), { topPercents: [50] });
    const { concentration: _c, byGroup: _b, warnings: _w, outcomeWindow: _o, ...mMetrics } = m;
    const { atOverallTop: _a, ...gMetrics } = g.byGroup['sex']!['M']!;
    expect(gMetrics).toEqual(mMetrics);
  });

  it('atOverallTop shows what the population-wide cut-off selects from each level, the tie shared as overall', () => {
    const sex = scrambled.map((p) => (['r0', 'r2', 'r3', 'r5', 'r8'].includes(p.id) ? 'F' : 'M'));
    const g = evaluateScores(scores, outcome, { groups: { sex }, topPercents: [20, 50] });
    // Overall top 20% = r0, r1: F has r0 (an event): 1 person, 1 event, PPV 1, 1 of F's 4 events.
    // Overall top 50%: r0..r3 and half of the tie {r4 (M), r5 (F)}. F: r0, r2, r3 + ½ r5 = 3.5
    // people with 1 + 0 + 1 + ½ = 2.5 events; M: r1 + ½ r4 = 1.5 people, 1 event.
    const f = g.byGroup['sex']!['F']!.atOverallTop;
    const m = g.byGroup['sex']!['M']!.atOverallTop;
    expect(f[0]).toEqual({ percent: 20, people: 1, events: 1, ppv: 1, sensitivity: 0.25, selectedShare: 0.2 });
    expect(f[1]).toEqual({ percent: 50, people: 3.5, events: 2.5, ppv: 2.5 / 3.5, sensitivity: 2.5 / 4, selectedShare: 0.7 });
    expect(m[1]).toEqual({ percent: 50, people: 1.5, events: 1, ppv: 1 / 1.5, sensitivity: 1, selectedShare: 0.3 });
    expect(f[1]!.people + m[1]!.people).toBe(5);
  });
});

describe('evaluateScores against independent references (NMES 1988)', () => {
  const nmes = loadNmes();
  const proc = readFixture<{ calibration: { intercept: number; slope: number; brier: number }; auroc: { prob: { auc: number; lower: number; upper: number } } }>('pROC-nmes1988.json');
  const sk = readFixture<{ averagePrecision: Record<'chronic' | 'visits' | 'prob', number>; brier: number }>('sklearn-nmes1988.json');

  it('calibration intercept and slope equal R glm (logistic recalibration) to 1e-9, Brier equals R and scikit-learn', () => {
    const e = evaluateScores(nmes.prob, nmes.y);
    expect(Math.abs(e.calibration!.intercept! - proc.calibration.intercept)).toBeLessThan(1e-9);
    expect(Math.abs(e.calibration!.slope! - proc.calibration.slope)).toBeLessThan(1e-9);
    expect(Math.abs(e.brier! - proc.calibration.brier)).toBeLessThan(1e-12);
    expect(Math.abs(e.brier! - sk.brier)).toBeLessThan(1e-12);
    expect(Math.abs(e.auroc! - proc.auroc.prob.auc)).toBeLessThan(1e-9);
    expect(Math.abs(e.aurocCI![0] - proc.auroc.prob.lower)).toBeLessThan(1e-9);
    expect(Math.abs(e.aurocCI![1] - proc.auroc.prob.upper)).toBeLessThan(1e-9);
    expect(e.calibration!.bins).toHaveLength(10);
    expect(e.calibration!.bins.reduce((s, b) => s + b.n, 0)).toBe(nmes.n);
  });

  it.each(['chronic', 'visits', 'prob'] as const)('AUPRC equals scikit-learn average_precision_score to 1e-12 (score: %s)', (name) => {
    const e = evaluateScores(nmes[name], nmes.y);
    expect(Math.abs(e.auprc! - sk.averagePrecision[name])).toBeLessThan(1e-12);
  });

  it('flags scores that are not probabilities and leaves Brier and calibration out', () => {
    const e = evaluateScores(nmes.visits, nmes.y);
    expect(e.brier).toBeNull();
    expect(e.calibration).toBeNull();
    expect(e.warnings.map((w) => w.code)).toEqual(['not_probabilities']);
    expect(e.warnings[0]!.message).toMatch(/not probabilities/);
  });
});

describe('evaluateScores input checks', () => {
  it('refuses bad input naming function, field and row', () => {
    expect(() => evaluateScores([0.1, 0.2], [0, 1], { topPercents: [0] })).toThrow(/evaluateScores: .*\(options\.topPercents\.0\)/);
    expect(() => evaluateScores([0.1, 0.2], [0, 1], { admissions: [1] })).toThrow(/has 1 values but there are 2 scores \(options\.admissions\)/);
    expect(() => evaluateScores([0.1, 0.2], [0, 1], { bedDays: [1, -2] })).toThrow(/options\.bedDays\.1\); got -2/);
    expect(() => evaluateScores([0.1, 0.2], [0, 1], { groups: { sex: ['F'] } })).toThrow(/options\.groups\.sex/);
    expect(() => evaluateScores([0.1, Number.NaN], [0, 1])).toThrow(/scores\.1/);
  });
  it('reports no events as nulls with a warning rather than failing', () => {
    const e = evaluateScores([0.1, 0.2, 0.3], [0, 0, 0], { topPercents: [50] });
    expect([e.auroc, e.aurocCI, e.auprc, e.atTop[0]!.sensitivity, e.atTop[0]!.lift, e.atTop[0]!.numberNeeded]).toEqual([null, null, null, null, null, null]);
    expect(e.calibration!.intercept).toBeNull();
    expect(e.warnings.map((w) => [w.code, w.path])).toEqual([['no_events', []]]);
    expect(e.warnings[0]!.message).toMatch(/no events \(3 people, none with the outcome\): AUROC and its interval, AUPRC, sensitivity, lift/);
  });
});

describe('evaluateScores invariants', () => {
  const rowsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 80 });
  test.prop([rowsArb, fc.integer()])('does not depend on row order (ties are shared, never broken by position)', (rows, seed) => {
    const perm = rows.map((_, i) => i);
    let x = seed >>> 0;
    for (let i = perm.length - 1; i > 0; i--) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      const j = x % (i + 1);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const build = (order: number[]) => ({
      s: order.map((i) => rows[i]![0] / 10), y: order.map((i) => (rows[i]![1] ? 1 : 0)), a: order.map((i) => rows[i]![2]),
    });
    const p = build(rows.map((_, i) => i));
    const q = build(perm);
    const opts = { topPercents: [1, 5, 20, 50] };
    const e1 = evaluateScores(p.s, p.y, { ...opts, admissions: p.a });
    const e2 = evaluateScores(q.s, q.y, { ...opts, admissions: q.a });
    const round = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, val) => (typeof val === 'number' ? Number(val.toPrecision(12)) : val)));
    expect(round(e2)).toEqual(round(e1));
  });

  test.prop([rowsArb])('top slices are nested: people, events and shares grow with the percentage; PPV <= 1, sensitivity <= 1', (rows) => {
    const e = evaluateScores(rows.map((r) => r[0] / 10), rows.map((r) => (r[1] ? 1 : 0)), { topPercents: [1, 2, 5, 10, 20, 50, 100] });
    for (let i = 1; i < e.atTop.length; i++) {
      expect(e.atTop[i]!.people).toBeGreaterThanOrEqual(e.atTop[i - 1]!.people);
      expect(e.atTop[i]!.events).toBeGreaterThanOrEqual(e.atTop[i - 1]!.events - 1e-12);
    }
    for (const t of e.atTop) {
      expect(t.ppv).toBeLessThanOrEqual(1 + 1e-12);
      if (t.sensitivity !== null) expect(t.sensitivity).toBeLessThanOrEqual(1 + 1e-12);
    }
    if (e.events > 0) expect(e.atTop[e.atTop.length - 1]!.sensitivity).toBeCloseTo(1, 12);
  });
});

describe('evaluateScores on degenerate data: null figures, each named by a typed warning', () => {
  const codes = (e: { warnings: readonly { code: string; path?: readonly (string | number)[] }[] }) => e.warnings.map((w) => [w.code, w.path ?? []]);

  it('everyone has the event: no AUROC or calibration, but PPV, sensitivity and lift stand', () => {
    // Scores .9 .5 .1, all events. Top 50%: k = ceil(1.5) = 2 -> 2 events: PPV 1, sensitivity 2/3,
    // lift 1/1 = 1, 1 person per event. AUPRC: every threshold has precision 1 -> 1.
    const e = evaluateScores([0.9, 0.5, 0.1], [1, 1, 1], { topPercents: [50] });
    expect([e.n, e.events, e.prevalence, e.auroc, e.aurocCI, e.auprc]).toEqual([3, 3, 1, null, null, 1]);
    expect(e.atTop[0]).toMatchObject({ people: 2, events: 2, ppv: 1, sensitivity: 2 / 3, lift: 1, numberNeeded: 1 });
    expect([e.calibration!.intercept, e.calibration!.slope]).toEqual([null, null]);
    expect(codes(e)).toEqual([['no_non_events', []]]);
    expect(warningFor(e.warnings, ['calibration', 'slope'])!.code).toBe('no_non_events');
  });

  it('a single person: k = 1 at every slice; only what one person supports', () => {
    const yes = evaluateScores([0.4], [1], { topPercents: [2, 50] });
    expect(yes.atTop.map((t) => [t.people, t.events, t.ppv, t.sensitivity, t.lift, t.numberNeeded])).toEqual([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]]);
    expect([yes.auroc, yes.aurocCI]).toEqual([null, null]);
    expect(codes(yes)).toEqual([['no_non_events', []]]);
    const no = evaluateScores([0.4], [0], { topPercents: [2] });
    expect(no.atTop.map((t) => [t.people, t.events, t.ppv, t.sensitivity, t.lift, t.numberNeeded])).toEqual([[1, 0, 0, null, null, null]]);
    expect([no.prevalence, no.auroc, no.auprc]).toEqual([0, null, null]);
    expect(codes(no)).toEqual([['no_events', []]]);
    expect(figureProblems(no, no.warnings, (p) => p.at(-1) === 'admissionsShare' || p.at(-1) === 'bedDaysShare')).toEqual([]);
  });

  it('nobody: prevalence and every figure null or empty, never NaN', () => {
    const e = evaluateScores([], [], { topPercents: [2] });
    expect([e.n, e.events, e.prevalence, e.auroc, e.brier, e.calibration, e.atTop]).toEqual([0, 0, null, null, null, null, []]);
    expect(e.concentration[50]).toEqual({ percent: 50, people: 0, eventsShare: null, admissionsShare: null, bedDaysShare: null });
    expect(codes(e)).toEqual([['no_events', []]]);
    expect(figureProblems(e, e.warnings)).toEqual([]);
  });

  it('one event: the AUROC exists, its DeLong interval does not; a separating score has no calibration slope', () => {
    // Case .9 above both controls: AUROC 1; the variance needs 2 events. The predictions separate
    // the event from the non-events, so the slope of logit P(y) on logit(p) runs off to infinity.
    const e = evaluateScores([0.9, 0.5, 0.1], [1, 0, 0], { topPercents: [50] });
    expect([e.auroc, e.aurocCI, e.calibration!.slope]).toEqual([1, null, null]);
    expect(e.calibration!.intercept).not.toBeNull();
    expect(codes(e)).toEqual([['insufficient_data', ['aurocCI']], ['insufficient_data', ['calibration', 'slope']]]);
    expect(e.warnings[1]!.message).toMatch(/separate events from non-events/);
  });

  it('a top slice with no events has no people-per-event; no admissions, no shares of them', () => {
    // Scores .9 .8 .2 .1, the event at .1. Top 25%: k = 1 (.9, no event): 1/0 people per event.
    // Top 100%: k = 4, 1 event: 4 people per event.
    const e = evaluateScores([0.9, 0.8, 0.2, 0.1], [0, 0, 0, 1], { topPercents: [25, 100], admissions: [0, 0, 0, 0] });
    expect(e.atTop.map((t) => t.numberNeeded)).toEqual([null, 4]);
    expect(e.atTop.map((t) => t.admissionsShare)).toEqual([null, null]);
    // (One event: no DeLong interval; it sits below every non-event: no calibration slope.)
    expect(codes(e)).toEqual([['insufficient_data', ['aurocCI']], ['zero_denominator', ['atTop']], ['zero_denominator', []], ['insufficient_data', ['calibration', 'slope']]]);
    expect(e.warnings[1]!.examples).toEqual(['25%']);
    expect(e.warnings[2]!.message).toMatch(/no admissions: the share of admissions captured is null/);
    expect(figureProblems(e, e.warnings, (p) => p.at(-1) === 'bedDaysShare')).toEqual([]);
  });

  it('every prediction the same: no calibration slope (insufficient_data), the intercept stands', () => {
    const e = evaluateScores([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0], { topPercents: [50] });
    expect(e.calibration!.slope).toBeNull();
    expect(e.calibration!.intercept).toBeCloseTo(Math.log(1) - Math.log(0.3 / 0.7), 9);
    expect(codes(e)).toEqual([['insufficient_data', ['calibration', 'slope']]]);
  });

  it('in groups: a level without events, one with a single event, one nobody of which is in the overall top', () => {
    // A: .9 (1), .2 (0); B: .8 (0), .7 (0); C: .1 (0), .05 (1). Overall top 20%: k = 2 -> .9 (A), .8 (B): C has nobody.
    const scores = [0.9, 0.2, 0.8, 0.7, 0.1, 0.05];
    const y = [1, 0, 0, 0, 0, 1];
    const practice = ['A', 'A', 'B', 'B', 'C', 'C'];
    const e = evaluateScores(scores, y, { topPercents: [20], groups: { practice } });
    const b = e.byGroup['practice']!['B']!;
    expect([b.events, b.auroc, b.aurocCI, b.auprc, b.atTop[0]!.sensitivity, b.atOverallTop[0]!.sensitivity]).toEqual([0, null, null, null, null, null]);
    expect(e.byGroup['practice']!['C']!.atOverallTop[0]).toEqual({ percent: 20, people: 0, events: 0, ppv: null, sensitivity: 0, selectedShare: 0 });
    // Overall: 2 events, 4 non-events, overlapping: nothing to say. A and C: one event each (no
    // interval) that their two scores separate (no slope); C's top 20% (k = 1, .1) has no event.
    expect(codes(e)).toEqual([
      ['insufficient_data', ['byGroup', 'practice', 'A', 'aurocCI']],
      ['insufficient_data', ['byGroup', 'practice', 'A', 'calibration', 'slope']],
      ['no_events', ['byGroup', 'practice', 'B']],
      ['insufficient_data', ['byGroup', 'practice', 'C', 'aurocCI']],
      ['zero_denominator', ['byGroup', 'practice', 'C', 'atTop']],
      ['insufficient_data', ['byGroup', 'practice', 'C', 'calibration', 'slope']],
      ['zero_denominator', ['byGroup', 'practice', 'C', 'atOverallTop']],
    ]);
    expect(warningFor(e.warnings, ['byGroup', 'practice', 'B', 'atTop', 0, 'lift'])!.message).toMatch(/^no events in practice B \(2 people/);
    // outcomeWindow is null when no Outcomes were passed to check the window against (not asked for)
    expect(figureProblems(e, e.warnings, (p) => p.at(-1) === 'admissionsShare' || p.at(-1) === 'bedDaysShare' || p[0] === 'outcomeWindow')).toEqual([]);
  });

  const notAsked = (p: FigurePath, admissions: boolean) => (p.at(-1) === 'admissionsShare' && !admissions) || p.at(-1) === 'bedDaysShare' || p[0] === 'outcomeWindow';
  test.prop([
    fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 })), { minLength: 0, maxLength: 40 }),
    fc.boolean(), fc.boolean(), fc.subarray([0.5, 1, 2, 5, 20, 50, 100], { minLength: 1 }),
  ])('no figure is ever NaN, Infinity or undefined; a null always has a warning whose path holds it', (rows, probabilities, withAdmissions, topPercents) => {
    const scores = rows.map((r) => (probabilities ? r[0] / 6 : r[0] * 3 - 4));
    const y = rows.map((r) => r[1]);
    const practice = rows.map((r) => `P${r[2]}`);
    const admissions = rows.map((r) => (r[1] === 1 ? r[3] : 0));
    const e = evaluateScores(scores, y, { topPercents, groups: { practice }, ...(withAdmissions ? { admissions } : {}) });
    expect(figureProblems(e, e.warnings, (p) => notAsked(p, withAdmissions))).toEqual([]);
    // Warnings are earned: a scope says no events only when it has none.
    for (const w of e.warnings) {
      const scope = w.path?.[0] === 'byGroup' ? e.byGroup[w.path[1] as string]![w.path[2] as string]! : e;
      if (w.code === 'no_events') expect(scope.events).toBe(0);
      if (w.code === 'no_non_events') expect(scope.events).toBe(scope.n);
    }
  });
});

describe('safeEvaluateScores', () => {
  it('returns the error as a result instead of throwing', async () => {
    const { safeEvaluateScores } = await import('../../src/evaluate/safe-evaluate-scores.js');
    const r = safeEvaluateScores([0.1, 0.2], [0, 2]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_input');
    const ok = safeEvaluateScores([0.1, 0.2], [0, 1]);
    expect(ok.ok && ok.value.auroc).toBe(1);
  });
});

describe('calibration on degenerate data', () => {
  it('names why the intercept and slope are null, and notes clamped predictions', () => {
    const none = calibration([0.1, 0.2], [0, 0]);
    expect([none.intercept, none.slope, none.warnings.map((w) => w.code)]).toEqual([null, null, ['no_events']]);
    expect(calibration([0.1, 0.2], [1, 1]).warnings.map((w) => w.code)).toEqual(['no_non_events']);
    const clamped = calibration([0, 0.5, 1, 0.5, 0.2], [0, 1, 1, 0, 1]);
    expect(clamped.warnings.map((w) => [w.code, w.count])).toEqual([['clamped_predictions', 2]]);
  });

  test.prop([fc.array(fc.tuple(fc.integer({ min: 1, max: 19 }), fc.boolean()), { minLength: 2, maxLength: 40 })])(
    'with events and non-events the intercept always exists (a safeguarded Newton); a null slope is always explained', (rows) => {
      const p = rows.map((r) => r[0] / 20);
      const y = rows.map((r) => (r[1] ? 1 : 0));
      const events = y.reduce((t: number, v) => t + v, 0);
      fc.pre(events > 0 && events < y.length);
      const c = calibration(p, y);
      expect(Number.isFinite(c.intercept)).toBe(true);
      // At the intercept the expected events equal the observed: sum sigmoid(a + logit p) = events.
      const expected = p.reduce((t, q) => t + 1 / (1 + Math.exp(-(c.intercept! + Math.log(q / (1 - q))))), 0);
      expect(expected).toBeCloseTo(events, 6);
      if (c.slope === null) expect(c.warnings.map((w) => [w.code, w.path])).toEqual([['insufficient_data', ['slope']]]);
      else expect(Number.isFinite(c.slope)).toBe(true);
    });
});

describe('calibration invariants', () => {
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 12 })])(
    'bins hold everyone once, never split a tie, and ascend; each bin holds about n/B people unless ties enlarge it', (rows, bins) => {
      const p = rows.map((r) => r[0] / 20);
      const y = rows.map((r) => (r[1] ? 1 : 0));
      const c = calibration(p, y, { bins });
      expect(c.bins.reduce((t, b) => t + b.n, 0)).toBe(rows.length);
      expect(c.bins.reduce((t, b) => t + b.events, 0)).toBe(y.reduce((t: number, v) => t + v, 0));
      for (let i = 1; i < c.bins.length; i++) expect(c.bins[i]!.lower).toBeGreaterThan(c.bins[i - 1]!.upper);
      expect(c.bins.length).toBeLessThanOrEqual(bins);
    });
});
