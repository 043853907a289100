// The reasons in SQL (`model.toSQL({ reasons: true })`) equal the library's (`scoreReasons`)
// in DuckDB and PostgreSQL, on a model fitted on buildFeatures' columns (age with its bands,
// the emergency history, conditions), with awkward column names (quoted, never spliced).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { connectPg, pgConfig } from '../helpers/pg-client.js';
import { buildFeatures, buildOutcomes, fitRiskModel, generatePopulation, reasonGroups, scoreReasons, selectModelFeatures } from '../../src/index.js';

const { population } = generatePopulation({ size: 3000, practices: 2, seed: 14 });
const past = selectModelFeatures(buildFeatures(population, { asOf: '2023-04-01' })).matrix;
const model = fitRiskModel(past, buildOutcomes(population, { asOf: '2023-04-01', rows: past.rows }).emergencyAdmission, { l2: 1 });
const now = buildFeatures(population, { asOf: '2024-03-01' });
const names = model.featureNames;
const groups = reasonGroups(names);
const expected = scoreReasons(model, now, { top: 0 });
const ids = now.rowIds;
const n = ids.length;
// Every feature stored under a column name that needs quoting (a space and a double quote).
const columns = Object.fromEntries(names.map((nm) => [nm, `col "${nm}" x`]));

function expectReasonsMatch(rows: Array<Record<string, unknown>>): void {
  expect(rows.length).toBe(n);
  const at = new Map(ids.map((id, i) => [id, i]));
  let worst = 0;
  for (const r of rows) {
    const i = at.get(r['id'] as string)!;
    groups.forEach((g, k) => {
      worst = Math.max(worst, Math.abs(Number(r[`reason_${g.key}`]) - expected.people[i]!.contributions[k]!));
    });
  }
  expect(worst).toBeLessThanOrEqual(1e-12);
}

it('the SQL has one reason column per group, every identifier quoted', () => {
  const sql = model.toSQL({ dialect: 'duckdb', table: 'my schema.people', idColumn: 'person id', columns, reasons: true });
  for (const g of groups) expect(sql).toContain(`AS "reason_${g.key}"`);
  expect(sql).toContain('"my schema"."people"');
  expect(sql).toContain('t."col ""age"" x"');
  expect(groups.map((g) => g.key)).toEqual(expect.arrayContaining(['age', 'emergency']));
});

describe('reasons in DuckDB', () => {
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
    await con.run(`CREATE TABLE people (id VARCHAR, ${names.map((nm) => `"${columns[nm]!.replaceAll('"', '""')}" DOUBLE`).join(', ')})`);
    const app = await con.createAppender('people');
    for (let i = 0; i < n; i++) {
      app.appendVarchar(ids[i]!);
      for (const nm of names) app.appendDouble(now.column(nm)![i]!);
      app.endRow();
    }
    app.closeSync();
  });
  afterAll(() => con?.closeSync());
  it('each reason_<group> equals scoreReasons\' contribution to 1e-12', async () => {
    const rows = (await con.runAndReadAll(model.toSQL({ dialect: 'duckdb', table: 'people', idColumn: 'id', columns, reasons: true }))).getRowObjectsJS() as Array<Record<string, unknown>>;
    expectReasonsMatch(rows);
  });
  it('with the cohort, the reasons come along', async () => {
    const rows = (await con.runAndReadAll(model.toSQL({ dialect: 'duckdb', table: 'people', idColumn: 'id', columns, reasons: true, cohort: { topPercent: 2, per: 'population' } }))).getRowObjectsJS() as Array<Record<string, unknown>>;
    expect(rows.length).toBe(Math.ceil(0.02 * n));
    const at = new Map(ids.map((id, i) => [id, i]));
    for (const r of rows) expect(Number(r['reason_age'])).toBeCloseTo(expected.people[at.get(r['id'] as string)!]!.contributions[groups.findIndex((g) => g.key === 'age')]!, 12);
  });
});

// PostgreSQL: CI starts a server (see test/helpers/pg-client.ts).
const { client: pgClient, problem: pgProblem, skip: pgSkip } = await connectPg('reasons');

describe.skipIf(pgSkip)('reasons in PostgreSQL (pg)', () => {
  const table = `risk_reasons_${process.pid}`;
  beforeAll(async () => {
    if (pgClient === undefined) return;
    await pgClient.query(`CREATE TEMP TABLE ${table} (id TEXT, ${names.map((nm) => `"${columns[nm]!.replaceAll('"', '""')}" FLOAT8`).join(', ')})`);
    await pgClient.query(
      `INSERT INTO ${table} SELECT * FROM unnest($1::text[], ${names.map((_, j) => `$${j + 2}::float8[]`).join(', ')})`,
      [ids, ...names.map((nm) => Array.from(now.column(nm)!))],
    );
  });
  afterAll(async () => {
    await pgClient?.end();
  });
  it('a PostgreSQL server is reachable (required in CI)', () => {
    expect(pgClient, `PostgreSQL is required in CI but not reachable at ${pgConfig.host}: ${pgProblem}`).toBeDefined();
  });
  it('each reason_<group> equals scoreReasons\' contribution to 1e-12', async () => {
    const res = await pgClient!.query(model.toSQL({ dialect: 'postgres', table, idColumn: 'id', columns, reasons: true }));
    expectReasonsMatch(res.rows as Array<Record<string, unknown>>);
  });
});
