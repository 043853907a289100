// Loading the warehouse tables of a population (populationToTables) into DuckDB and PostgreSQL,
// typed as a warehouse holds them (DATE, INTEGER, DOUBLE, text), for the whole-job tests.
import { DuckDBDateValue, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { parseDate } from '../../src/core/dates.js';
import type { WarehouseColumn, WarehouseTables } from '../../src/sql/population-tables.js';

const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const duckType = { text: 'VARCHAR', double: 'DOUBLE', integer: 'INTEGER', date: 'DATE' } as const;
const pgType = { text: 'TEXT', double: 'FLOAT8', integer: 'INTEGER', date: 'DATE' } as const;

/** Creates (or replaces) DuckDB table `name` holding `columns`. */
export async function duckLoad(con: DuckDBConnection, name: string, columns: readonly WarehouseColumn[]): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE ${quote(name)} (${columns.map((c) => `${quote(c.name)} ${duckType[c.type]}`).join(', ')})`);
  const n = columns[0]?.values.length ?? 0;
  const app = await con.createAppender(name);
  for (let i = 0; i < n; i++) {
    for (const c of columns) {
      const v = c.values[i];
      if (v === null || v === undefined) app.appendNull();
      else if (c.type === 'text') app.appendVarchar(String(v));
      else if (c.type === 'integer') app.appendInteger(Number(v));
      else if (c.type === 'date') app.appendDate(new DuckDBDateValue(parseDate(String(v))!));
      else app.appendDouble(Number(v));
    }
    app.endRow();
  }
  app.closeSync();
}

/** Creates PostgreSQL table `name` (dropped first) holding `columns`, in one INSERT from unnest. */
export async function pgLoad(client: pg.Client, name: string, columns: readonly WarehouseColumn[]): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${quote(name)}`);
  await client.query(`CREATE TABLE ${quote(name)} (${columns.map((c) => `${quote(c.name)} ${pgType[c.type]}`).join(', ')})`);
  if ((columns[0]?.values.length ?? 0) === 0) return;
  await client.query(`INSERT INTO ${quote(name)} SELECT * FROM unnest(${columns.map((c, j) => `$${j + 1}::${pgType[c.type]}[]`).join(', ')})`, columns.map((c) => [...c.values]));
}

/** Loads every table of `tables` under `prefix` + its name (e.g. `src_patients`); returns the table names. */
export async function loadTables(load: (name: string, columns: readonly WarehouseColumn[]) => Promise<void>, tables: WarehouseTables, prefix = ''): Promise<Record<'patients' | 'activity' | 'conditions' | 'medications', string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const t of ['patients', 'activity', 'conditions', 'medications'] as const) {
    const cols = tables[t];
    if (cols === undefined) { out[t] = undefined; continue; }
    await load(`${prefix}${t}`, cols);
    out[t] = `${prefix}${t}`;
  }
  return out as Record<'patients' | 'activity' | 'conditions' | 'medications', string | undefined>;
}
