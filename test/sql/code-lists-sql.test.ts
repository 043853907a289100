// Conditions as codes (SNOMED CT, ICD-10) through a code-list table in the SQL: the ltc_*
// flags and ltc_count equal buildFeatures' on the population loadPopulation makes with the
// same code lists (QOF's register rule), on the SNOMED fixture (test/fixtures/extract/snomed)
// with edge rows added: a resolution on the day of a diagnosis, a diagnosis again on the day
// of a resolution, an ICD-10 code matched by its 3-character prefix, codes in no list; at
// several as-of dates, in DuckDB and PostgreSQL.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type pg from 'pg';
import { buildFeatures, loadCodeLists, loadPopulation, type Population } from '../../src/index.js';
import { readCodeLists } from '../../src/node/read-code-lists.js';
import { featuresToSQL } from '../../src/sql/features-sql.js';
import { populationToTables, type WarehouseColumn } from '../../src/sql/population-tables.js';
import { duckLoad, pgLoad } from '../helpers/warehouse-load.js';
import { connectPg } from '../helpers/pg-client.js';
import { thrown } from '../helpers/thrown.js';

const dir = fileURLToPath(new URL('../fixtures/extract/snomed/', import.meta.url));
const text = (f: string): string => readFileSync(`${dir}${f}`, 'utf8');
/** Edge rows on top of the fixture (dd/mm/yyyy as the fixture writes dates). */
const EXTRA = [
  'S04,195967001,01/05/2020 00:00', // asthma diagnosed and
  'S04,162660004,01/05/2020 09:00', // resolved the same day: off the register
  'S08,195967001,01/02/2015 00:00',
  'S08,162660004,01/06/2023 00:00', // resolved, then diagnosed again the same day: still off
  'S08,195967001,01/06/2023 00:00',
  'S03,j45.9 ,12/12/2017 00:00', // ICD-10, matched by the list's J45
  'S03,I50,03/03/2022 00:00', // ICD-10 heart failure, exact
  'S02,Z99.9,01/01/2019 00:00', // an ICD-10 code in no list
];
const AS_OFS = ['2016-01-01', '2018-01-01', '2020-05-01', '2023-06-01', '2024-03-31', '2024-05-31'];

async function fixture(): Promise<{ population: Population; conditions: WarehouseColumn[]; lists: WarehouseColumn[]; clusters: string[] }> {
  const manifest = await readCodeLists(`${dir}codelists/manifest.json`);
  const codeLists = loadCodeLists([...manifest.lists, { cluster: 'asthma', system: 'icd10', codes: ['J45'], source: 'test', version: '1' }, { cluster: 'heart_failure', system: 'icd10', codes: ['I50'], source: 'test', version: '1' }]);
  const conditionsCsv = `${text('conditions.csv').trimEnd()}\n${EXTRA.join('\n')}\n`;
  const { population } = loadPopulation({ patients: text('patients.csv'), conditions: conditionsCsv }, { extractDate: '2024-05-31', codeLists });
  // The raw conditions as a warehouse holds them: codes as text, dates as dates.
  const rows = conditionsCsv.trim().split('\n').slice(1).map((l) => l.split(','));
  const iso = (dmy: string): string => `${dmy.slice(6, 10)}-${dmy.slice(3, 5)}-${dmy.slice(0, 2)}`;
  const conditions: WarehouseColumn[] = [
    { name: 'person_id', type: 'text', values: rows.map((r) => r[0]!) },
    { name: 'cluster', type: 'text', values: rows.map((r) => r[1]!) },
    { name: 'date', type: 'date', values: rows.map((r) => iso(r[2]!)) },
    { name: 'resolved_date', type: 'date', values: rows.map(() => null) },
  ];
  const listRows = codeLists.lists.flatMap((l) => [...l.codes.map((c) => [l.cluster, c, l.system, 0] as const), ...(l.resolvedCodes ?? []).map((c) => [l.cluster, c, l.system, 1] as const)]);
  const lists: WarehouseColumn[] = [
    { name: 'cluster', type: 'text', values: listRows.map((r) => r[0]) },
    { name: 'concept', type: 'text', values: listRows.map((r) => r[1]) },
    { name: 'system', type: 'text', values: listRows.map((r) => r[2].toUpperCase()) },
    { name: 'resolved', type: 'integer', values: listRows.map((r) => r[3]) },
  ];
  const clusters = [...new Set(codeLists.lists.map((l) => l.cluster))].sort();
  return { population, conditions, lists, clusters };
}

