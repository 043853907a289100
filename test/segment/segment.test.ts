import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { segment, BY_DEFAULT } from '../../src/segment/segment.js';
import { rules, type RuleCondition } from '../../src/segment/rules.js';
import { bridgesToHealth } from '../../src/segment/bridges-to-health.js';
import { ageByConditions } from '../../src/segment/age-by-conditions.js';
import { frailtyCategories } from '../../src/segment/frailty-categories.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { parseDate } from '../../src/core/dates.js';
import { AS_OF, PEOPLE, segmentPopulation } from './segment-population.js';
import { arbEvents, arbPeople, build } from '../fixtures/features/arbitrary-population.js';

const pop = segmentPopulation();

describe('bridgesToHealth(): eight segments, highest need wins', () => {
  const s = segment(pop, bridgesToHealth(), { asOf: AS_OF });
  const model = bridgesToHealth();

  it.each(PEOPLE.map((p, i) => [p.id, p.rule, p.bth, i] as const))('%s is put by rule "%s" in segment %s', (_id, rule, code, i) => {
    expect(s.labels[i]).toBe(code);
    expect(model.rules[s.assignedBy[i]!]!.name).toBe(rule);
  });

  it('every rule of the model puts at least one person somewhere', () => {
    const used = new Set(PEOPLE.map((p) => p.rule));
    expect(model.rules.map((r) => r.name).filter((n) => !used.has(n))).toEqual([]);
  });

  it('reports who each rule reached, matched and assigned, and people per segment', () => {
    const hit = Object.fromEntries(s.ruleHits.rules.map((h) => [h.rule, h]));
    // long-term condition: ltc_count >= 1 for dementia, frail, heart_failure, cancer_admitted,
    // learning_disability, asthma, cancer_not_admitted, severe, mild (pregnancy and palliative care are not counted)
    expect(hit['long-term condition']).toMatchObject({ matched: 9, assigned: 3, reached: 16 - 9 });
    expect(hit['dementia']).toMatchObject({ reached: 16, matched: 1, assigned: 1 });
    expect(hit['healthy']).toMatchObject({ reached: 1, matched: 16, assigned: 1 });
    expect(s.ruleHits.segments.map((x) => [x.code, x.people])).toEqual([[1, 1], [2, 2], [3, 1], [4, 3], [5, 2], [6, 2], [7, 1], [8, 4]]);
    expect(s.ruleHits.defaulted).toBe(0);
    expect(s.model).toBe('Bridges to Health');
    expect(s.rowIds).toEqual(PEOPLE.map((p) => p.id));
  });

  it('options move the thresholds: frailty from severe only sends the moderately frail person elsewhere', () => {
    const t = segment(pop, bridgesToHealth({ frailtyCategory: 3 }), { asOf: AS_OF });
    const frail = PEOPLE.findIndex((p) => p.id === 'frail');
    expect(t.labels[frail]).toBe(4);
    expect(() => bridgesToHealth({ frailtyCategory: 4 })).toThrow(/bridgesToHealth: .*options\.frailtyCategory/);
  });

  it('takes a prebuilt matrix at the same date and refuses one at another date', () => {
    const f = buildFeatures(pop, { asOf: AS_OF });
    const t = segment(pop, bridgesToHealth(), { asOf: AS_OF, features: f });
    expect(Array.from(t.labels)).toEqual(Array.from(s.labels));
    expect(() => segment(pop, bridgesToHealth(), { asOf: '2024-04-01', features: f })).toThrow(/another date/);
  });
});

describe('frailtyCategories()', () => {
  it('puts people in fit / mild / moderate / severe by efi_category', () => {
    const s = segment(pop, frailtyCategories(), { asOf: AS_OF });
    const at = (id: string) => s.labels[PEOPLE.findIndex((p) => p.id === id)];
    expect([at('healthy'), at('mild'), at('frail'), at('severe')]).toEqual([1, 2, 3, 4]);
    expect(s.segments.map((x) => x.name)).toEqual(['fit', 'mild frailty', 'moderate frailty', 'severe frailty']);
  });
});

