// Parquet and Arrow input: the same extract written as CSV, as Parquet (by DuckDB, an
// independent writer: once with the types it infers, dates and 64-bit integers, once with
// every column as text) and as Arrow IPC (by arquero, from its own CSV parse) must load to
// the same Population, the same rejected rows and the same summary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { fromCSV, toArrowIPC } from 'arquero';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng.js';
import { loadPopulationFromFiles, safeLoadPopulationFromFiles } from '../../src/node/load-population-from-files.js';
import { readPopulationChunks } from '../../src/node/read-population-chunks.js';
import type { LoadPopulationResult } from '../../src/data/load-population.js';

let dir = '';
let db: DuckDBInstance;
let con: DuckDBConnection;

/** A seeded extract with a few bad rows of each kind (unknown sex, bad date, unknown patient, repeated id). */
function extract(): { patients: string; activity: string; conditions: string } {
  const rng = createRng(7);
  const day = (y0: number, span: number): string => {
    const d = new Date(Date.UTC(y0, 0, 1) + rng.int(span) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const p = ['id,practiceId,sex,birthDate,imdDecile,careHome,optedOut'];
  for (let i = 0; i < 1500; i++) {
    const id = `P${String(i).padStart(5, '0')}`;
    const sex = i % 97 === 5 ? 'Q' : ['F', 'M'][rng.int(2)];
    const birth = i % 211 === 7 ? '1950-13-01' : day(1925, 36_000);
    const imd = i % 13 === 0 ? '' : String(1 + rng.int(10));
    p.push(`${id},${['A81001', 'B82002', 'C83003'][rng.int(3)]},${sex},${birth},${imd},${rng.int(40) === 0 ? 1 : 0},${rng.int(50) === 0 ? 1 : 0}`);
  }
  p.push('P00003,A81001,F,1960-01-01,5,0,0'); // a repeated id
  const a = ['patientId,date,setting,emergency,bedDays,diagnosis'];
  for (let k = 0; k < 4000; k++) {
    const id = k % 301 === 0 ? 'NOBODY' : `P${String(rng.int(1500)).padStart(5, '0')}`;
    const setting = ['inpatient', 'ae', 'outpatient', 'gp'][rng.int(4)]!;
    a.push(`${id},${day(2021, 1000)},${setting},${setting === 'inpatient' ? rng.int(2) : 0},${setting === 'inpatient' ? rng.int(9) : ''},${['J44', 'I50', 'E11', ''][rng.int(4)]}`);
  }
  const c = ['patientId,code,date'];
  for (let k = 0; k < 1200; k++) c.push(`P${String(rng.int(1500)).padStart(5, '0')},${['COPD', 'heart_failure', 'diabetes', 'CKD'][rng.int(4)]},${day(2000, 8000)}`);
  return { patients: `${p.join('\n')}\n`, activity: `${a.join('\n')}\n`, conditions: `${c.join('\n')}\n` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rs-parquet-'));
  const e = extract();
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  for (const [name, text] of Object.entries(e)) {
    writeFileSync(join(dir, `${name}.csv`), text);
    const csv = join(dir, `${name}.csv`).replace(/'/g, "''");
    await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${join(dir, `${name}.parquet`)}' (FORMAT PARQUET)`);
    await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${join(dir, `${name}-text.parquet`)}' (FORMAT PARQUET)`);
    writeFileSync(join(dir, `${name}.arrow`), toArrowIPC(fromCSV(text), { format: 'file' }));
    writeFileSync(join(dir, `${name}.arrows`), toArrowIPC(fromCSV(text), { format: 'stream' }));
  }
  // Sorted by id for streaming, and in row groups of 2,048 so chunks straddle them.
  for (const [name, text] of Object.entries(e)) {
    const [header, ...lines] = text.trim().split('\n');
    const sorted = lines.map((l, k) => [l.split(',')[0]!, k, l] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1])).map((x) => x[2]);
    writeFileSync(join(dir, `${name}-sorted.csv`), `${header}\n${sorted.join('\n')}\n`);
    await con.run(`COPY (SELECT * FROM read_csv('${join(dir, `${name}-sorted.csv`)}', header = true)) TO '${join(dir, `${name}-sorted.parquet`)}' (FORMAT PARQUET, ROW_GROUP_SIZE 2048)`);
  }
  await con.run(`COPY (SELECT 'P1' AS id, [1, 2] AS codes) TO '${join(dir, 'nested.parquet')}' (FORMAT PARQUET)`);
  await con.run(`COPY (SELECT * FROM read_csv('${join(dir, 'patients.csv')}', header = true)) TO '${join(dir, 'zstd.parquet')}' (FORMAT PARQUET, COMPRESSION ZSTD)`);
  writeFileSync(join(dir, 'fake.parquet'), 'id,practiceId\nP1,A\n');
  writeFileSync(join(dir, 'fake.arrow'), 'id,practiceId\nP1,A\n');
}, 60_000);
afterAll(() => {
  con?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const asOf = { referenceDate: '2024-04-01' };
const load = (ext: string): Promise<LoadPopulationResult> =>
  loadPopulationFromFiles({ patients: join(dir, `patients${ext}`), activity: join(dir, `activity${ext}`), conditions: join(dir, `conditions${ext}`) }, asOf);

/** Everything a Population holds, as plain arrays, for a deep comparison. */
function contents(r: LoadPopulationResult): unknown {
  const p = r.population;
  const plain = (o: object): Record<string, unknown> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v]));
  return { ids: p.ids, practices: p.practices, columns: plain(p.columns), activity: plain(p.activity), conditions: plain(p.conditions) };
}
const issues = (r: LoadPopulationResult): unknown => r.rejected.map((i) => [i.source, i.row, i.field, i.code]);

