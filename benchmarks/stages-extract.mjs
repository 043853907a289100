// The load-extract stage: a whole extract (patients, ~20 activity rows a person, conditions)
// loaded into a Population by loadPopulationFromFiles, from CSV and from Parquet, beside pandas
// read_csv of the same three CSV files and DuckDB's read_csv, each in its own process (so each
// peak RSS is its own), interleaved in one run. The files are written once into
// benchmarks/data/<size>/extract (git-ignored) by benchmarks/lib/extract-csv.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSizesMB, writeExtractCSV, writeExtractParquet } from './lib/extract-csv.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const load = () => os.loadavg().map((v) => v.toFixed(1)).join(', ');

/** Runs one implementation in a fresh process; its JSON line, or an error row. */
function child(cmd, args) {
  try {
    const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop());
  } catch (e) {
    return { error: String(e.stderr || e.message).trim().split('\n').slice(-1)[0] };
  }
}

export const EXTRACT_STAGES = {
  'load-extract': {
    at10M: false,
    async run({ size, n, runs, dataDir }) {
      const dir = join(dataDir, size, 'extract');
      const counts = await writeExtractCSV(n, dir);
      const parquet = await writeExtractParquet(dir);
      const csvMB = extractSizesMB(dir, 'csv');
      const totalMB = Object.values(csvMB).reduce((a, b) => a + (b ?? 0), 0);
      const k = n >= 1e6 ? 1 : Math.max(1, Math.min(3, runs));
      const node = [process.execPath, '--max-old-space-size=16000', join(here, 'load-extract-child.mjs')];
      const rows = [];
      const push = (impl, r, note) => {
        if (r.error) { rows.push({ impl, ms: null, skipped: true, note: `failed: ${r.error}` }); return r; }
        rows.push({ impl, ms: r.ms, cpuMs: r.cpuMs, childPeakRssMB: r.peakRssMB, loadAverage: load(), ...(r.rows ? { rowsRead: r.rows } : {}), note: `${note}; CPU ${(r.cpuMs / 1000).toFixed(1)} s, peak RSS ${r.peakRssMB.toFixed(0)} MB; load average ${load()}` });
        return r;
      };
      const people = (r) => (r.rows ? `${r.people} people, ${r.events} activity rows accepted; ${r.issues} issues; in = accepted + rejected: ${r.balanced}` : '');
      const ours = push('risk-stratify loadPopulationFromFiles (whole extract, CSV)', child(node[0], [...node.slice(1), 'csv', dir, String(k)]),
        'patients + activity + conditions CSV read, validated, joined on the patient id and built into a Population');
      rows.at(-1).note = `${people(ours)}; ${rows.at(-1).note}`;
      const pd = existsSync(PY) ? child(PY, [join(here, 'peers', 'load_extract.py'), dir, String(k)]) : { error: 'python3 not installed' };
      push('pandas read_csv (whole extract: 3 files)', pd, `${pd.pandas ? `pandas ${pd.pandas}: ` : ''}${pd.call ?? ''}; three DataFrames, no validation or joins`);
      const dk = child(node[0], [...node.slice(1), 'duckdb', dir, String(k)]);
      push('DuckDB read_csv (whole extract: 3 files, CREATE TABLE AS)', dk, `read_csv(path, dateformat = '%d/%m/%Y') into in-memory tables, ${dk.threads ?? '?'} threads (all cores)`);
      if (parquet) {
        const pq = child(node[0], [...node.slice(1), 'parquet', dir, String(k)]);
        push('risk-stratify loadPopulationFromFiles (whole extract, Parquet)', pq, 'the same tables as Parquet (Snappy, DATE columns, written by DuckDB)');
        if (!pq.error) rows.at(-1).note = `${people(pq)}; ${rows.at(-1).note}`;
      } else rows.push({ impl: 'risk-stratify loadPopulationFromFiles (whole extract, Parquet)', ms: null, skipped: true, note: 'skipped: @duckdb/node-api (which writes the Parquet files) not installed' });
      rows[0].extract = { ...counts, csvMB: Object.fromEntries(Object.entries(csvMB).map(([f, v]) => [f, Number(v?.toFixed(1))])), totalCsvMB: Number(totalMB.toFixed(0)) };
      if (ours.cpuMs && pd.cpuMs) rows[0].note += `; vs pandas ${(ours.ms / pd.ms).toFixed(2)}x wall, ${(ours.cpuMs / pd.cpuMs).toFixed(2)}x CPU`;
      return rows;
    },
  },
};
