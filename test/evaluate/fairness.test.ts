import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { evaluateFairness } from '../../src/evaluate/fairness.js';
import { nhsEthnicGroup, NHS_ETHNIC_GROUPS } from '../../src/evaluate/nhs-ethnic-group.js';
import { createPopulation } from '../../src/core/population.js';
import { toDay } from '../../src/core/dates.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { selectModelFeatures } from '../../src/model/select-model-features.js';
import { thrown } from '../helpers/thrown.js';
import { rebuildWithActivity } from './rebuild-population.js';

describe('nhsEthnicGroup', () => {
  it('groups every NHS Data Dictionary ETHNIC CATEGORY code A-Z, 99 and Z as the dictionary does', () => {
    const expected: Record<string, string> = {
      A: 'White', B: 'White', C: 'White',
      D: 'Mixed', E: 'Mixed', F: 'Mixed', G: 'Mixed',
      H: 'Asian or Asian British', J: 'Asian or Asian British', K: 'Asian or Asian British', L: 'Asian or Asian British',
      M: 'Black or Black British', N: 'Black or Black British', P: 'Black or Black British',
      R: 'Other', S: 'Other', Z: 'Not stated or not known', '99': 'Not stated or not known',
    };
    for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
      expect(nhsEthnicGroup(letter), letter).toBe(expected[letter] ?? 'Unrecognised');
      expect(nhsEthnicGroup(` ${letter.toLowerCase()} `), letter).toBe(expected[letter] ?? 'Unrecognised');
    }
    expect(nhsEthnicGroup('99')).toBe('Not stated or not known');
  });

  it('groups the Data Dictionary and census names, and the synthetic population\'s words', () => {
    const cases: [string, string][] = [
      ['White - British', 'White'], ['White - Irish', 'White'], ['Any other White background', 'White'], ['Gypsy or Irish Traveller', 'White'], ['Roma', 'White'],
      ['Mixed - White and Black Caribbean', 'Mixed'], ['White and Black African', 'Mixed'], ['White and Asian', 'Mixed'], ['Any other mixed background', 'Mixed'], ['Mixed or Multiple ethnic groups', 'Mixed'],
      ['Asian or Asian British - Indian', 'Asian or Asian British'], ['Pakistani', 'Asian or Asian British'], ['Bangladeshi', 'Asian or Asian British'], ['Any other Asian background', 'Asian or Asian British'], ['Asian, Asian British or Asian Welsh: Chinese', 'Asian or Asian British'],
      ['Black or Black British - Caribbean', 'Black or Black British'], ['African', 'Black or Black British'], ['Any other Black background', 'Black or Black British'],
      ['Chinese', 'Other'], ['Arab', 'Other'], ['Any other ethnic group', 'Other'],
      ['Not stated', 'Not stated or not known'], ['Not known', 'Not stated or not known'], ['', 'Not stated or not known'], ['Unknown', 'Not stated or not known'], ['Refused', 'Not stated or not known'], ['N/A', 'Not stated or not known'],
      ['White', 'White'], ['Asian', 'Asian or Asian British'], ['Black', 'Black or Black British'], ['Mixed', 'Mixed'], ['Other', 'Other'],
      ['native', 'Unrecognised'], ['XX', 'Unrecognised'],
    ];
    for (const [value, group] of cases) expect(nhsEthnicGroup(value), value).toBe(group);
    expect(NHS_ETHNIC_GROUPS).toHaveLength(6);
  });
});

