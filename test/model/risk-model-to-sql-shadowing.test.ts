// Names the SQL makes for itself can never be shadowed by the caller's: every internal name
// (read off the generated SQL, not listed by hand) is used in turn as the caller's id column
// (text and numeric), practice column, score column, a feature column and the table name, and
// DuckDB and PostgreSQL still give the library's scores to 1e-12 and selectCohort's cohort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { connectPg, pgConfig } from '../helpers/pg-client.js';
import { duckTable, pgTable, type SqlColumn } from '../helpers/sql-tables.js';
import { RISK_SQL_INTERNAL_NAMES } from '../../src/model/risk-model-to-sql.js';
import { selectCohort } from '../../src/index.js';
import { asOf, model, population, scores, x } from '../sql/fixtures.js';

// Only people selectCohort finds eligible with adultsOnly: false (the opted-out are not in the table).
const everyone = selectCohort(scores, population, { asOf, topPercent: 100, adultsOnly: false });
const keep = Array.from(everyone.selected.scoreIndex).sort((a, b) => a - b);
const ids = keep.map((s) => x.rowIds[s]!);
const practiceOf = keep.map((s) => population.practices[population.columns.practice[x.rows[s]!]!]!);
const scoreOf = new Map(keep.map((s) => [x.rowIds[s]!, scores[s]!]));
const featureColumns = model.featureNames.map((nm): SqlColumn => ({ name: nm, type: 'double', values: keep.map((s) => x.column(nm)![s]!) }));

/** Every lower-case bare word of the SQL: the names it makes for itself (keywords are upper case, caller names quoted). */
function internalNames(sql: string): string[] {
  const bare = sql.replace(/"(?:[^"]|"")*"/g, ' ').replace(/[0-9]+(?:\.[0-9]+)?e[+-][0-9]+/g, ' ').replace(/\b[0-9]+\b/g, ' ');
  return [...new Set(bare.match(/\b[a-z_][a-z0-9_]*\b/g) ?? [])].sort();
}
const probe = model.toSQL({ dialect: 'duckdb', table: 'x', idColumn: 'id', reasons: true, cohort: { topPercent: 2, per: 'practice', practiceColumn: 'p' } });
const NAMES = internalNames(probe);

it('the internal names read off the SQL include every CTE, alias and column the module lists', () => {
  const listed = [...RISK_SQL_INTERNAL_NAMES.ctes, ...RISK_SQL_INTERNAL_NAMES.aliases, ...RISK_SQL_INTERNAL_NAMES.columns, `${RISK_SQL_INTERNAL_NAMES.reasonPrefix}1`];
  expect(NAMES).toEqual(expect.arrayContaining(listed));
  expect(NAMES.length).toBeGreaterThanOrEqual(listed.length);
});

it('the table has tied scores straddling the top-2% cut of the population', () => {
  const sorted = keep.map((s) => scores[s]!).sort((a, b) => b - a);
  const k = Math.ceil((2 * sorted.length) / 100);
  expect(sorted[k - 1]).toBe(sorted[k]);
});

type Role = 'id' | 'numeric id' | 'practice' | 'score' | 'feature';
const ROLES: Role[] = ['id', 'numeric id', 'practice', 'score', 'feature'];
/** The table for `name` in `role`: the relation itself is also called `name`. */
function columnsFor(name: string, role: Role): SqlColumn[] {
  const cols: SqlColumn[] = [
    role === 'numeric id' ? { name, type: 'integer', values: keep.map((_, i) => i + 1) } : { name: role === 'id' ? name : 'id', type: 'text', values: ids },
    { name: role === 'practice' ? name : 'practice', type: 'text', values: practiceOf },
  ];
  for (const c of featureColumns) cols.push(role === 'feature' && c.name === 'ltc_count' ? { ...c, name } : c);
  return cols;
}
function optionsFor(name: string, role: Role) {
  return {
    table: name,
    idColumn: role === 'id' || role === 'numeric id' ? name : 'id',
    scoreColumn: role === 'score' ? name : 'score',
    ...(role === 'feature' ? { columns: { ltc_count: name } } : {}),
    reasons: true,
  };
}
const expectedCohort = (per: 'practice' | 'population', topPercent: number): string[] =>
  selectCohort(scores, population, { asOf, topPercent, per, adultsOnly: false }).selected.ids as string[];

async function checkAll(dialect: 'duckdb' | 'postgres', load: (name: string, cols: SqlColumn[]) => Promise<void>, query: (sql: string) => Promise<Record<string, unknown>[]>): Promise<void> {
  for (const name of NAMES) {
    for (const role of ROLES) {
      await load(name, columnsFor(name, role));
      const o = { dialect, ...optionsFor(name, role) };
      const idOut = o.idColumn;
      const rows = await query(model.toSQL(o));
      expect(rows.length, `${role} ${name}`).toBe(ids.length);
      let worst = 0;
      for (const r of rows) {
        const id = role === 'numeric id' ? ids[Number(r[idOut]) - 1]! : String(r[idOut]);
        worst = Math.max(worst, Math.abs(Number(r[o.scoreColumn]) - scoreOf.get(id)!));
      }
      expect(worst, `scores with the ${role} column named ${name}`).toBeLessThanOrEqual(1e-12);
      if (role === 'numeric id') continue; // the tie-break compares ids as text: checked with text ids
      for (const [per, topPercent] of [['practice', 2], ['population', 5]] as const) {
        const sql = model.toSQL({ ...o, cohort: { topPercent, per, practiceColumn: role === 'practice' ? name : 'practice' } });
        const cohort = (await query(sql)).map((r) => String(r[idOut]));
        expect(cohort, `top ${topPercent}% per ${per} with the ${role} column named ${name}`).toEqual(expectedCohort(per, topPercent));
      }
    }
  }
}

describe('internal names in DuckDB', () => {
  let db: DuckDBInstance;
  let con: DuckDBConnection;
  beforeAll(async () => {
    db = await DuckDBInstance.create(':memory:');
    con = await db.connect();
  });
  afterAll(() => con?.closeSync());
  it('a caller column or table named like any internal name changes neither scores nor cohort', async () => {
    await checkAll('duckdb', (name, cols) => duckTable(con, name, cols), async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
  });
});

const { client: pgClient, problem: pgProblem, skip: pgSkip } = await connectPg('internal-names');
describe.skipIf(pgSkip)('internal names in PostgreSQL (pg)', () => {
  afterAll(async () => {
    await pgClient?.end();
  });
  it('a PostgreSQL server is reachable (required in CI)', () => {
    expect(pgClient, `PostgreSQL is required in CI but not reachable at ${pgConfig.host}: ${pgProblem}`).toBeDefined();
  });
  it('a caller column or table named like any internal name changes neither scores nor cohort', async () => {
    await checkAll('postgres', (name, cols) => pgTable(pgClient!, name, cols), async (sql) => (await pgClient!.query(sql)).rows as Record<string, unknown>[]);
  });
});

it('refuses output columns that would share a name (case ignored)', () => {
  expect(() => model.toSQL({ dialect: 'duckdb', table: 't', idColumn: 'Score', scoreColumn: 'score' })).toThrow(/both be called/);
  expect(() => model.toSQL({ dialect: 'duckdb', table: 't', idColumn: 'rank', cohort: { topPercent: 2, per: 'population' } })).toThrow(/both be called 'rank'/);
});
