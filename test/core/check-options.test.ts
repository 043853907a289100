import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parseOptions } from '../../src/core/options.js';
import { toSafe } from '../../src/core/errors.js';
import { CohortOptions } from '../../src/cohort/cohort-options.js';
import { parseCohortOptions } from '../../src/cohort/parse-cohort-options.js';
import { EvaluateOptions } from '../../src/evaluate/evaluate-options.js';
import { parseEvaluateOptions } from '../../src/evaluate/parse-evaluate-options.js';

// selectCohort and evaluateScores check their options without zod (a bundle with only them
// would otherwise be mostly zod); their exported zod schemas stay what users validate with.
// Both must accept the same options, fill the same defaults, and refuse with the same path and
// message.
function outcome(f: () => unknown) {
  const r = toSafe(f);
  return r.ok ? { ok: true, value: r.value } : { ok: false, path: r.error.path, message: r.error.message, code: r.error.code };
}

const junk = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.boolean(), fc.string({ maxLength: 3 }), fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY), fc.integer({ min: -3, max: 120 }), fc.double({ min: -5, max: 200, noNaN: true }),
  fc.constant([]), fc.constant({}), fc.constant(['a']), fc.constant([1, 2]), fc.constant(new Uint32Array(2)), fc.constant({ a: ['x'] }), fc.constant({ a: 3 }),
  fc.constant({ window: [0, 1], dataWindow: {} }),
);
const cohortValue = {
  asOf: fc.oneof(fc.constant('2024-03-31'), fc.integer({ min: 0, max: 20000 }), junk),
  topPercent: fc.oneof(fc.constant(2), fc.constant(5), junk), topN: fc.oneof(fc.constant(10), junk),
  per: fc.oneof(fc.constantFrom('practice', 'population'), junk), adultsOnly: fc.oneof(fc.boolean(), junk),
  policy: fc.oneof(fc.constantFrom('exact', 'threshold'), junk), capacity: fc.oneof(fc.constant(5), fc.constant({ P1: 3 }), junk),
  groups: fc.oneof(fc.constant({ P1: 'MDT A' }), fc.constant({ P1: 3 }), junk), exclude: fc.oneof(fc.constant({ endOfLife: ['a'] }), fc.constant(JSON.parse('{"__proto__": ["a"], "constructor": [2]}')), junk),
  unmatchedExclusions: fc.oneof(fc.constantFrom('error', 'warn'), junk),
  rows: fc.oneof(fc.constant([0, 1]), junk), ids: fc.oneof(fc.constant(['a', 'b']), junk), missing: fc.oneof(fc.constantFrom('refuse', 'exclude'), junk),
  extra: junk,
};
const evaluateValue = {
  topPercents: fc.oneof(fc.constant([1, 2, 5]), fc.array(junk, { maxLength: 3 }), junk), groups: fc.oneof(fc.constant({ sex: ['F', 'M'] }), junk),
  admissions: fc.oneof(fc.constant([0, 1]), junk), bedDays: fc.oneof(fc.constant(new Float64Array(2)), junk),
  calibrationBins: fc.oneof(fc.constant(10), junk), outcomeWindow: fc.oneof(fc.constant({ window: [1, 2], dataWindow: { extractDate: 3 } }), junk),
  extra: junk,
};

describe('options checked without zod agree with the zod schemas', () => {
  test.prop([fc.record(cohortValue, { requiredKeys: [] })], { numRuns: 600 })('selectCohort options', (o) => {
    expect(outcome(() => parseCohortOptions('selectCohort', o as CohortOptions))).toEqual(outcome(() => parseOptions('selectCohort', CohortOptions, o)));
  });
  test.prop([fc.record(evaluateValue, { requiredKeys: [] })], { numRuns: 600 })('evaluateScores options', (o) => {
    expect(outcome(() => parseEvaluateOptions('evaluateScores', o as EvaluateOptions))).toEqual(outcome(() => parseOptions('evaluateScores', EvaluateOptions, o)));
  });
  it('on hand-picked inputs: valid, defaults, one bad field, unknown keys, not an object', () => {
    const cases: unknown[] = [
      undefined, {}, 'x', [], { asOf: '2024-03-31', topPercent: 2 }, { asOf: 1.5, topPercent: 2 }, { asOf: '2024-03-31', topPercent: 0 },
      { asOf: '2024-03-31' }, { asOf: '2024-03-31', topPercent: 2, topN: 3 }, { asOf: '2024-03-31', topN: 3, rows: [1], ids: ['a'] },
      { asOf: '2024-03-31', topPercent: 2, capacity: -1 }, { asOf: '2024-03-31', topPercent: 2, capacity: 'x' }, { asOf: '2024-03-31', topPercent: 2, foo: 1, bar: 2 },
      { asOf: '2024-03-31', topPercent: 2, exclude: { a: [1] } }, { asOf: '2024-03-31', topN: 2.5 }, { asOf: '2024-03-31', topN: 2, capacity: { a: -1 } },
      { asOf: '2024-03-31', topN: 2, capacity: { a: 'x' } }, { asOf: '2024-03-31', topN: 2, groups: 'x' }, { asOf: '2024-03-31', topN: 2, exclude: JSON.parse('{"__proto__": ["a"]}') },
    ];
    for (const c of cases) expect(outcome(() => parseCohortOptions('selectCohort', c as CohortOptions))).toEqual(outcome(() => parseOptions('selectCohort', CohortOptions, c)));
    const ev: unknown[] = [undefined, {}, { topPercents: [0] }, { topPercents: [2, 101] }, { calibrationBins: 0 }, { calibrationBins: 1.5 }, { groups: { a: 'x' } }, { outcomeWindow: 3 }, { zz: 1 }];
    for (const c of ev) expect(outcome(() => parseEvaluateOptions('evaluateScores', c as EvaluateOptions))).toEqual(outcome(() => parseOptions('evaluateScores', EvaluateOptions, c)));
    expect(outcome(() => parseCohortOptions('selectCohort', { asOf: '2024-03-31', topPercent: 0 })).message).toMatch(/topPercent/);
  });
});
