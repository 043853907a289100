// The SQL reads the activity table's raw admission method as the loader does: a yes/no flag,
// a word or an NHS admission method code (21..28, 2A..2D emergency; 11..13, 31, 32, 81..83
// not), and a blank (NULL, '' or spaces) counting as emergency on A&E rows and as not
// emergency on every other row; without the column at all, the same blank rule. Checked row by
// row (the activity CTE's flag) and through the features, in DuckDB and PostgreSQL, against
// the population loadPopulation makes from the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { buildFeatures, loadPopulation, type Population } from '../../src/index.js';
import { formatDay } from '../../src/core/dates.js';
import { renderQuery, sqlDialect } from '../../src/sql/dialect.js';
import { featuresToSQL } from '../../src/sql/features-sql.js';
import { emergencyAdmissionMethods } from '../../src/schema/parse-admission-method.js';
import { populationToTables, type WarehouseColumn, type WarehouseTables } from '../../src/sql/population-tables.js';
import { duckLoad, loadTables, pgLoad } from '../helpers/warehouse-load.js';
import { connectPg } from '../helpers/pg-client.js';

const AS_OF = '2024-04-01';
/** Raw admission methods as extracts write them, blanks of every kind among them. */
const METHODS: (string | null)[] = [null, '', '   ', '21', '2A', '2d', ' 28 ', '11', '12', '31', '81', 'Y', 'N', 'yes', 'no', 'true', 'false', '1', '0', 'emergency', 'Elective', 'non-elective', 'planned', 'Day case'];
const SETTINGS = ['inpatient', 'ae', 'outpatient'];

/** Patients and activity as raw records: every method on every setting, one row a day per person. */
function raw(withMethod: boolean): { patients: Record<string, string>[]; activity: Record<string, string | null>[] } {
  const patients: Record<string, string>[] = [];
  const activity: Record<string, string | null>[] = [];
  METHODS.forEach((method, m) => {
    SETTINGS.forEach((setting, s) => {
      const id = `P${m}-${setting}`;
      patients.push({ nhs_pseudo_id: id, practice: s === 0 ? 'A81001' : 'A81002', birth_date: '1950-06-15', sex: 'F', registered_from: '2010-01-01', opted_out: 'N' });
      // Two rows for each (the second in an adult's lookback), so counts differ from flags.
      for (const day of ['2023-10-03', '2024-01-15']) {
        const row: Record<string, string | null> = { nhs_pseudo_id: id, admidate: `${day} 10:30:00`, setting, discharge_date: setting === 'inpatient' ? day.replace(/-(\d\d)$/, (_, d: string) => `-${String(Number(d) + 2).padStart(2, '0')}`) : null };
        if (withMethod) row['admimeth'] = method;
        activity.push(row);
      }
    });
  });
  return { patients, activity };
}

function loaded(withMethod: boolean): { population: Population; methods: Map<string, string | null> } {
  const r = raw(withMethod);
  const { population, summary } = loadPopulation({ patients: r.patients, activity: r.activity }, { referenceDate: '2024-06-30', activityFrom: '2023-01-01' });
  expect(summary.activity?.rowsAccepted, 'every activity row accepted').toBe(r.activity.length);
  return { population, methods: new Map(r.activity.map((a) => [`${a['nhs_pseudo_id']}|${String(a['admidate']).slice(0, 10)}`, a['admimeth'] ?? null])) };
}

/** The population's tables with the raw admission method (text) as the emergency column, or none. */
function tablesWithRaw(population: Population, methods: Map<string, string | null>, withMethod: boolean): WarehouseTables {
  const t = populationToTables(population);
  const ids = t.activity.find((c) => c.name === 'person_id')!.values;
  const days = t.activity.find((c) => c.name === 'date')!.values;
  const activity: WarehouseColumn[] = t.activity.filter((c) => c.name !== 'emergency');
  if (withMethod) activity.push({ name: 'emergency', type: 'text', values: Array.from(ids, (id, j) => methods.get(`${id}|${days[j]}`) ?? null) });
  return { ...t, activity };
}