interface Engine {
  load(name: string, columns: readonly WarehouseColumn[]): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
}

async function check(engine: Engine, dialect: 'duckdb' | 'postgres'): Promise<void> {
  const { population, conditions, lists, clusters } = await fixture();
  const t = populationToTables(population);
  await engine.load('cl_patients', t.patients);
  await engine.load('cl_activity', t.activity);
  await engine.load('cl_conditions', conditions);
  await engine.load('cl_code_lists', lists);
  let active = 0;
  for (const asOf of AS_OFS) {
    const f = buildFeatures(population, { asOf, conditionClusters: clusters });
    const sql = featuresToSQL({
      dialect, asOf, conditionClusters: clusters,
      tables: { patients: 'cl_patients', activity: 'cl_activity', conditions: 'cl_conditions' },
      codeLists: { table: 'cl_code_lists', columns: { code: 'concept' } },
    });
    const rows = new Map((await engine.rows(sql.select)).map((r) => [String(r['person_id']), r]));
    expect(rows.size, asOf).toBe(f.n);
    const diffs: string[] = [];
    for (const name of [...clusters.map((c) => `ltc_${c}`), 'ltc_count', 'efi', 'efi_category']) {
      const col = f.column(name)!;
      f.rowIds.forEach((id, i) => {
        if (Math.abs(Number(rows.get(id)?.[name]) - col[i]!) > 1e-12) diffs.push(`${asOf} ${id} ${name}: sql ${String(rows.get(id)?.[name])} library ${col[i]}`);
        if (name.startsWith('ltc_') && name !== 'ltc_count') active += col[i]!;
      });
    }
    expect(diffs, `${dialect} ${asOf}`).toEqual([]);
  }
  // The edge rows matter: S04 and S08 off the asthma register, S03 on it through ICD-10, on 2024-03-31.
  const f = buildFeatures(population, { asOf: '2024-03-31', conditionClusters: clusters });
  const at = (id: string, name: string): number => f.column(name)![f.rowIds.indexOf(id)]!;
  expect([at('S04', 'ltc_asthma'), at('S08', 'ltc_asthma'), at('S03', 'ltc_asthma'), at('S03', 'ltc_heart_failure'), at('S01', 'ltc_asthma')]).toEqual([0, 0, 1, 1, 1]);
  expect(active).toBeGreaterThan(10);
}

describe('code lists in DuckDB', () => {
  let con: DuckDBConnection;
  beforeAll(async () => { con = await (await DuckDBInstance.create(':memory:')).connect(); });
  afterAll(() => con?.closeSync());
  it('SNOMED CT and ICD-10 codes through the code-list table give buildFeatures\' registers (QOF rule) at six dates', async () => {
    await check({ load: (n, c) => duckLoad(con, n, c), rows: async (sql) => (await con.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[] }, 'duckdb');
  });
});

const pgConn = await connectPg('code lists SQL');
describe.skipIf(pgConn.skip)('code lists in PostgreSQL', () => {
  const client = (): pg.Client => pgConn.client!;
  afterAll(async () => { await pgConn.client?.end(); });
  it('the same in PostgreSQL', async () => {
    expect(pgConn.problem).toBe('');
    await check({ load: (n, c) => pgLoad(client(), n, c), rows: async (sql) => (await client().query(sql)).rows as Record<string, unknown>[] }, 'postgres');
  });
});

it('refuses a code-list table named like an internal CTE', () => {
  const e = thrown(() => featuresToSQL({ dialect: 'duckdb', asOf: '2024-01-01', conditionClusters: ['asthma'], tables: { patients: 'p', activity: 'a', conditions: 'c' }, codeLists: { table: 'rs_coded' } }));
  expect(e).toMatchObject({ fn: 'featuresToSQL', code: 'invalid_options', path: ['options', 'codeLists', 'table'], value: 'rs_coded' });
});
