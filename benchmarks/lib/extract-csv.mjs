// Writes a whole extract as an ICB analyst receives it, for the load-extract benchmark: a GP
// registered list (patients.csv), hospital and GP activity (activity.csv, about 20 rows a
// person) and long-term condition registers (conditions.csv, a few rows a person), with NHS
// column names (nhs_pseudo_id, practice_code, dob, admidate, admimeth, pod, diag_01, ...) and
// dates as dd/mm/yyyy. Every file is sorted by patient id (readPopulationChunks needs that).
// Then the same tables as Parquet (DuckDB COPY: Snappy, DATE columns), for the Parquet rows.
//
// Deterministic (its own seeded generator: mulberry32), and fast: the library's
// generatePopulation would take minutes per million people. A few activity rows
// (1 in 10,000) name a patient who is not in the list (`P000000250X`, after P000000250's rows), so the rejection path is exercised.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The extract's date: nothing in the files is after it. */
export const EXTRACT_DATE = '2026-01-01';
/** Activity covers the three years before the extract date. */
const DAY0 = Date.UTC(2023, 0, 1) / 86400000;
const DAYS = 3 * 365;
const CLUSTERS = ['hypertension', 'diabetes', 'copd', 'asthma', 'ckd', 'heart_failure', 'atrial_fibrillation', 'depression', 'dementia', 'cancer', 'osteoarthritis', 'chd', 'stroke', 'epilepsy', 'hypothyroidism'];
const ICD10 = ['J44.1', 'I50.0', 'J18.9', 'N39.0', 'R07.4', 'I21.9', 'E11.9', 'S72.0', 'K80.2', 'A41.9', 'J22', 'R55', 'I48.9', 'N17.9', 'C34.9'];
const ETHNIC = 'ABCDEFGHJKLMNPRSZ';

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const two = (x) => (x < 10 ? `0${x}` : `${x}`);
/** dd/mm/yyyy of a day number (days since 1970-01-01). */
const CACHE = new Map();
function ddmmyyyy(day) {
  let s = CACHE.get(day);
  if (s === undefined) {
    const d = new Date(day * 86400000);
    s = `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
    CACHE.set(day, s);
  }
  return s;
}
const poisson = (u, mean) => {
  // inversion; means here are small
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const x = u();
  while (x > s && k < 200) { k++; p *= mean / k; s += p; }
  return k;
};

/** The patient id of person i (sorted as text in the same order as i). */
export const patientId = (i) => `P${String(i).padStart(9, '0')}`;

async function writer(path) {
  const out = createWriteStream(`${path}.part`);
  let buf = '';
  return {
    /** Adds text; true when the caller should `await flush()` (a megabyte is waiting). */
    add(s) {
      buf += s;
      return buf.length > 1 << 20;
    },
    async flush() {
      const ok = out.write(buf);
      buf = '';
      if (!ok) await new Promise((r) => out.once('drain', r));
    },
    async close() {
      out.write(buf);
      await new Promise((r) => out.end(r));
      renameSync(`${path}.part`, path);
    },
  };
}

/**
 * Writes patients.csv, activity.csv and conditions.csv for n people into `dir` (unless they
 * are there). Returns the row counts.
 */
export async function writeExtractCSV(n, dir, seed = 19) {
  mkdirSync(dir, { recursive: true });
  const files = ['patients', 'activity', 'conditions'].map((f) => join(dir, `${f}.csv`));
  if (files.every((f) => existsSync(f))) return { existing: true };
  const u = rng(seed);
  const P = Math.max(1, Math.round(n / 8000));
  const practices = Array.from({ length: P }, (_, p) => `Y${String(p).padStart(5, '0')}`);
  const [pw, aw, cw] = await Promise.all(files.map(writer));
  pw.add('nhs_pseudo_id,practice_code,gender,dob,date_of_death,registration_start_date,registration_end_date,lsoa_imd_decile,care_home_flag,national_opt_out,ethnic_category\n');
  aw.add('nhs_pseudo_id,pod,admimeth,admidate,disdate,spell_los,diag_01,tariff\n');
  cw.add('nhs_pseudo_id,cluster,event_date,resolved_date\n');
  const extract = Date.UTC(2026, 0, 1) / 86400000;
  let activity = 0;
  let conditions = 0;
  for (let i = 0; i < n; i++) {
    const id = patientId(i);
    const age = Math.floor(u() * 95);
    const birth = extract - age * 365 - Math.floor(u() * 365) - 1;
    const frail = age / 95 + u();
    const dead = u() < 0.004 * (1 + age / 20);
    const death = dead ? Math.max(birth + 1, extract - 1 - Math.floor(u() * 300)) : -1;
    const regFrom = Math.max(birth, extract - Math.floor(u() * 30 * 365));
    const left = !dead && u() < 0.02;
    const regTo = left ? Math.max(regFrom, extract - 1 - Math.floor(u() * 300)) : -1;
    pw.add(`${id},${practices[Math.floor(u() * P)]},${u() < 0.5 ? 'F' : 'M'},${ddmmyyyy(birth)},${death >= 0 ? ddmmyyyy(death) : ''},${ddmmyyyy(regFrom)},${regTo >= 0 ? ddmmyyyy(regTo) : ''},${1 + Math.floor(u() * 10)},${age > 80 && u() < 0.1 ? 'Y' : 'N'},${u() < 0.03 ? 'Y' : 'N'},${ETHNIC[Math.floor(u() * ETHNIC.length)]}\n`);
    // about 20 rows a person: GP 10, outpatients 5, A&E 2.5, elective 1, emergency 1.5 (more with age and frailty)
    const scale = 0.4 + frail;
    const kinds = [poisson(u, 10 * scale * 0.75), poisson(u, 5 * scale * 0.75), poisson(u, 2.5 * scale * 0.75), poisson(u, 1 * scale * 0.75), poisson(u, 1.5 * scale * 0.75)];
    const first = Math.max(birth + 1, DAY0);
    const last = Math.min(dead ? death : extract - 1, regTo >= 0 ? regTo : extract - 1);
    const stray = [];
    for (let kind = 0; kind < 5; kind++) {
      for (let e = 0; e < kinds[kind]; e++) {
        if (last < first) break;
        const day = first + Math.floor(u() * Math.min(DAYS, last - first + 1));
        // not in the patients list, and still in id order: written after the person's own rows
        const pid = u() < 0.0001 ? `${id}X` : id;
        activity++;
        if (pid !== id) { stray.push(`${pid},GP,,${ddmmyyyy(day)},,,,\n`); continue; }
        if (kind === 0) aw.add(`${pid},GP,,${ddmmyyyy(day)},,,,\n`);
        else if (kind === 1) aw.add(`${pid},${u() < 0.3 ? 'OPFA' : 'OPFUP'},,${ddmmyyyy(day)},,,,${(120 + Math.floor(u() * 100))}.00\n`);
        else if (kind === 2) aw.add(`${pid},AE,,${ddmmyyyy(day)},${ddmmyyyy(day)},,,${(150 + Math.floor(u() * 200))}.50\n`);
        else {
          const emergency = kind === 4;
          const los = emergency ? Math.min(last - day, poisson(u, 4 + 4 * frail)) : u() < 0.7 ? 0 : Math.min(last - day, 1 + Math.floor(u() * 3));
          aw.add(`${pid},${emergency ? 'NEL' : 'EL'},${emergency ? (u() < 0.8 ? '21' : '22') : '11'},${ddmmyyyy(day)},${ddmmyyyy(day + los)},${los},${ICD10[Math.floor(u() * ICD10.length)]},${1500 + Math.floor(u() * 4000)}.00\n`);
        }
      }
    }
    for (const line of stray) aw.add(line);
    const k = poisson(u, 1.2 + 2.5 * frail);
    if (aw.add('')) await aw.flush();
    if (pw.add('')) await pw.flush();
    for (let c = 0; c < k; c++) {
      const day = birth + 1 + Math.floor(u() * (extract - 1 - birth));
      const resolved = u() < 0.05 && day < extract - 2 ? ddmmyyyy(day + 1 + Math.floor(u() * (extract - 2 - day))) : '';
      conditions++;
      if (cw.add(`${id},${CLUSTERS[Math.floor(u() * CLUSTERS.length)]},${ddmmyyyy(day)},${resolved}\n`)) await cw.flush();
    }
  }
  await Promise.all([pw.close(), aw.close(), cw.close()]);
  return { patients: n, activity, conditions };
}

/**
 * The same three tables as Parquet (Snappy, DuckDB's defaults: row groups of 122,880 rows),
 * dates as Parquet DATEs, written by DuckDB from the CSV files. Skipped when DuckDB is not installed.
 */
export async function writeExtractParquet(dir) {
  const names = ['patients', 'activity', 'conditions'];
  if (names.every((f) => existsSync(join(dir, `${f}.parquet`)))) return true;
  let duck;
  try { duck = await import('@duckdb/node-api'); } catch { return false; }
  const db = await duck.DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const f of names) {
    const csv = join(dir, `${f}.csv`);
    await con.run(`COPY (SELECT * FROM read_csv('${csv}', dateformat = '%d/%m/%Y', all_varchar = false, types = {'nhs_pseudo_id': 'VARCHAR'})) TO '${join(dir, `${f}.parquet.part`)}' (FORMAT parquet, COMPRESSION snappy)`);
    renameSync(join(dir, `${f}.parquet.part`), join(dir, `${f}.parquet`));
  }
  con.closeSync?.();
  return true;
}

/** Bytes of each file of the extract, in MB. */
export const extractSizesMB = (dir, ext) => Object.fromEntries(['patients', 'activity', 'conditions'].map((f) => [f, existsSync(join(dir, `${f}.${ext}`)) ? statSync(join(dir, `${f}.${ext}`)).size / 1048576 : undefined]));