describe('ageByConditions()', () => {
  it('age band x condition-count group, codes band by band', () => {
    const model = ageByConditions({ ageBands: [0, 18, 65], conditionCounts: [0, 1, 2] });
    expect(model.segments.map((x) => x.name)).toEqual([
      'age 0-17, 0 LTCs', 'age 0-17, 1 LTCs', 'age 0-17, 2+ LTCs',
      'age 18-64, 0 LTCs', 'age 18-64, 1 LTCs', 'age 18-64, 2+ LTCs',
      'age 65+, 0 LTCs', 'age 65+, 1 LTCs', 'age 65+, 2+ LTCs',
    ]);
    const s = segment(pop, model, { asOf: AS_OF });
    const at = (id: string) => s.labels[PEOPLE.findIndex((p) => p.id === id)];
    expect(at('infant')).toBe(1); // age 0, 0 LTCs
    expect(at('healthy')).toBe(4); // 40, 0
    expect(at('asthma')).toBe(5); // 25, 1
    expect(at('mild')).toBe(6); // 50, 5
    expect(at('carehome_old')).toBe(7); // 70, 0
    expect(at('dementia')).toBe(8); // 80, 1
    expect(at('severe')).toBe(9); // 85, 14
  });

  it('refuses bounds that do not start at 0 or do not increase', () => {
    expect(() => ageByConditions({ ageBands: [18, 65] })).toThrow(/ageBands must start at 0/);
    expect(() => ageByConditions({ conditionCounts: [0, 2, 2] })).toThrow(/strictly increasing/);
  });
});

describe('rules(config)', () => {
  const config = {
    name: 'site scheme',
    segments: [
      { code: 1, name: 'other' },
      { code: 2, name: 'older multimorbid' },
      { code: 3, name: 'frail or in a care home' },
    ],
    rules: [
      { name: 'frail', segment: 3, when: { feature: 'efi_category', gte: 2 } },
      { name: 'care home', segment: 'frail or in a care home', when: { feature: 'care_home', eq: 1 } },
      { name: 'older multimorbid', segment: 2, when: { all: [{ feature: 'age', gte: 65 }, { feature: 'ltc_count', gte: 1 }] } },
      { name: 'young and not ill', segment: 1, when: { not: { any: [{ feature: 'age', gte: 65 }, { feature: 'ltc_count', gt: 0 }] } } },
    ],
    default: 'other',
  };

  it('evaluates rules in order; earlier rules win overlaps; unmatched people go to the default', () => {
    const s = segment(pop, rules(config), { asOf: AS_OF });
    const at = (id: string) => s.labels[PEOPLE.findIndex((p) => p.id === id)];
    expect(at('severe')).toBe(3); // frail and older multimorbid: 'frail' comes first
    expect(at('carehome_old')).toBe(3);
    expect(at('dementia')).toBe(2);
    expect(at('healthy')).toBe(1);
    // asthma (25, 1 LTC) matches no rule: default
    const asthma = PEOPLE.findIndex((p) => p.id === 'asthma');
    expect(s.assignedBy[asthma]).toBe(BY_DEFAULT);
    expect(s.labels[asthma]).toBe(1);
    expect(s.ruleHits.defaulted).toBeGreaterThan(0);
  });

  it('is JSON-friendly: the same config through JSON gives the same labels', () => {
    const a = segment(pop, rules(config), { asOf: AS_OF });
    const b = segment(pop, rules(JSON.parse(JSON.stringify(config))), { asOf: AS_OF });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
  });

  it('without a default, people matching no rule are an error naming how many and who', () => {
    const model = rules({ rules: [{ name: 'old', when: { feature: 'age', gte: 65 } }] });
    let err: unknown;
    try { segment(pop, model, { asOf: AS_OF }); } catch (e) { err = e; }
    expect(isRiskStratifyError(err) && err.code === 'invalid_input').toBe(true);
    expect(String(err)).toMatch(/segment: 12 people match no rule of "rules".*examples: heart_failure, palliative, cancer_admitted/);
  });

  it('a catch-all last rule (no when) places everyone left', () => {
    const s = segment(pop, rules({ rules: [{ name: 'old', when: { feature: 'age', gte: 65 } }, { name: 'rest' }] }), { asOf: AS_OF });
    expect(s.ruleHits.segments.map((x) => x.people)).toEqual([4, 12]); // dementia 80, frail 80, carehome_old 70, severe 85
  });

  it('refuses bad configs with the path of the bad field', () => {
    expect(() => rules({ rules: [{ name: 'a' }, { name: 'a' }] })).toThrow(/rules: rule names must be unique \(config\.rules\.1\.name\)/);
    expect(() => rules({ segments: [{ code: 1, name: 'x' }], rules: [{ name: 'a', segment: 2 }] })).toThrow(/no such segment \(config\.rules\.0\.segment\)/);
    expect(() => rules({ rules: [{ name: 'a', when: { feature: 'age' } as RuleCondition }] })).toThrow(/config\.rules\.0\.when/);
    expect(() => rules({ rules: [{ name: 'a', when: { feature: 'age', gtee: 3 } as unknown as RuleCondition }] })).toThrow(/config\.rules\.0\.when/);
    expect(() => rules({ rules: [] })).toThrow(/config\.rules/);
  });

  it('a rule on a feature the matrix lacks is refused, unless it says missing: false', () => {
    expect(() => segment(pop, rules({ rules: [{ name: 'x', when: { feature: 'ltc_gout', eq: 1 } }, { name: 'rest' }] }), { asOf: AS_OF })).toThrow(/segment: rule refers to a feature the matrix does not have.*\(x\.feature\); got "ltc_gout"/);
    const s = segment(pop, rules({ rules: [{ name: 'x', when: { feature: 'ltc_gout', eq: 1, missing: 'false' } }, { name: 'rest' }] }), { asOf: AS_OF });
    expect(s.ruleHits.rules[0]!.matched).toBe(0);
  });
});

