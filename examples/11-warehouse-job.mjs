// 11 The monthly job inside a warehouse: the Synthea export through the SQL path in DuckDB,
// end to end, and the same cohort as the library.
//
//   npm run build && node examples/11-warehouse-job.mjs [path/to/synthea/output/csv]
//
// The export is mapped as in example 10 (fromSynthea: encounters to settings, SNOMED codes to
// condition clusters), written into DuckDB as the warehouse tables the job reads
// (populationToTables), and the job jobToSQL writes (features -> scores -> cohorts -> churn)
// runs there, for last month and then this month against it. The library runs the same month
// with runMonthlyRefresh; the script prints the SQL cohort and stops with an error unless it is
// the library's, person for person and rank for rank, and churn agrees too.
// Default input: ../shared/data/synthea-unmc-crane-111 beside this repository (111 people).
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSynthea } from 'risk-stratify/node';
import { addMonths, buildFeatures, buildOutcomes, fitRiskModel, formatDay, generatePopulation, runMonthlyRefresh, selectModelFeatures } from 'risk-stratify';
import { jobToSQL, populationToTables } from 'risk-stratify/sql';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.argv[2], process.env.RS_SYNTHEA_DIR, join(repo, '../shared/data/synthea-unmc-crane-111'), join(repo, '../../shared/data/synthea-unmc-crane-111'), join(repo, 'test/fixtures/data/synthea-unmc-crane-111')].filter(Boolean);
const dir = candidates.find((d) => existsSync(join(d, 'patients.csv')));
if (!dir) {
  console.log(`no Synthea export found (looked in ${candidates.join(', ')}); pass its folder as the first argument`);
  console.log('skipped: no Synthea export');
  process.exit(0);
}
let duck;
try {
  duck = await import('@duckdb/node-api');
} catch {
  console.log('skipped: @duckdb/node-api is not installed (npm install @duckdb/node-api)');
  process.exit(0);
}

const { population } = await fromSynthea(dir, { practice: 'single' });
const asOfDay = population.window.extractDate;
const asOf = formatDay(asOfDay);
const lastMonth = formatDay(addMonths(asOfDay, -1));
console.log(`Synthea export ${dir}: ${population.size} people, as of ${asOf} (last month ${lastMonth})`);

// A model trained elsewhere (111 people have too few admissions to fit one): on a synthetic
// population, on features Synthea has. The usual monthly job reads a saved one (loadRiskModel).
const train = generatePopulation({ size: Number(process.env.RS_EXAMPLE_SIZE ?? 3000), seed: 11 }).population;
const past = buildFeatures(train, { asOf: '2023-03-01' });
const { matrix } = selectModelFeatures(past, ['age', 'ltc_count', 'efi', 'emergency_admissions', 'ae_attendances', 'gp_contacts']);
const model = fitRiskModel(matrix, buildOutcomes(train, { asOf: '2023-03-01', rows: past.rows }).emergencyAdmission, { l2: 1 });
// 111 people in one practice: the top 10% and the top 5 of everyone, so the cohorts are not trivially small.
const variants = [{ name: 'top10', topPercent: 10 }, { name: 'top5 people', topN: 5, adultsOnly: false }];

// 1. The warehouse: the extract's tables in DuckDB (a file here; your warehouse in real life).
const work = mkdtempSync(join(tmpdir(), 'rs-warehouse-'));
const db = await duck.DuckDBInstance.create(join(work, 'warehouse.duckdb'));
const con = await db.connect();
const typeOf = { text: 'VARCHAR', integer: 'INTEGER', double: 'DOUBLE', date: 'DATE' };
const lit = (c, v) => (v === null ? 'NULL' : c.type === 'text' || c.type === 'date' ? `'${String(v).replaceAll("'", "''")}'` : String(v));
const tables = populationToTables(population);
for (const [name, cols] of Object.entries(tables)) {
  if (!cols) continue;
  await con.run(`CREATE TABLE ${name} (${cols.map((c) => `"${c.name}" ${typeOf[c.type]}`).join(', ')})`);
  const n = cols[0].values.length;
  for (let i = 0; i < n; i += 500) {
    const rows = [];
    for (let r = i; r < Math.min(n, i + 500); r++) rows.push(`(${cols.map((c) => `${lit(c, c.values[r])}${c.type === 'date' && c.values[r] !== null ? '::DATE' : ''}`).join(', ')})`);
    await con.run(`INSERT INTO ${name} VALUES ${rows.join(', ')}`);
  }
  console.log(`  warehouse table ${name}: ${n} rows`);
}

