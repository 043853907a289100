// Loading columns into DuckDB and PostgreSQL tables for the SQL equality tests.
import { DuckDBDateValue, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { parseDate } from '../../src/core/dates.js';

/** One column: name, SQL type and values (null for SQL NULL, NaN stored as NULL; a date as yyyy-mm-dd text). */
export interface SqlColumn {
  readonly name: string;
  readonly type: 'text' | 'double' | 'integer' | 'date';
  readonly values: ArrayLike<string | number | null>;
}

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const duckType = { text: 'VARCHAR', double: 'DOUBLE', integer: 'INTEGER', date: 'DATE' } as const;
const pgType = { text: 'TEXT', double: 'FLOAT8', integer: 'INTEGER', date: 'DATE' } as const;

/** Creates (or replaces) a DuckDB table `name` holding `columns`. */
export async function duckTable(con: DuckDBConnection, name: string, columns: readonly SqlColumn[]): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE ${quote(name)} (${columns.map((c) => `${quote(c.name)} ${duckType[c.type]}`).join(', ')})`);
  const n = columns[0]?.values.length ?? 0;
  const app = await con.createAppender(name);
  for (let i = 0; i < n; i++) {
    for (const c of columns) {
      const v = c.values[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) app.appendNull();
      else if (c.type === 'text') app.appendVarchar(String(v));
      else if (c.type === 'integer') app.appendInteger(Number(v));
      else if (c.type === 'date') app.appendDate(new DuckDBDateValue(parseDate(String(v))!));
      else app.appendDouble(Number(v));
    }
    app.endRow();
  }
  app.closeSync();
}

/** Creates a PostgreSQL table `name` (temporary unless `temp` is false) holding `columns` (one INSERT from unnest). */
export async function pgTable(client: pg.Client, name: string, columns: readonly SqlColumn[], temp = true): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${quote(name)}`);
  await client.query(`CREATE ${temp ? 'TEMP ' : ''}TABLE ${quote(name)} (${columns.map((c) => `${quote(c.name)} ${pgType[c.type]}`).join(', ')})`);
  if ((columns[0]?.values.length ?? 0) === 0) return;
  const arrays = columns.map((c) => Array.from(c.values, (v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)));
  await client.query(`INSERT INTO ${quote(name)} SELECT * FROM unnest(${columns.map((c, j) => `$${j + 1}::${pgType[c.type]}[]`).join(', ')})`, arrays);
}
