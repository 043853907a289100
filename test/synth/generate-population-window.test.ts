import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { addMonths, formatDay } from '../../src/core/dates.js';

describe("generatePopulation: the extract's window is what it generated", () => {
  const { population, truth } = generatePopulation({ size: 400, years: 2, seed: 3, startDate: '2022-04-01' });
  it('activity complete from the start date, the extract date the end date (the day after the last simulated day)', () => {
    expect(population.window).toEqual({ extractDate: truth.endDate, activityFrom: truth.startDate, extractDateSource: 'given', activityFromSource: 'given', rule: '' });
    expect(formatDay(truth.endDate)).toBe('2024-04-01');
    let last = -Infinity;
    for (const d of population.activity.date) if (d > last) last = d;
    expect(last).toBeLessThan(truth.endDate);
  });
  it('a year of outcomes ending on the end date is whole; one a day later is refused', () => {
    expect(buildOutcomes(population, { asOf: addMonths(truth.endDate, -12) }).window[1]).toBe(truth.endDate);
    expect(() => buildOutcomes(population, { asOf: addMonths(truth.endDate, -12) + 1 })).toThrow(/runs past the extract date 2024-04-01/);
  });
});
