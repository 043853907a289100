// The extract of the warehouse-job benchmark, as Parquet, generated inside DuckDB in SQL (a
// few seconds per million people, where a JavaScript generator takes minutes): patients, about
// 20 activity rows a person (GP, outpatients, A&E, elective and emergency admissions, more with
// age and frailty) and long-term condition registers. Column names are those the generated SQL
// assumes by default (person_id, birth_date, ...; the loader finds them by the same names) and
// values in canonical forms (0/1 flags, settings inpatient/ae/outpatient/gp), so the library (readPopulationChunks) and the generated SQL
// read the same files with no mapping. Every file is sorted by patient id, as
// readPopulationChunks needs; ids are 'P' and nine digits, so text order is numeric order.
// Deterministic: every value is a hash of the row number (DuckDB's hash() is stable).
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/** The extract's date: nothing in the files is after it. */
export const JOB_EXTRACT_DATE = '2026-01-01';
/** The as-of date of the benchmark's job (activity covers the three years before the extract). */
export const JOB_AS_OF = '2025-12-01';

const CLUSTERS = ['hypertension', 'diabetes', 'copd', 'asthma', 'ckd', 'heart_failure', 'atrial_fibrillation', 'depression', 'dementia', 'cancer', 'osteoarthritis', 'chd', 'stroke', 'epilepsy', 'hypothyroidism'];
const ICD10 = ['J44.1', 'I50.0', 'J18.9', 'N39.0', 'R07.4', 'I21.9', 'E11.9', 'S72.0', 'K80.2', 'A41.9', 'J22', 'R55', 'I48.9', 'N17.9', 'C34.9'];
const list = (xs) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** A uniform in [0, 1) from the hash of the given SQL expressions. */
const u = (...parts) => `((hash(${parts.join(', ')}) % 1000000)::DOUBLE / 1000000)`;

/**
 * Writes patients.parquet, activity.parquet and conditions.parquet for n people into `dir`
 * (unless they are there) with DuckDB. Returns the row counts (and `generated: true` when it
 * wrote them), or null without DuckDB.
 */
