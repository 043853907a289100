// The two engines the SQL equality tests run on, behind one small interface.
import { DuckDBInstance } from '@duckdb/node-api';
import { connectPg } from '../helpers/pg-client.js';
import { duckTable, pgTable, type SqlColumn } from '../helpers/sql-tables.js';

/** An engine: load a table, run a statement, read rows. */
export interface Engine {
  readonly dialect: 'duckdb' | 'postgres';
  load(name: string, columns: readonly SqlColumn[]): Promise<void>;
  run(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** An in-memory DuckDB. */
export async function duckEngine(): Promise<Engine> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  return {
    dialect: 'duckdb',
    load: (name, columns) => duckTable(con, name, columns),
    run: async (sql) => {
      await con.run(sql);
    },
    rows: async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    close: async () => con.closeSync(),
  };
}

/** PostgreSQL through `connectPg` (temporary tables), or why there is none. */
export async function pgEngine(what: string): Promise<{ engine: Engine | undefined; problem: string; skip: boolean }> {
  const { client, problem, skip } = await connectPg(what);
  if (client === undefined) return { engine: undefined, problem, skip };
  return {
    engine: {
      dialect: 'postgres',
      load: (name, columns) => pgTable(client, name, columns),
      run: async (sql) => {
        await client.query(sql);
      },
      rows: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
      close: () => client.end(),
    },
    problem,
    skip,
  };
}
