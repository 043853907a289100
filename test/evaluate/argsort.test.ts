import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { argsortAscending } from '../../src/evaluate/argsort.js';

// Reference: the built-in stable Array.prototype.sort with a comparison.
function reference(scores: number[], initial: number[]): number[] {
  return initial.slice().sort((a, b) => (scores[a]! < scores[b]! ? -1 : scores[a]! > scores[b]! ? 1 : 0));
}

const value = fc.oneof(
  fc.double({ noNaN: true }), // includes ±Infinity, ±0, subnormals
  fc.integer({ min: -3, max: 3 }).map((x) => x / 2),
  fc.constantFrom(-0, 0, Number.MIN_VALUE, -Number.MIN_VALUE),
);

describe('argsortAscending (radix, internal)', () => {
  test.prop([fc.array(value, { minLength: 1000, maxLength: 2500 }), fc.boolean()], { numRuns: 25 })(
    'orders like a stable comparison sort on the radix path (n >= 1024), ties in the given initial order', (scores, reversed) => {
      const initial = scores.map((_, i) => (reversed ? scores.length - 1 - i : i));
      const got = argsortAscending(scores, Uint32Array.from(initial));
      expect(Array.from(got)).toEqual(reference(scores, initial));
    });
  test.prop([fc.array(value, { maxLength: 50 })])('orders like a stable comparison sort on the small path', (scores) => {
    const initial = scores.map((_, i) => i);
    expect(Array.from(argsortAscending(scores))).toEqual(reference(scores, initial));
  });
});
