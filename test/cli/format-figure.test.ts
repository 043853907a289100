import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { figureGap, formatFigure } from '../../src/cli/format-figure.js';
import { resultWarning } from '../../src/core/result-warning.js';

describe('formatFigure: the one way the command prints a figure that may be missing', () => {
  const warnings = [
    resultWarning('no_events', 'no events', { path: [] }),
    resultWarning('zero_denominator', 'no event in the top 0.5%', { path: ['atTop'] }),
    resultWarning('group_too_small', 'tiny', { path: ['groups'] }),
  ];

  it('formats numbers, percentages and intervals as asked', () => {
    expect(formatFigure(0.81234, [], ['auroc'], { digits: 3 })).toBe('0.812');
    expect(formatFigure(0.4512, [], ['ppv'], { kind: 'percent' })).toBe('45.1%');
    expect(formatFigure([0.7712, 0.8533], [], ['aurocCI'], { digits: 3 })).toBe('0.771 to 0.853');
    expect(formatFigure([-0.25, -0.05], [], ['ci'], { kind: 'percent', digits: 0 })).toBe('-25% to -5%');
    expect(formatFigure(0.12, [], ['x'], { kind: 'percent', digits: 0, signed: true })).toBe('+12%');
  });

  it('names why a figure is missing from the warning whose path holds it', () => {
    expect(formatFigure(null, warnings, ['atTop', 0, 'numberNeeded'])).toBe('n/a (nothing to divide by)');
    expect(formatFigure(null, warnings, ['auroc'])).toBe('n/a (no events)');
    expect(formatFigure(undefined, warnings, ['groups', 3, 'threshold'])).toBe('n/a (group too small)');
    expect(formatFigure(null, [], ['auroc'])).toBe('n/a');
    expect(formatFigure(null, [resultWarning('few_clusters', 'x')], ['y'])).toBe('n/a (few clusters)');
    expect(figureGap(warnings, ['atTop', 2, 'lift'])).toBe('nothing to divide by');
    expect(figureGap([], ['atTop'])).toBeUndefined();
  });

  test.prop([fc.oneof(fc.double(), fc.constant(null), fc.constant(undefined), fc.tuple(fc.double(), fc.double())), fc.constantFrom('number' as const, 'percent' as const), fc.integer({ min: 0, max: 6 })])(
    'never prints NaN, Infinity or undefined, whatever it is given', (value, kind, digits) => {
      const text = formatFigure(value, warnings, ['atTop', 1, 'lift'], { kind, digits });
      expect(text).not.toMatch(/NaN|Infinity|undefined/);
    });
});