const ASOF = parseDate('2022-06-30')!;
const arbCondition: fc.Arbitrary<RuleCondition> = fc.letrec<{ c: RuleCondition }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ feature: fc.constantFrom('age', 'ltc_count', 'efi_category', 'emergency_admissions', 'care_home'), gte: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ feature: fc.constantFrom('age', 'ltc_count', 'sex_female'), lt: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ all: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('c'), { maxLength: 3 }) }),
    fc.record({ not: tie('c') }),
  ),
})).c;

describe('segment invariants', () => {
  test.prop([
    arbPeople(ASOF, 12).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 500, ASOF))),
    fc.array(arbCondition, { minLength: 1, maxLength: 6 }),
  ], { numRuns: 100 })('every eligible person is in exactly one segment: the first rule that holds, else the default', ([people, events], conds) => {
    const population = build(people, events);
    const model = rules({
      segments: [...conds.map((_, j) => ({ code: j + 1, name: `s${j}` })), { code: 200, name: 'default' }],
      rules: conds.map((when, j) => ({ name: `r${j}`, segment: j + 1, when })),
      default: 200,
    });
    const s = segment(population, model, { asOf: ASOF });
    const f = buildFeatures(population, { asOf: ASOF });
    expect(Array.from(s.rows)).toEqual(Array.from(f.rows));
    const masks = model.rules.map((r) => r.evaluate(f));
    for (let r = 0; r < f.n; r++) {
      const first = masks.findIndex((m) => m[r] === 1);
      expect(s.labels[r]).toBe(first === -1 ? 200 : first + 1);
    }
    expect(s.ruleHits.segments.reduce((a, x) => a + x.people, 0)).toBe(f.n);
    expect(s.ruleHits.rules.reduce((a, h) => a + h.assigned, 0) + s.ruleHits.defaulted).toBe(f.n);
  });

  test.prop([arbPeople(ASOF, 12).chain((p) => fc.tuple(fc.constant(p), arbEvents(p.n, ASOF - 500, ASOF)))], { numRuns: 60 })(
    'bridgesToHealth, ageByConditions and frailtyCategories place every eligible person in one declared segment',
    ([people, events]) => {
      const population = build(people, events);
      for (const model of [bridgesToHealth(), ageByConditions(), frailtyCategories()]) {
        const s = segment(population, model, { asOf: ASOF });
        const codes = new Set(model.segments.map((x) => x.code));
        for (const l of s.labels) expect(codes.has(l)).toBe(true);
        expect(s.ruleHits.segments.reduce((a, x) => a + x.people, 0)).toBe(s.labels.length);
        expect(s.ruleHits.defaulted).toBe(0);
      }
    },
  );
});