describe('loadPopulationFromFiles with Parquet and Arrow files', () => {
  it('loads the same Population, rejected rows (row numbers, fields, reasons) and summary as the CSV, from typed and all-text Parquet and from Arrow IPC', async () => {
    const csv = await load('.csv');
    expect(csv.population.size).toBeGreaterThan(1400);
    expect(csv.rejected.length).toBeGreaterThan(20); // the bad rows were found
    for (const ext of ['.parquet', '-text.parquet', '.arrow', '.arrows']) {
      const pq = await load(ext);
      expect(contents(pq)).toEqual(contents(csv));
      expect(issues(pq)).toEqual(issues(csv));
      // the same summary; the column report names each source's own file
      const noFile = (r: LoadPopulationResult) => ({ ...r.summary, columns: r.summary.columns.map(({ file: _file, ...rest }) => rest) });
      expect(noFile(pq)).toEqual(noFile(csv));
      expect(pq.summary.columns.every((c) => c.file?.endsWith(ext))).toBe(true);
      expect(pq.rejected.every((i) => i.file?.endsWith(ext))).toBe(true);
    }
  });

  it.each([700, 1000, 5000])('readPopulationChunks streams sorted Parquet files a row group at a time, chunk for chunk the same as the sorted CSV (chunks of %i people, row groups of 2,048 rows)', async (chunkSize) => {
    const chunks = async (ext: string, activityExt = ext): Promise<LoadPopulationResult[]> => {
      const out: LoadPopulationResult[] = [];
      const files = { patients: join(dir, `patients-sorted${ext}`), activity: join(dir, `activity-sorted${activityExt}`), conditions: join(dir, `conditions-sorted${ext}`) };
      for await (const r of readPopulationChunks(files, { chunkSize, ...asOf })) out.push(r);
      return out;
    };
    const csv = await chunks('.csv');
    expect(csv.length).toBe(Math.ceil(1501 / chunkSize));
    for (const pq of [await chunks('.parquet'), await chunks('.parquet', '.csv')]) { // all Parquet, and mixed
      expect(pq.length).toBe(csv.length);
      pq.forEach((r, k) => {
        expect(contents(r)).toEqual(contents(csv[k]!));
        expect(issues(r)).toEqual(issues(csv[k]!));
      });
    }
  });

  it.each([
    ['nested.parquet', 'nested_column', 'codes'],
    ['fake.parquet', 'not_parquet', 'PAR1'],
    ['zstd.parquet', 'corrupt_parquet', 'ZSTD'],
    ['missing.parquet', 'ENOENT', 'no such file'],
    ['fake.arrow', 'not_arrow', 'Arrow'],
  ])('throws file_unreadable for %s (reason %s), naming the file', async (name, reason, text) => {
    const r = await safeLoadPopulationFromFiles({ patients: join(dir, name) }, asOf);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'file_unreadable', fn: 'loadPopulationFromFiles', details: { reason } });
      expect(r.error.message).toContain(join(dir, name));
      expect(r.error.message.toUpperCase()).toContain(text.toUpperCase());
    }
  });
});