export async function writeJobParquet(n, dir) {
  const names = ['patients', 'activity', 'conditions'];
  mkdirSync(dir, { recursive: true });
  let duck;
  try { duck = await import('@duckdb/node-api'); } catch { return null; }
  const db = await duck.DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const con = await db.connect();
  const counts = async (f) => Number((await (await con.runAndReadAll(`SELECT count(*) FROM read_parquet('${join(dir, `${f}.parquet`)}')`)).getRows())[0][0]);
  if (names.every((f) => existsSync(join(dir, `${f}.parquet`)))) {
    const out = {};
    for (const f of names) out[f] = await counts(f);
    con.closeSync();
    return out;
  }
  const P = Math.max(1, Math.round(n / 8000));
  const extract = `DATE '${JOB_EXTRACT_DATE}'`;
  // People: age, frailty, death, leaving the list, opt-out, all from hashes of i.
  await con.run(`CREATE TEMP TABLE people AS
    SELECT i, 'P' || lpad(CAST(i AS VARCHAR), 9, '0') AS id,
      floor(${u('i', "'age'")} * 95)::INTEGER AS age,
      ${u('i', "'frail'")} AS frail,
      ${u('i', "'dead'")} < 0.004 * (1 + floor(${u('i', "'age'")} * 95) / 20) AS dead,
      ${u('i', "'left'")} < 0.02 AS left_list
    FROM range(${n}) t(i)`);
  const birth = `(${extract} - (age * 365 + floor(${u('i', "'bday'")} * 365)::INTEGER + 1))`;
  await con.run(`CREATE TEMP TABLE patients AS
    SELECT id AS person_id, 'Y' || lpad(CAST(floor(${u('i', "'practice'")} * ${P})::INTEGER AS VARCHAR), 5, '0') AS practice,
      CASE WHEN ${u('i', "'sex'")} < 0.5 THEN 'F' ELSE 'M' END AS sex,
      ${birth} AS birth_date,
      CASE WHEN dead THEN GREATEST(${birth}, ${extract} - 1 - floor(${u('i', "'death'")} * 300)::INTEGER) END AS death_date,
      GREATEST(${birth}, ${extract} - floor(${u('i', "'reg'")} * 30 * 365)::INTEGER) AS registered_from,
      CASE WHEN left_list AND NOT dead THEN GREATEST(${birth}, ${extract} - floor(${u('i', "'reg'")} * 30 * 365)::INTEGER, ${extract} - 1 - floor(${u('i', "'regto'")} * 300)::INTEGER) END AS registered_to,
      1 + floor(${u('i', "'imd'")} * 10)::INTEGER AS imd_decile,
      CASE WHEN age > 80 AND ${u('i', "'care'")} < 0.1 THEN 1 ELSE 0 END AS care_home,
      CASE WHEN ${u('i', "'opt'")} < 0.03 THEN 1 ELSE 0 END AS opted_out,
      i, age, frail
    FROM people`);
  // Activity: per person up to 40 candidate rows, of which about 20 are kept (more with age and frailty);
  // kind by the row's hash: GP 10/20, outpatient 5/20, A&E 2.5/20, elective 1/20, emergency 1.5/20.
  await con.run(`CREATE TEMP TABLE activity AS
    WITH slots AS (
      SELECT p.person_id AS id, p.i, p.frail, p.age, e.k,
        GREATEST(p.birth_date + 1, ${extract} - 3 * 365) AS first,
        LEAST(COALESCE(p.death_date, ${extract} - 1), COALESCE(p.registered_to, ${extract} - 1)) AS last,
        ${u('p.i', 'e.k', "'kind'")} AS kind_u
      FROM patients p, range(40) e(k)
      WHERE ${u('p.i', 'e.k', "'keep'")} < (0.4 + p.frail * 0.6 + p.age / 190.0) / 2
    ), rows AS (
      SELECT id, i, k, frail,
        CASE WHEN kind_u < 0.5 THEN 'gp' WHEN kind_u < 0.75 THEN 'outpatient' WHEN kind_u < 0.875 THEN 'ae' ELSE 'inpatient' END AS setting,
        kind_u >= 0.925 AS is_emergency,
        first + floor(${u('i', 'k', "'day'")} * (last - first + 1))::INTEGER AS date, last
      FROM slots WHERE last >= first
    )
    SELECT id AS person_id, date, setting,
      CASE WHEN setting = 'inpatient' AND is_emergency THEN 1 ELSE 0 END AS emergency,
      CASE WHEN setting = 'inpatient' THEN date + LEAST(CAST(last - date AS INTEGER), floor(${u('i', 'k', "'los'")} * (2 + 8 * frail))::INTEGER) END AS discharge_date,
      CAST(NULL AS DOUBLE) AS bed_days,
      CASE WHEN setting = 'inpatient' THEN ${list(ICD10)}[1 + floor(${u('i', 'k', "'diag'")} * ${ICD10.length})::INTEGER] END AS primary_diagnosis,
      CASE setting WHEN 'gp' THEN 0 WHEN 'outpatient' THEN 120 WHEN 'ae' THEN 150 ELSE 1500 END + floor(${u('i', 'k', "'cost'")} * 1000)::DOUBLE AS cost
    FROM rows
    ORDER BY person_id, date, k`);
  await con.run(`CREATE TEMP TABLE conditions AS
    WITH c AS (
      SELECT p.person_id AS id, p.i, e.k, p.birth_date AS birthDate FROM patients p, range(8) e(k)
      WHERE ${u('p.i', 'e.k', "'ltc'")} < (0.15 + 0.5 * p.frail * p.age / 95.0)
    )
    SELECT id AS person_id, ${list(CLUSTERS)}[1 + floor(${u('i', 'k', "'cluster'")} * ${CLUSTERS.length})::INTEGER] AS cluster,
      birthDate + 1 + floor(${u('i', 'k', "'onset'")} * (${extract} - 2 - birthDate))::INTEGER AS date,
      CASE WHEN ${u('i', 'k', "'resolved'")} < 0.05 THEN ${extract} - 1 END AS resolved_date
    FROM c ORDER BY person_id, date, k`);
  for (const f of names) {
    const cols = f === 'patients' ? 'person_id, practice, sex, birth_date, death_date, registered_from, registered_to, imd_decile, care_home, opted_out' : '*';
    await con.run(`COPY (SELECT ${cols} FROM ${f} ORDER BY person_id) TO '${join(dir, `${f}.parquet.part`)}' (FORMAT parquet, COMPRESSION snappy)`);
    renameSync(join(dir, `${f}.parquet.part`), join(dir, `${f}.parquet`));
  }
  const out = { generated: true }; // written in this process: its peak RSS is the generator's
  for (const f of names) out[f] = await counts(f);
  con.closeSync();
  return out;
}
