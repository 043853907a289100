import { afterAll, beforeAll } from 'vitest';
import { DuckDBDateValue, DuckDBInstance, DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { formatDay, NO_DATE } from '../../src/core/dates.js';
import { SETTING_LEVELS, SEX_LEVELS, type Population } from '../../src/core/population.js';

/** A column type of a warehouse table in the tests. `timestamp` holds a day number written with a time of day. */
export type ColumnType = 'text' | 'date' | 'timestamp' | 'int' | 'double';
/** A table to load into DuckDB and PostgreSQL: columns and rows (dates as day numbers, null for missing). */
export interface TableSpec {
  readonly name: string;
  readonly columns: readonly (readonly [string, ColumnType])[];
  readonly rows: (string | number | null)[][];
}

const day = (x: number): number | null => (x === NO_DATE ? null : x);

/**
 * A population as the four tables the SQL generators read, with their default column names
 * (`person_id`, `birth_date`, ...), or with `rename` applied (caller column -> name used).
 * Activity dates carry a time of day (10:30) as an extract's would.
 */
export function populationTables(pop: Population, rename: Readonly<Record<string, string>> = {}, prefix = ''): TableSpec[] {
  const c = pop.columns;
  const r = (n: string): string => rename[n] ?? n;
  const patients: TableSpec = {
    name: `${prefix}patients`,
    columns: [[r('person_id'), 'text'], [r('practice'), 'text'], [r('birth_date'), 'date'], [r('sex'), 'text'], [r('imd_decile'), 'int'], [r('care_home'), 'int'], [r('registered_from'), 'date'], [r('registered_to'), 'date'], [r('death_date'), 'date'], [r('opted_out'), 'int']],
    rows: Array.from({ length: pop.size }, (_, i) => [pop.ids[i]!, pop.practices[c.practice[i]!]!, c.birthDate[i]!, SEX_LEVELS[c.sex[i]!]!, c.imdDecile[i]! === 0 ? null : c.imdDecile[i]!, c.careHome[i]!, c.registeredFrom[i]!, day(c.registeredTo[i]!), day(c.deathDate[i]!), c.optedOut[i]!]),
  };
  const a = pop.activity;
  const act: TableSpec = { name: `${prefix}activity`, columns: [[r('person_id'), 'text'], [r('date'), 'timestamp'], [r('discharge_date'), 'date'], [r('setting'), 'text'], [r('emergency'), 'int'], [r('bed_days'), 'double'], [r('primary_diagnosis'), 'text']], rows: [] };
  const cd = pop.conditions;
  const cond: TableSpec = { name: `${prefix}conditions`, columns: [[r('person_id'), 'text'], [r('cluster'), 'text'], [r('date'), 'date'], [r('resolved_date'), 'date']], rows: [] };
  const m = pop.medications;
  const meds: TableSpec = { name: `${prefix}medications`, columns: [[r('person_id'), 'text'], [r('code'), 'text'], [r('start_date'), 'date'], [r('end_date'), 'date']], rows: [] };
  for (let i = 0; i < pop.size; i++) {
    for (let k = a.offsets[i]!; k < a.offsets[i + 1]!; k++) {
      const bd = a.bedDays[k]!;
      act.rows.push([pop.ids[i]!, a.date[k]!, day(a.endDate[k]!), SETTING_LEVELS[a.setting[k]!]!, a.emergency[k]!, Number.isNaN(bd) ? null : bd, a.diagnosis[k]! < 0 ? null : a.diagnoses[a.diagnosis[k]!]!]);
    }
    for (let k = cd.offsets[i]!; k < cd.offsets[i + 1]!; k++) cond.rows.push([pop.ids[i]!, cd.codes[cd.code[k]!]!, cd.date[k]!, day(cd.resolvedDate[k]!)]);
    if (m) for (let k = m.offsets[i]!; k < m.offsets[i + 1]!; k++) meds.rows.push([pop.ids[i]!, m.codes[m.code[k]!]!, m.date[k]!, day(m.endDate[k]!)]);
  }
  return m ? [patients, act, cond, meds] : [patients, act, cond];
}

const DUCK_TYPE: Record<ColumnType, string> = { text: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP', int: 'INTEGER', double: 'DOUBLE' };
const PG_TYPE: Record<ColumnType, string> = { text: 'TEXT', date: 'DATE', timestamp: 'TIMESTAMP', int: 'INTEGER', double: 'FLOAT8' };
const q = (s: string): string => `"${s.replaceAll('"', '""')}"`;
const TIME_OF_DAY = 10.5 * 3600e6;

/** Creates and fills a table in DuckDB (appender). */
export async function loadDuckDB(con: DuckDBConnection, t: TableSpec): Promise<void> {
  await con.run(`CREATE OR REPLACE TABLE ${q(t.name)} (${t.columns.map(([n, ty]) => `${q(n)} ${DUCK_TYPE[ty]}`).join(', ')})`);
  const app = await con.createAppender(t.name);
  for (const row of t.rows) {
    t.columns.forEach(([, ty], j) => {
      const v = row[j];
      if (v === null || v === undefined) app.appendNull();
      else if (ty === 'text') app.appendVarchar(String(v));
      else if (ty === 'date') app.appendDate(new DuckDBDateValue(v as number));
      else if (ty === 'timestamp') app.appendTimestamp(new DuckDBTimestampValue(BigInt(v as number) * 86400000000n + BigInt(TIME_OF_DAY)));
      else if (ty === 'int') app.appendInteger(v as number);
      else app.appendDouble(v as number);
    });
    app.endRow();
  }
  app.closeSync();
}

/** Creates and fills a temporary table in PostgreSQL (one INSERT from arrays). */
export async function loadPg(client: pg.Client, t: TableSpec): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${q(t.name)}`);
  await client.query(`CREATE TEMP TABLE ${q(t.name)} (${t.columns.map(([n, ty]) => `${q(n)} ${PG_TYPE[ty]}`).join(', ')})`);
  if (t.rows.length === 0) return;
  const arrays = t.columns.map(([, ty], j) => t.rows.map((row) => {
    const v = row[j];
    if (v === null || v === undefined) return null;
    if (ty === 'date') return formatDay(v as number);
    if (ty === 'timestamp') return `${formatDay(v as number)} 10:30:00`;
    return v;
  }));
  const casts = t.columns.map(([, ty], j) => `$${j + 1}::${ty === 'text' || ty === 'date' || ty === 'timestamp' ? 'text' : PG_TYPE[ty]}[]`);
  const select = t.columns.map(([n, ty], j) => `CAST(u.c${j} AS ${PG_TYPE[ty]}) AS ${q(n)}`);
  await client.query(`INSERT INTO ${q(t.name)} SELECT ${select.join(', ')} FROM unnest(${casts.join(', ')}) AS u(${t.columns.map((_, j) => `c${j}`).join(', ')})`, arrays);
}

/** Rows of a result as plain objects with numbers (bigint and numeric text made numbers). */
export function numeric(rows: readonly Record<string, unknown>[], idColumn: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const o: Record<string, number> = {};
    for (const [k, v] of Object.entries(row)) if (k !== idColumn) o[k] = v === null ? Number.NaN : Number(v);
    out.set(String(row[idColumn]), o);
  }
  return out;
}

/** An in-memory DuckDB connection for the calling `describe` (opened before its tests, closed after). */
export function useDuckDB(): () => DuckDBConnection {
  let con: DuckDBConnection | undefined;
  beforeAll(async () => {
    con = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => con?.closeSync());
  return () => con!;
}