// A hand-worked population of 12 people in two groups (extraGroups 'grp'), 7 selected.
//
//   row  grp  next-year admissions  selected  score
//   0    a    0                     yes       0.5
//   1    a    0                     no        0.1
//   2    a    0                     no        0.1
//   3    a    0                     no        0.1
//   4    a    1                     yes       0.6
//   5    a    1                     no        0.2
//   6-9  b    0 (4 people)          rows 6, 7 0.3 each
//   10   b    1                     yes       0.4
//   11   b    2                     yes       0.4
//
// Group a against everyone else (b), by need stratum (0 admissions; 1 or more):
//   need 0: a 1 of 4 selected, b 2 of 4;  need 1: a 1 of 2, b 1 of 1;  need 2: a none, b 1 of 1.
// Mantel-Haenszel RR = Σ a·n0/N / Σ b·n1/N = (1·4/8 + 1·1/3) / (2·4/8 + 1·2/3) = 0.8333 / 1.6667 = 0.5
// (statsmodels 0.13.5 StratifiedTable([[[1,3],[2,2]], [[1,1],[1,0]]]).riskratio_pooled = 0.5).
// Greenland-Robins: Σ (n1·n0·(a+b) − a·b·N)/N² = (4·4·3 − 1·2·8)/64 + (2·1·2 − 1·1·3)/9 = 0.5 + 0.1111
//   var(log RR) = 0.6111 / (0.8333 · 1.6667) = 0.44, 95% CI 0.5·exp(∓1.959964·0.66332) = 0.136253 to 1.834819.
// Calibration-in-the-large of a: O = 2 people with an admission, E = 0.5+0.1·3+0.6+0.2 = 1.6, O/E = 1.25;
//   Byar: 2(1 − 1/18 − 1.959964/(3√2))³/1.6 = 0.140391, 3(1 − 1/27 + 1.959964/(3√3))³/1.6 = 4.513043
//   (the exact Poisson interval is 0.15138 to 4.51543).
// PPV of a: 1 of its 2 selected had an admission = 0.5.
function handPopulation() {
  const n = 12;
  const population = createPopulation({
    ids: Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`),
    practices: ['P1'], practice: new Array(n).fill(0), birthDate: new Array(n).fill(toDay('1950-01-01')!),
    optedOut: new Array(n).fill(0),
    window: { extractDate: toDay('2024-03-31')!, activityFrom: toDay('2020-04-01')! },
  });
  const scores = [0.5, 0.1, 0.1, 0.1, 0.6, 0.2, 0.3, 0.3, 0.1, 0.1, 0.4, 0.4];
  const admissions = [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 2];
  const outcomes = {
    rows: Uint32Array.from({ length: n }, (_, i) => i),
    emergencyAdmissions: Uint32Array.from(admissions),
    emergencyAdmission: Uint8Array.from(admissions, (a) => (a > 0 ? 1 : 0)),
    asOf: toDay('2023-03-31')!,
  };
  const grp = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'b'];
  const cohort = { selected: { rows: Uint32Array.from([0, 4, 6, 7, 10, 11]) } };
  return { population, scores, outcomes, grp, cohort };
}

describe('evaluateFairness', () => {
  it('evaluateFairness gives the hand-worked selection share, PPV, O/E with Byar CI and Mantel-Haenszel ratio at equal need', () => {
    const { population, scores, outcomes, grp, cohort } = handPopulation();
    const f = evaluateFairness(population, Object.freeze(scores), outcomes, { cohort, groups: [], extraGroups: { grp }, minGroupSize: 1, suppression: false });
    const a = f.groups['grp']!.find((g) => g.level === 'a')!;
    expect(a.people).toBe(6);
    expect(a.selected).toBe(2);
    expect(a.selectedShare).toBeCloseTo(2 / 6, 12);
    expect(a.ppv).toBe(0.5);
    expect(a.admissions).toBe(2);
    expect(a.admissionsShare).toBeCloseTo(2 / 5, 12);
    expect(a.cohortShare).toBeCloseTo(2 / 6, 12);
    expect(a.observedExpected!.ratio).toBeCloseTo(1.25, 12);
    expect(a.observedExpected!.ci![0]).toBeCloseTo(0.140391, 5);
    expect(a.observedExpected!.ci![1]).toBeCloseTo(4.513043, 5);
    expect(a.equalNeed!.ratio).toBeCloseTo(0.5, 12);
    expect(a.equalNeed!.ci![0]).toBeCloseTo(0.136253, 5);
    expect(a.equalNeed!.ci![1]).toBeCloseTo(1.834819, 5);
    expect(a.equalNeed!.strata.map((s) => [s.need, s.people, s.selected, s.othersPeople, s.othersSelected])).toEqual([
      ['0', 4, 1, 4, 2], ['1', 2, 1, 1, 1], ['2', 0, 0, 1, 1], ['3+', 0, 0, 0, 0],
    ]);
    expect(a.equalNeed!.belowOne).toBe(false);
    expect(a.underSelected).toBe(false);
    expect(f.published).toBeNull();
  });

  it('evaluateFairness joins scores in features order to outcomes in another order by population row', () => {
    const { population, scores, outcomes, grp, cohort } = handPopulation();
    const order = [5, 11, 0, 3, 8, 1, 10, 2, 9, 4, 7, 6];
    const base = evaluateFairness(population, scores, outcomes, { cohort, groups: [], extraGroups: { grp }, minGroupSize: 1, suppression: false });
    const shuffled = evaluateFairness(population, order.map((i) => scores[i]!), outcomes, { rows: order, cohort, groups: [], extraGroups: { grp: order.map((i) => grp[i]!) }, minGroupSize: 1, suppression: false });
    expect(shuffled.groups).toEqual(base.groups);
    const e = thrown(() => evaluateFairness(population, scores.slice(0, 7), outcomes));
    expect(e.code).toBe('length_mismatch');
    expect(e.message).toContain('features.rows');
    expect(thrown(() => evaluateFairness(population, scores, outcomes, { groups: [], extraGroups: { grp: grp.map((g) => (g === 'a' ? 'all' : g)) } })).code).toBe('invalid_input');
  });

  test.prop([fc.shuffledSubarray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], { minLength: 12, maxLength: 12 })])('evaluateFairness does not depend on the order of the scores (rows given)', (order) => {
    const { population, scores, outcomes, grp, cohort } = handPopulation();
    const base = evaluateFairness(population, scores, outcomes, { cohort, groups: [], extraGroups: { grp }, minGroupSize: 1, suppression: false });
    const f = evaluateFairness(population, order.map((i) => scores[i]!), outcomes, { rows: order, cohort, groups: [], extraGroups: { grp: order.map((i) => grp[i]!) }, minGroupSize: 1, suppression: false });
    for (const [k, g] of f.groups['grp']!.entries()) {
      const b = base.groups['grp']![k]!;
      expect([g.people, g.selected, g.events, g.admissions, g.auroc, g.equalNeed]).toEqual([b.people, b.selected, b.events, b.admissions, b.auroc, b.equalNeed]);
      expect(g.observedExpected!.ratio!).toBeCloseTo(b.observedExpected!.ratio!, 12);
    }
  });

  it('evaluateFairness gives no figures for a group below minGroupSize, with a group_too_small warning, and publishes counts only through suppression', () => {
    const { population, scores, outcomes, grp, cohort } = handPopulation();
    const f = evaluateFairness(population, scores, outcomes, { cohort, groups: [], extraGroups: { grp }, minGroupSize: 7 });
    const a = f.groups['grp']!.find((g) => g.level === 'a')!;
    expect(a.tooSmall).toBe(true);
    for (const k of ['selectedShare', 'ppv', 'auroc', 'aurocCI', 'observedExpected', 'equalNeed', 'admissionsShare'] as const) expect(a[k], k).toBeNull();
    const w = f.warnings.find((x) => x.code === 'group_too_small')!;
    expect(w.path).toEqual(['groups', 'grp']);
    expect(w.examples).toEqual(['a', 'b']);
    // 6 people per group and 12 in all: every count is 1-7 or rounds, so no exact count is published.
    for (const r of f.published!.rows) {
      expect(r['people'] === '*' || r['people'] === 10).toBe(true);
      for (const k of ['selected', 'events', 'admissions']) expect([0, '*', 5, 10]).toContain(r[k]);
      if (r['level'] !== 'all') for (const k of ['auroc', 'observedExpected', 'equalNeedRatio']) expect([null, '*']).toContain(r[k]);
    }
    expect(f.published!.note!.suppressedCells).toBeGreaterThan(0);
  });

  it('evaluateFairness leaves out opted-out people and counts them', () => {
    const { population, scores, outcomes, grp, cohort } = handPopulation();
    const parts = { ids: population.ids, practices: population.practices, practice: population.columns.practice, birthDate: population.columns.birthDate, optedOut: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], window: population.window };
    const f = evaluateFairness(createPopulation(parts), scores, outcomes, { cohort, groups: [], extraGroups: { grp }, minGroupSize: 1, suppression: false });
    expect(f.people).toBe(11);
    expect(f.warnings.find((w) => w.code === 'insufficient_data' && w.path?.[0] === 'people')?.count).toBe(1);
  });

  // Done-when (issue 14): a population in which one ethnic group has the same need but fewer
  // recorded contacts is flagged; the same population without that bias is not.
  describe('on a synthetic population where one ethnic group has fewer recorded contacts', () => {
    const { population } = generatePopulation({ size: 30_000, seed: 3 });
    const black = population.ethnicities.indexOf('Black');
    const fitAsOf = '2022-03-31';
    const asOf = '2023-03-31';
    const asOfDay = toDay(asOf)!;
    function run(thin: boolean) {
      // Before the as-of date, two in three of the group's recorded contacts (admissions, A&E,
      // outpatient, GP) are dropped; what happens after it (its need) is untouched.
      const pop = thin
        ? rebuildWithActivity(population, (i, e) => population.columns.ethnicity[i] !== black || population.activity.date[e]! > asOfDay || ((e * 2654435761) >>> 0) % 3 === 0)
        : population;
      const fitFeatures = buildFeatures(pop, { asOf: fitAsOf });
      const fitOutcomes = buildOutcomes(pop, { asOf: fitAsOf, rows: fitFeatures.rows });
      const model = fitRiskModel(selectModelFeatures(fitFeatures).matrix, fitOutcomes.emergencyAdmission);
      const features = buildFeatures(pop, { asOf });
      const outcomes = buildOutcomes(pop, { asOf, rows: features.rows });
      return evaluateFairness(pop, model.score(features, { ignoreExtra: true }), outcomes, { rows: features.rows, topPercent: 5 });
    }
    const biased = run(true);
    const fair = run(false);

    it('flags the group whose contacts were thinned: selected less at equal need and under-predicted', () => {
      const g = biased.groups['ethnicity']!.find((x) => x.level === 'Black or Black British')!;
      expect(g.underSelected).toBe(true);
      expect(g.equalNeed!.ratio!).toBeLessThan(0.6);
      expect(g.observedExpected!.ci![0]).toBeGreaterThan(1);
      expect(biased.underSelected.filter((u) => u.group === 'ethnicity').map((u) => u.level)).toEqual(['Black or Black British']);
      const w = biased.warnings.find((x) => x.code === 'under_selected_at_equal_need' && x.path?.[1] === 'ethnicity')!;
      expect(w.path).toEqual(['groups', 'ethnicity', 'Black or Black British', 'equalNeed']);
      // the published row carries the flag with suppressed, rounded counts
      const row = biased.published!.rows.find((r) => r['group'] === 'ethnicity' && r['level'] === 'Black or Black British')!;
      expect(row['underSelected']).toBe(true);
      expect(Number(row['people']) % 5).toBe(0);
    });

    it('flags no ethnic group in the same population without the thinning', () => {
      expect(fair.groups['ethnicity']!.map((g) => [g.level, g.underSelected])).toEqual([
        ['Asian or Asian British', false], ['Black or Black British', false], ['Mixed', false], ['Not stated or not known', false], ['Other', false], ['White', false],
      ]);
      expect(fair.underSelected.filter((u) => u.group === 'ethnicity')).toEqual([]);
      const g = fair.groups['ethnicity']!.find((x) => x.level === 'Black or Black British')!;
      expect(g.equalNeed!.ci![1]).toBeGreaterThan(1);
    });

    it('reports every default group, each level adding up to everyone evaluated', () => {
      expect(Object.keys(fair.groups)).toEqual(['ageBand', 'sex', 'deprivation', 'ethnicity', 'practice']);
      for (const levels of Object.values(fair.groups)) {
        expect(levels.reduce((s, l) => s + l.people, 0)).toBe(fair.people);
        expect(levels.reduce((s, l) => s + l.selected, 0)).toBe(fair.selected);
      }
      expect(fair.selected).toBe(Math.ceil(0.05 * fair.people));
    });
  });
});
