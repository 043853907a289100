import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { addMonths, formatDay, parseDate } from '../../src/core/dates.js';
import type { Population } from '../../src/core/population.js';
import { buildFeatures, type FeatureSet } from '../../src/features/build-features.js';
import { clusterKey } from '../../src/codelists/cluster-key.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { SQL_DIALECTS } from '../../src/sql/dialect.js';
import { FEATURE_DEFINITIONS, featureDefinition } from '../../src/sql/definitions.js';
import { featuresToSQL, type FeaturesSqlOptions } from '../../src/sql/features-sql.js';
import { connectPg } from '../helpers/pg-client.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';
import { loadDuckDB, loadPg, numeric, populationTables, useDuckDB } from '../helpers/warehouse-tables.js';
import { edgePopulation, EDGE_AS_OF } from './edge-population.js';
import { differences, sqlOptionsFor, synthea, TABLES } from './feature-compare.js';


async function duckFeatures(con: DuckDBConnection, pop: Population, opts: FeaturesSqlOptions): Promise<Map<string, Record<string, number>>> {
  for (const t of populationTables(pop)) await loadDuckDB(con, t);
  const sql = featuresToSQL(opts);
  const rows = (await con.runAndReadAll(sql.select)).getRowObjectsJS() as Record<string, unknown>[];
  return numeric(rows, 'person_id');
}

const synthetic = generatePopulation({ size: 3000, seed: 7 });
const synAsOf = formatDay(addMonths(synthetic.population.window.extractDate, -12));

describe('the definitions cover buildFeatures', () => {
  it('every column of buildFeatures has a definition, in the same order as the definitions list them', () => {
    const pop = synthetic.population;
    const f = buildFeatures(pop, { asOf: synAsOf, conditionScores: { demo: { weights: { copd: 0.5 }, source: 'test' } } });
    for (const nm of f.names) expect(featureDefinition(nm, f.conditionClusters, ['demo']), nm).toBeDefined();
    const order = f.names.map((nm) => FEATURE_DEFINITIONS.indexOf(featureDefinition(nm, f.conditionClusters, ['demo'])!));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const sql = featuresToSQL(sqlOptionsFor(pop, synAsOf, { conditionClusters: [...f.conditionClusters], conditionScores: { demo: { weights: { copd: 0.5 }, source: 'test' } } }));
    expect(sql.columns.slice(1)).toEqual(f.names);
  });
});

describe('featuresToSQL in DuckDB equals buildFeatures', () => {
  const duck = useDuckDB();

  it('on generatePopulation (3,000 people, medications, 12-month lookback)', async () => {
    const pop = synthetic.population;
    const f = buildFeatures(pop, { asOf: synAsOf, conditionClusters: sqlOptionsFor(pop, synAsOf).conditionClusters });
    const rows = await duckFeatures(duck(), pop, sqlOptionsFor(pop, synAsOf));
    expect(differences(f, rows)).toEqual([]);
    expect(f.column('emergency_admissions')!.some((x) => x > 0)).toBe(true);
  });
  it('on generatePopulation with a 7-month lookback, no medications table, and a condition score', async () => {
    const pop = synthetic.population;
    const scores = { demo: { weights: { copd: 0.25, heart_failure: 1.5, diabetes: 0.1 }, source: 'test' } };
    const base = sqlOptionsFor(pop, synAsOf);
    const f = buildFeatures({ ...pop, medications: undefined } as Population, { asOf: synAsOf, lookbackMonths: 7, conditionClusters: base.conditionClusters, conditionScores: scores });
    const rows = await duckFeatures(duck(), pop, { ...base, lookbackMonths: 7, conditionScores: scores, tables: TABLES });
    expect(differences(f, rows, { score_: 1e-12 })).toEqual([]);
  });
  it('on the committed Synthea export (111 people, via fromSyntheaTables)', async () => {
    const asOf = '2022-10-16';
    const f = buildFeatures(synthea, { asOf, conditionClusters: sqlOptionsFor(synthea, asOf).conditionClusters });
    const rows = await duckFeatures(duck(), synthea, sqlOptionsFor(synthea, asOf));
    expect(f.n).toBeGreaterThan(50);
    expect(differences(f, rows)).toEqual([]);
  });
  it('on edge cases placed on purpose (window edges, as-of day, deaths and leavers, turning 18, open stays, invalid diagnoses)', async () => {
    const pop = edgePopulation();
    const f = buildFeatures(pop, { asOf: EDGE_AS_OF, conditionClusters: sqlOptionsFor(pop, EDGE_AS_OF).conditionClusters });
    const rows = await duckFeatures(duck(), pop, sqlOptionsFor(pop, EDGE_AS_OF));
    expect(differences(f, rows)).toEqual([]);
    // the edges were reached: who is in, and values at the edges
    expect([...rows.keys()].sort()).toEqual(['p01', 'p02', 'p03', 'p04', 'p07', 'p09', 'p10', 'p12', 'p13', 'p14', 'p15', 'p16', 'p17', 'p18', 'p19', 'p20']);
    const p13 = rows.get('p13')!;
    expect([p13['emergency_admissions'], p13['avoidable_admissions'], p13['emergency_bed_days'], p13['gp_contacts'], p13['months_since_emergency'], p13['imd_missing']]).toEqual([8, 5, 2 + 0 + 3 + 9 + 0 + 3.5 + 3 + 3, 4, 0, 1]) // 5: J441, J441 on asOf, j44.1, J441234, I10X; the stay on asOf counts 0;
    expect([rows.get('p14')!['months_since_emergency'], rows.get('p15')!['months_since_emergency'], rows.get('p03')!['age'], rows.get('p01')!['age_18_44']]).toEqual([11, 10, 24, 1]);
    expect([rows.get('p17')!['polypharmacy'], rows.get('p16')!['ltc_count'], rows.get('p16')!['ltc_heart_failure']]).toEqual([5, 3, 0]);
    // and a single changed value is caught
    const copy = new Map([...rows].map(([k, v]) => [k, { ...v }]));
    copy.get('p16')!['efi'] = rows.get('p16')!['efi']! + 1e-15;
    expect(differences(f, copy)).toHaveLength(1);
  });
});

