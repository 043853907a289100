// Loading the warehouse tables of a population (populationToTables) into DuckDB and PostgreSQL,
// typed as a warehouse holds them (DATE, INTEGER, DOUBLE, text), for the whole-job tests.
import type { DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import type { WarehouseColumn, WarehouseTables } from '../../src/sql/population-tables.js';
import { duckTable, pgTable } from './sql-tables.js';

/** Creates (or replaces) DuckDB table `name` holding `columns`. */
export const duckLoad = (con: DuckDBConnection, name: string, columns: readonly WarehouseColumn[]): Promise<void> => duckTable(con, name, columns);

/** Creates PostgreSQL table `name` (dropped first, not temporary) holding `columns`, in one INSERT from unnest. */
export const pgLoad = (client: pg.Client, name: string, columns: readonly WarehouseColumn[]): Promise<void> => pgTable(client, name, columns, false);

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
