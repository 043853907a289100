import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { populationToExtract } from '../../src/cli/extract-csv.js';

describe('generatePopulation: opt-out provenance', () => {
  it("generatePopulation draws opt-outs into its optedOut column, so its provenance is 'column', and survives a round trip through the loader", () => {
    const { population } = generatePopulation({ size: 2000, seed: 3, years: 1 });
    expect(population.provenance.optOuts).toBe('column');
    expect(Array.from(population.columns.optedOut).some((x) => x === 1)).toBe(true);
    const x = populationToExtract(population);
    const r = loadPopulation({ patients: x.patients, activity: x.activity, conditions: x.conditions }, { referenceDate: '2030-01-01' });
    expect(r.population.provenance.optOuts).toBe('column');
    expect(Array.from(r.population.columns.optedOut)).toEqual(Array.from(population.columns.optedOut));
    // every synthetic condition is a cluster the features know: nothing rejected as unknown
    expect(r.summary.unknownConditionCodes.rows).toBe(0);
    expect(r.warnings).toEqual([]);
  });
});