const pg = await connectPg('featuresToSQL');
describe.skipIf(pg.skip)('featuresToSQL in PostgreSQL equals buildFeatures', () => {
  afterAll(async () => pg.client?.end());
  async function pgFeatures(pop: Population, opts: FeaturesSqlOptions): Promise<Map<string, Record<string, number>>> {
    for (const t of populationTables(pop)) await loadPg(pg.client!, t);
    const res = await pg.client!.query(featuresToSQL({ ...opts, dialect: 'postgres' }).select);
    return numeric(res.rows as Record<string, unknown>[], 'person_id');
  }
  it('a PostgreSQL server is reachable (required in CI)', () => expect(pg.client, pg.problem).toBeDefined());
  it('on generatePopulation (3,000 people)', async () => {
    const pop = synthetic.population;
    const f = buildFeatures(pop, { asOf: synAsOf, conditionClusters: sqlOptionsFor(pop, synAsOf).conditionClusters });
    expect(differences(f, await pgFeatures(pop, sqlOptionsFor(pop, synAsOf)))).toEqual([]);
  });
  it('on the committed Synthea export', async () => {
    const asOf = '2022-10-16';
    const f = buildFeatures(synthea, { asOf, conditionClusters: sqlOptionsFor(synthea, asOf).conditionClusters });
    expect(differences(f, await pgFeatures(synthea, sqlOptionsFor(synthea, asOf)))).toEqual([]);
  });
  it('on the edge cases', async () => {
    const pop = edgePopulation();
    const f = buildFeatures(pop, { asOf: EDGE_AS_OF, conditionClusters: sqlOptionsFor(pop, EDGE_AS_OF).conditionClusters });
    expect(differences(f, await pgFeatures(pop, sqlOptionsFor(pop, EDGE_AS_OF)))).toEqual([]);
  });
});

describe('featuresToSQL parses in Spark SQL, T-SQL and Snowflake (real parser)', () => {
  beforeAll(sqlParserReady);
  for (const dialect of SQL_DIALECTS) {
    it(`${dialect}: the SELECT and the CREATE TABLE / VIEW statements`, () => {
      const opts = sqlOptionsFor(synthetic.population, synAsOf, { dialect, conditionScores: { demo: { weights: { copd: 0.5 }, source: 't' } } });
      const sql = featuresToSQL(opts);
      expect(parseSql(sql.select, dialect)).toBe(1);
      for (const kind of ['table', 'view'] as const) for (const st of featuresToSQL({ ...opts, target: { name: 'analytics.rs_features_out', kind } }).statements) expect(parseSql(st, dialect)).toBe(1);
    });
  }
});
