import { afterAll, beforeAll, describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { formatDay } from '../../src/core/dates.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { featuresToSQL } from '../../src/sql/features-sql.js';
import { loadDuckDB, numeric, populationTables, useDuckDB } from '../helpers/warehouse-tables.js';
import { differences, sqlOptionsFor } from './feature-compare.js';

describe('property: for random small populations and dates, DuckDB features equal buildFeatures', () => {
  const duck = useDuckDB();
  // The as-of day is an event's day moved by -1, 0 or +1, so window edges are hit on purpose.
  test.prop([fc.integer({ min: 60, max: 400 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.nat(), fc.constantFrom(-1, 0, 1), fc.integer({ min: 1, max: 24 }), fc.boolean()], { numRuns: 6 })(
    'any size, seed, as-of day, lookback and medications',
    async (size, seed, pick, shift, lookbackMonths, withMeds) => {
      const pop = generatePopulation({ size, seed }).population;
      const dates = pop.activity.date;
      const w = pop.window;
      const day = Math.min(w.extractDate, Math.max(w.activityFrom + 400, (dates.length > 0 ? dates[pick % dates.length]! : w.extractDate) + shift));
      const asOf = formatDay(day);
      const base = sqlOptionsFor(pop, asOf);
      const popUsed = withMeds ? pop : { ...pop, medications: undefined };
      const f = buildFeatures(popUsed, { asOf, lookbackMonths, conditionClusters: base.conditionClusters });
      for (const t of populationTables(pop)) await loadDuckDB(duck(), t);
      const sql = featuresToSQL({ ...base, lookbackMonths, medications: withMeds && pop.medications !== undefined, ...(withMeds ? {} : { tables: { patients: 'patients', activity: 'activity', conditions: 'conditions' } }) });
      const rows = numeric((await duck().runAndReadAll(sql.select)).getRowObjectsJS() as Record<string, unknown>[], 'person_id');
      expect(differences(f, rows)).toEqual([]);
    },
  );
});
