// 09 Score inside DuckDB with the model's SQL export, and check it selects the same people.
//
//   npm run build && node examples/09-duckdb-sql.mjs
//
// model.toSQL() writes one SELECT (every coefficient with 17 significant digits, the logistic
// in its safe form, ROW_NUMBER per practice with ties broken by id), so the same model runs
// where the data lives: DuckDB here, PostgreSQL, Spark or SQL Server the same way.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatePopulation, buildFeatures, buildOutcomes, fitRiskModel, toFeatureMatrix, selectCohort, ageInYears, addMonths } from 'risk-stratify';

const size = Number(process.env.RS_EXAMPLE_SIZE ?? 20_000);
const { population, truth } = generatePopulation({ size, years: 3, seed: 1 });
const NAMES = ['age', 'age_85_plus', 'ltc_count', 'efi', 'emergency_admissions', 'emergency_bed_days', 'ae_attendances', 'gp_contacts'];
const fitAt = addMonths(truth.startDate, 12);
const train = buildFeatures(population, { asOf: fitAt });
const pick = (f) => toFeatureMatrix(Object.fromEntries(NAMES.map((n) => [n, f.column(n)])), { rowIds: f.rowIds, rows: f.rows, asOf: f.asOf });
const model = fitRiskModel(pick(train), buildOutcomes(population, { asOf: fitAt, rows: train.rows }).emergencyAdmission, { l2: 1 });

// Today's features for the people a cohort may include (adults, not opted out), as a CSV table.
const asOf = addMonths(truth.startDate, 30);
const f = buildFeatures(population, { asOf });
const c = population.columns;
const keep = [];
f.rows.forEach((row, r) => { if (!c.optedOut[row] && ageInYears(c.birthDate[row], asOf) >= 18) keep.push(r); });
const dir = mkdtempSync(join(tmpdir(), 'rs-duckdb-'));
const file = join(dir, 'features.csv');
const lines = [['id', 'practice', ...NAMES].join(',')];
for (const r of keep) lines.push([f.rowIds[r], population.practices[c.practice[f.rows[r]]], ...NAMES.map((n) => String(f.column(n)[r]))].join(','));
writeFileSync(file, `${lines.join('\n')}\n`);

const sql = model.toSQL({ dialect: 'duckdb', table: 'features', idColumn: 'id', cohort: { topPercent: 2, per: 'practice', practiceColumn: 'practice' } });
console.log(sql.split('\n').slice(0, 6).join('\n'), '\n  ...');

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE features AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true, columns = {${['id', 'practice'].map((k) => `'${k}': 'VARCHAR'`).concat(NAMES.map((n) => `'${n}': 'DOUBLE'`)).join(', ')}})`);
const inDb = (await con.runAndReadAll(sql)).getRowObjectsJson();
console.log(`\nDuckDB selected ${inDb.length} people (top 2% per practice of ${keep.length} adults)`);

// The same selection in JavaScript.
const scores = model.score(f, { ignoreExtra: true });
const cohort = selectCohort(scores, population, { asOf, topPercent: 2, per: 'practice', rows: f.rows });
const js = new Map(cohort.selected.ids.map((id, k) => [id, cohort.selected.score[k]]));
let maxDiff = 0;
for (const row of inDb) maxDiff = Math.max(maxDiff, Math.abs(Number(row.score) - (js.get(row.id) ?? Number.NaN)));
console.log(`largest score difference between DuckDB and JavaScript: ${maxDiff.toExponential(2)}`);
console.log(`DuckDB and selectCohort select the same people: ${inDb.length === js.size && inDb.every((r) => js.has(r.id))}`);
con.closeSync();
