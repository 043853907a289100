import { describe, expect, it } from 'vitest';
import { warningLines } from '../../src/cli/warning-lines.js';
import { resultWarning } from '../../src/core/result-warning.js';

describe('warningLines: warnings beside the headline', () => {
  it('one line per warning, with its code, prefix and examples', () => {
    expect(warningLines([resultWarning('group_too_small', '2 of 3 group(s) have fewer than 50 eligible people', { path: ['groups'], count: 2, examples: ['P1 (3 eligible)', 'P2 (9 eligible)'] })], 'top2: ')).toEqual([
      'warning [group_too_small]: top2: 2 of 3 group(s) have fewer than 50 eligible people (e.g. P1 (3 eligible), P2 (9 eligible))',
    ]);
  });

  it("folds a subgroup variable's many warnings into one line with counts by code", () => {
    const ws = [
      resultWarning('insufficient_data', 'overall: one event', { path: ['aurocCI'] }),
      ...['P1', 'P2', 'P3', 'P4', 'P5'].map((p) => resultWarning('no_events', `no events in practice ${p}`, { path: ['byGroup', 'practice', p] })),
      resultWarning('zero_denominator', 'nobody in practice P6 is in the overall top 2%', { path: ['byGroup', 'practice', 'P6', 'atOverallTop'] }),
      resultWarning('zero_denominator', 'no admissions in practice P1', { path: ['byGroup', 'practice', 'P1', 'atTop'] }),
      resultWarning('no_events', 'no events in sex F', { path: ['byGroup', 'sex', 'F'] }),
    ];
    expect(warningLines(ws)).toEqual([
      'warning [insufficient_data]: overall: one event',
      'warning [byGroup practice]: figures are null or limited in 6 practice group(s): no events in 5, nothing to divide by in 2 (e.g. no events in practice P1); each is in the JSON',
      'warning [no_events]: no events in sex F',
    ]);
  });
});
