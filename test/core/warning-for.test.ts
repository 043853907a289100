import { describe, expect, it } from 'vitest';
import { resultWarning } from '../../src/core/result-warning.js';
import { warningFor } from '../../src/core/warning-for.js';

describe('warningFor(warnings, path)', () => {
  const whole = resultWarning('not_probabilities', 'whole result');
  const group = resultWarning('no_events', 'group B', { path: ['byGroup', 'practice', 'B'] });
  const slice = resultWarning('zero_denominator', 'top slices of B', { path: ['byGroup', 'practice', 'B', 'atTop'] });
  const other = resultWarning('no_events', 'group C', { path: ['byGroup', 'practice', 'C'] });

  it('returns the warning whose path is the longest prefix of the figure path', () => {
    const ws = [whole, group, slice, other];
    expect(warningFor(ws, ['byGroup', 'practice', 'B', 'atTop', 0, 'numberNeeded'])).toBe(slice);
    expect(warningFor(ws, ['byGroup', 'practice', 'B', 'auroc'])).toBe(group);
    expect(warningFor(ws, ['byGroup', 'practice', 'C', 'auroc'])).toBe(other);
    expect(warningFor(ws, ['brier'])).toBe(whole);
  });

  it('matches array indices given as numbers or strings, and finds nothing when no path is a prefix', () => {
    const at = resultWarning('zero_denominator', 'slice 2', { path: ['atTop', 2] });
    expect(warningFor([at], ['atTop', '2', 'ppv'])).toBe(at);
    expect(warningFor([at], ['atTop', 1, 'ppv'])).toBeUndefined();
    expect(warningFor([], ['auroc'])).toBeUndefined();
  });
});
