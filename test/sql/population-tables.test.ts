import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { generatePopulation } from '../../src/index.js';
import { populationToTables } from '../../src/sql/population-tables.js';
import { duckLoad, loadTables } from '../helpers/warehouse-load.js';
import { DEFAULT_COLUMNS } from '../../src/sql/source-tables.js';

const { population } = generatePopulation({ size: 400, seed: 3 });

describe('populationToTables(population)', () => {
  let con: DuckDBConnection;
  beforeAll(async () => {
    con = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => con?.closeSync());

  it('has one patients row per person and one activity row per event, with NULL for no date', () => {
    const t = populationToTables(population);
    for (const c of t.patients) expect(c.values).toHaveLength(population.size);
    for (const c of t.activity) expect(c.values).toHaveLength(population.activity.date.length);
    const death = t.patients.find((c) => c.name === 'death_date')!.values;
    expect(death.filter((v) => v === null).length).toBe(Array.from(population.columns.deathDate).filter((d) => d === 2147483647).length);
  });

  it('names its columns as the SQL writers assume by default (DEFAULT_COLUMNS), so no mapping is needed', () => {
    const t = populationToTables(population);
    for (const table of ['patients', 'activity', 'conditions', 'medications'] as const) {
      const names = (t[table] ?? []).map((c) => c.name);
      for (const col of Object.values(DEFAULT_COLUMNS[table])) if (table !== 'medications' || t.medications) expect(names, table).toContain(col);
    }
  });

  it('loads into DuckDB typed as a warehouse holds it, and reads back the same days', async () => {
    const names = await loadTables((n, c) => duckLoad(con, n, c), populationToTables(population), 'src_');
    expect(names.patients).toBe('src_patients');
    const r = await con.runAndReadAll('SELECT typeof("birth_date"), count(*), sum(CAST("birth_date" - DATE \'1970-01-01\' AS BIGINT)) FROM src_patients GROUP BY 1');
    const [type, n, sum] = r.getRows()[0]!;
    expect(type).toBe('DATE');
    expect(Number(n)).toBe(population.size);
    expect(Number(sum)).toBe(Array.from(population.columns.birthDate).reduce((a, b) => a + b, 0));
  });
});