// 2. The job as SQL, last month then this month (last month's cohort copied aside for churn).
const conditionClusters = [...new Set(population.conditions.codes)].sort();
const base = { dialect: 'duckdb', model, variants, conditionClusters, tables: { patients: 'patients', activity: 'activity', conditions: 'conditions', ...(tables.medications ? { medications: 'medications' } : {}) } };
const before = jobToSQL({ ...base, asOf: lastMonth });
for (const s of before.steps) await con.run(s.sql);
await con.run('CREATE TABLE cohort_last_month AS SELECT * FROM stratify_cohort');
const job = jobToSQL({ ...base, asOf, tables: { ...base.tables, previousCohort: 'cohort_last_month' } });
const t0 = Date.now();
for (const s of job.steps) await con.run(s.sql);
console.log(`\nthe job in DuckDB: ${job.steps.length} steps (${job.steps.map((s) => s.name).join(' -> ')}) in ${Date.now() - t0} ms`);
// The files a warehouse team would take: one script, one file per step, dbt models.
mkdirSync(join(work, 'sql'), { recursive: true });
for (const f of job.files) { mkdirSync(dirname(join(work, 'sql', f.path)), { recursive: true }); writeFileSync(join(work, 'sql', f.path), f.text); }
console.log(`  written to ${join(work, 'sql')}: ${job.files.map((f) => f.path).filter((p) => !p.startsWith('steps/')).join(', ')} and steps/`);

// 3. The library on the same population, model and variants.
const common = { model, variants, evaluate: false, driftMonths: 0, reasons: 0 };
const prev = runMonthlyRefresh(population, { ...common, asOf: lastMonth });
const lib = runMonthlyRefresh(population, { ...common, asOf, previous: prev.next });

let same = true;
for (const v of variants) {
  const rows = (await con.runAndReadAll(`SELECT id, practice, rank, score FROM stratify_cohort WHERE variant = '${v.name.replaceAll("'", "''")}' ORDER BY practice, rank`)).getRowObjectsJS();
  const want = lib.variants[v.name].cohort.selected;
  console.log(`\n${v.name}: ${rows.length} selected in SQL, ${want.ids.length} by the library`);
  console.log('  rank  id                                     risk %   (library)');
  rows.forEach((r, k) => console.log(`  ${String(r.rank).padStart(4)}  ${String(r.id).padEnd(38)} ${(100 * r.score).toFixed(2).padStart(6)}   ${want.ids[k] === r.id && want.rank[k] === Number(r.rank) ? 'same' : `library: ${want.ids[k]} rank ${want.rank[k]}`}`));
  same &&= rows.length === want.ids.length && rows.every((r, k) => r.id === want.ids[k] && Number(r.rank) === want.rank[k] && Math.abs(r.score - want.score[k]) <= 1e-12);
  const churn = (await con.runAndReadAll(`SELECT status, count(*) AS n FROM stratify_churn WHERE variant = '${v.name.replaceAll("'", "''")}' GROUP BY status ORDER BY status`)).getRowObjectsJS();
  const c = lib.variants[v.name].churn.counts;
  const sql = Object.fromEntries(churn.map((r) => [r.status, Number(r.n)]));
  console.log(`  churn since ${lastMonth}: SQL ${JSON.stringify(sql)}; library entered ${c.entered}, stayed ${c.stayed}, left ${c.left}`);
  same &&= (sql.entered ?? 0) === c.entered && (sql.stayed ?? 0) === c.stayed && (sql.left ?? 0) === c.left;
}
con.closeSync();
rmSync(work, { recursive: true, force: true });
console.log(`\nThe SQL path gives the library's cohorts and churn: ${same}`);
if (!same) process.exit(1);