interface Engine {
  load(name: string, columns: readonly WarehouseColumn[]): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

async function check(engine: Engine, dialect: 'duckdb' | 'postgres', withMethod: boolean): Promise<void> {
  const { population, methods } = loaded(withMethod);
  const prefix = `am_${withMethod ? 'raw' : 'none'}_`;
  const names = await loadTables(engine.load, tablesWithRaw(population, methods, withMethod), prefix);
  const sql = featuresToSQL({
    dialect, asOf: AS_OF, conditionClusters: ['copd'],
    tables: { patients: names.patients!, activity: names.activity!, conditions: names.conditions! },
    ...(withMethod ? {} : { columns: { activity: { emergency: null } } }),
  });
  // Row by row: the activity CTE's flag equals the loader's.
  const flags = await engine.rows(renderQuery(sqlDialect(dialect), { with: sql.query.with, select: 'a.rs_id AS id, a.rs_day AS day, a.rs_emergency AS emergency', from: 'rs_activity AS a' }));
  const a = population.activity;
  const want = new Map<string, number>();
  for (let i = 0; i < population.size; i++) for (let j = a.offsets[i]!; j < a.offsets[i + 1]!; j++) want.set(`${population.ids[i]}|${formatDay(a.date[j]!)}`, a.emergency[j]!);
  expect(flags.length).toBe(want.size);
  const wrong = flags.filter((r) => {
    const day = r['day'] instanceof Date ? formatDay(Math.round((r['day'] as Date).getTime() / 864e5)) : String(r['day']).slice(0, 10);
    return want.get(`${String(r['id'])}|${day}`) !== Number(r['emergency']);
  }).map((r) => `${String(r['id'])} ${String(r['day'])}: ${String(r['emergency'])}`);
  expect(wrong, `${dialect} flags`).toEqual([]);
  // The library's rule, spelled out: blank is emergency on A&E only.
  const flagOf = (m: number, setting: string): number => want.get(`P${m}-${setting}|2024-01-15`)!;
  for (const blank of withMethod ? [0, 1, 2] : [0, 5, 11]) {
    expect([flagOf(blank, 'ae'), flagOf(blank, 'inpatient'), flagOf(blank, 'outpatient')]).toEqual([1, 0, 0]);
  }
  if (withMethod) expect([flagOf(3, 'inpatient'), flagOf(4, 'ae'), flagOf(7, 'ae'), flagOf(11, 'inpatient'), flagOf(12, 'ae')]).toEqual([1, 1, 0, 1, 0]);
  // Through the features: emergency admissions and their bed days equal buildFeatures'.
  const features = buildFeatures(population, { asOf: AS_OF });
  const rows = await engine.rows(sql.select);
  const at = new Map(rows.map((r) => [String(r['person_id']), r]));
  const diffs: string[] = [];
  for (const name of ['emergency_admissions', 'emergency_bed_days', 'months_since_emergency', 'ae_attendances']) {
    const col = features.column(name)!;
    features.rowIds.forEach((id, i) => {
      if (Number(at.get(id)?.[name]) !== col[i]) diffs.push(`${id} ${name}: sql ${String(at.get(id)?.[name])} library ${col[i]}`);
    });
  }
  expect(diffs, `${dialect} features`).toEqual([]);
  expect(Math.max(...features.column('emergency_admissions')!)).toBe(withMethod ? 2 : 0);
}

it('the SQL matches every emergency value the loader knows, no more', () => {
  const values = emergencyAdmissionMethods();
  expect(values).toEqual(expect.arrayContaining(['1', 'true', 'y', 'yes', 't', 'emergency', 'non-elective', 'unplanned', '21', '28', '2a', '2d']));
  for (const no of ['0', 'n', 'elective', '11', '29', '2e', '31', '81', '']) expect(values).not.toContain(no);
  expect(values).toHaveLength(5 + 5 + 12);
});

describe('admission methods in DuckDB', () => {
  let con: DuckDBConnection;
  beforeAll(async () => { con = await (await DuckDBInstance.create(':memory:')).connect(); });
  afterAll(() => con?.closeSync());
  const engine = (): Engine => ({ load: (n, c) => duckLoad(con, n, c), rows: async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[] });
  it('raw methods (NULL, blank, codes, flags, words) on A&E, inpatient and outpatient rows', async () => { await check(engine(), 'duckdb', true); });
  it('no admission method column: A&E rows are emergency, others not', async () => { await check(engine(), 'duckdb', false); });
});

const pgConn = await connectPg('admission method SQL');
describe.skipIf(pgConn.skip)('admission methods in PostgreSQL', () => {
  const client = (): pg.Client => pgConn.client!;
  afterAll(async () => { await pgConn.client?.end(); });
  const engine = (): Engine => ({ load: (n, c) => pgLoad(client(), n, c), rows: async (sql) => (await client().query(sql)).rows as Record<string, unknown>[] });
  it('raw methods on every setting', async () => {
    expect(pgConn.problem).toBe('');
    await check(engine(), 'postgres', true);
  });
  it('no admission method column', async () => { await check(engine(), 'postgres', false); });
});
