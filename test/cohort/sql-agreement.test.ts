// selectCohort agrees with the model stage's SQL cohort (RiskModel.toSQL with `cohort`) run in
// DuckDB: same k = ceil(p·n/100) per group, same key (score desc, id asc in binary order).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { createPopulation } from '../../src/core/population.js';
import { createRng } from '../../src/core/rng.js';

const rng = createRng('cohort-sql-agreement');
const n = 3000;
// Few distinct feature values, so many people share a score and ties straddle the cuts;
// ids in a scrambled order with upper and lower case (binary order puts 'Z' before 'a').
const age = Float64Array.from({ length: n }, () => 40 + 5 * rng.int(10));
const prior = Float64Array.from({ length: n }, () => rng.int(4));
const outcome = Array.from({ length: n }, (_, i) => rng.bernoulli(1 / (1 + Math.exp(-(-6 + 0.05 * age[i]! + 0.6 * prior[i]!)))));
const ids = Array.from({ length: n }, (_, i) => `${'aZbY'[i % 4]}${String((i * 7919) % 100003).padStart(6, '0')}`);
const practice = Array.from({ length: n }, () => rng.int(7));
const practices = Array.from({ length: 7 }, (_, p) => `P${p}`);
const x = toFeatureMatrix({ age, prior }, { rowIds: ids });
const model = fitRiskModel(x, outcome);
const scores = model.score(x);
const population = createPopulation({ ids, practices, practice, birthDate: new Array<number>(n).fill(-10000), window: { extractDate: 0 } });

describe('selectCohort and the SQL cohort of RiskModel.toSQL (DuckDB)', () => {
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    await con.run('CREATE TABLE people (id VARCHAR, practice VARCHAR, age DOUBLE, prior DOUBLE)');
    const app = await con.createAppender('people');
    for (let i = 0; i < n; i++) {
      app.appendVarchar(ids[i]!);
      app.appendVarchar(practices[practice[i]!]!);
      app.appendDouble(age[i]!);
      app.appendDouble(prior[i]!);
      app.endRow();
    }
    app.closeSync();
  });
  afterAll(() => con?.closeSync());

  it('the data have tied scores at the top-2% cut of the population', () => {
    const sorted = Array.from(scores).sort((a, b) => b - a);
    const k = Math.ceil((2 * n) / 100);
    expect(sorted[k - 1]).toBe(sorted[k]);
  });

  // 1.1% of 3000 is 33.00000000000001 in floating point: both sides must round it to k = 33.
  for (const [topPercent, per] of [[2, 'practice'], [5, 'practice'], [2, 'population'], [7.5, 'population'], [1.1, 'population']] as const) {
    it(`selects the same people in the same order for the top ${topPercent}% per ${per}`, async () => {
      const sql = model.toSQL({ dialect: 'duckdb', table: 'people', idColumn: 'id', cohort: { topPercent, per, practiceColumn: 'practice' } });
      const rows = (await con.runAndReadAll(sql)).getRowObjectsJS() as { id: string }[];
      const cohort = selectCohort(scores, population, { asOf: 0, topPercent, per, adultsOnly: false });
      expect(cohort.selected.ids).toEqual(rows.map((r) => r.id));
      if (topPercent === 1.1) expect(rows).toHaveLength(33);
    });
  }
});
