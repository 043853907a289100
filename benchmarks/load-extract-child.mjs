// One implementation of the load-extract benchmark in its own process, so its peak memory is
// its own: `node load-extract-child.mjs csv|parquet|duckdb EXTRACT_DIR RUNS`. Prints one JSON
// line: median wall and CPU ms over RUNS runs (no warm-up: the files were just read, so they
// are in the page cache for every implementation alike), rows, and the process's peak RSS.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXTRACT_DATE } from './lib/extract-csv.mjs';

const [impl, dir, runsText] = process.argv.slice(2);
const runs = Number(runsText);
const FILES = ['patients', 'activity', 'conditions'];
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

async function timed(fn) {
  const wall = [];
  const cpu = [];
  let out;
  for (let r = 0; r < runs; r++) {
    out = undefined;
    const t = performance.now();
    const c = process.cpuUsage();
    out = await fn();
    const u = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((u.user + u.system) / 1000);
  }
  return { ms: med(wall), cpuMs: med(cpu), out };
}

let row;
if (impl === 'csv' || impl === 'parquet') {
  const rsNode = await import('../dist/node.js');
  const files = Object.fromEntries(FILES.map((f) => [f, join(dir, `${f}.${impl}`)]));
  const { ms, cpuMs, out } = await timed(() => rsNode.loadPopulationFromFiles(files, { referenceDate: EXTRACT_DATE }));
  const s = out.summary;
  const rows = Object.fromEntries(FILES.map((f) => [f, { in: s[f].rowsIn, accepted: s[f].rowsAccepted, rejected: s[f].rowsRejected }]));
  // every row is accounted for: in = accepted + rejected, and each rejected row has its issue(s)
  const balanced = FILES.every((f) => s[f].rowsIn === s[f].rowsAccepted + s[f].rowsRejected);
  row = { ms, cpuMs, rows, issues: out.rejected.length, balanced, people: out.population.size, events: out.population.activity.date.length };
} else if (impl === 'duckdb') {
  const duck = await import('@duckdb/node-api');
  const db = await duck.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const threads = (await con.runAndReadAll("SELECT current_setting('threads')")).getColumns()[0][0];
  const { ms, cpuMs, out } = await timed(async () => {
    const n = {};
    for (const f of FILES) {
      await con.run(`CREATE OR REPLACE TABLE ${f} AS SELECT * FROM read_csv('${join(dir, `${f}.csv`)}', dateformat = '%d/%m/%Y', types = {'nhs_pseudo_id': 'VARCHAR'})`);
      n[f] = Number((await con.runAndReadAll(`SELECT count(*) FROM ${f}`)).getColumns()[0][0]);
    }
    return n;
  });
  row = { ms, cpuMs, rows: out, threads: Number(threads) };
}
process.stdout.write(`${JSON.stringify({ ...row, runs, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
