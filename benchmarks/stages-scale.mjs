// Scale stages: the streaming pipeline (bounded memory, 1M and 10M people) and scoring
// inside DuckDB from the model's SQL export, compared with the library's own core.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as rs from '../dist/index.js';
import * as rsNode from '../dist/node.js';
import { FEATURES, makeDesign } from './lib/design.mjs';
import { memory } from './lib/measure.mjs';
import { features as popFeatures, outcome as popOutcome, outcomeOfRows, standIn, fitOnVarying, keepColumns } from './lib/population-features.mjs';

const ASOF = '2023-04-01';
const LIGHT = { years: 3, gpContacts: false, outpatients: false, medications: false };
export const STREAM_CHUNK = 250_000;

/** Chunks of generated people with ids made distinct across chunks (C007-S0000001). */
function* generatedChunks(n, chunk, timers) {
  for (let c = 0; c * chunk < n; c++) {
    const t = performance.now();
    const p = rs.generatePopulation({ ...LIGHT, size: Math.min(chunk, n - c * chunk), seed: 1000 + c }).population;
    const prefix = `C${String(c).padStart(3, '0')}-`;
    const ids = p.ids.map((id) => prefix + id);
    timers.generate += performance.now() - t;
    yield Object.create(p, { ids: { value: ids } });
  }
}

/** Deterministic design for DuckDB and JS alike: x_j = f_j(i) in exact integer arithmetic. */
const A = Array.from({ length: FEATURES }, (_, j) => 7919 + 104_729 * j);
const B = Array.from({ length: FEATURES }, (_, j) => 13 * j + 1);
function kind(j) { return j === 0 ? 'age' : j <= 5 ? 'flag' : j <= 9 ? 'count' : 'cont'; }
function sqlExpr(j) {
  const h = `(i * ${A[j]} + ${B[j]})`;
  switch (kind(j)) {
    case 'age': return `CAST(${h} % 10000 AS DOUBLE) / 1000.0`;
    case 'flag': return `CASE WHEN ${h} % 7 = 0 THEN 1.0 ELSE 0.0 END`;
    case 'count': return `CAST(${h} % 5 AS DOUBLE)`;
    default: return `CAST(${h} % 2001 - 1000 AS DOUBLE) / 1000.0`;
  }
}
function jsValue(j, i) {
  const h = i * A[j] + B[j];
  switch (kind(j)) {
    case 'age': return (h % 10000) / 1000;
    case 'flag': return h % 7 === 0 ? 1 : 0;
    case 'count': return h % 5;
    default: return ((h % 2001) - 1000) / 1000;
  }
}

/**
 * A plain chunk generator for the 10M streaming run (the library's generator costs ~100 s of
 * CPU per million people, which would dominate): demographics, registration, opt-outs,
 * deaths, and emergency admissions whose rate rises with age, deprivation and frailty. Ids
 * are distinct across chunks; practices (2,000 codes) are spread over all chunks.
 */
function simpleChunk(c, size, asOf) {
  const rng = rs.createRng(`chunk-${c}`);
  const ids = new Array(size), practice = new Uint32Array(size), sex = new Uint8Array(size), birthDate = new Int32Array(size);
  const deathDate = new Int32Array(size).fill(2147483647), imdDecile = new Uint8Array(size), careHome = new Uint8Array(size), optedOut = new Uint8Array(size);
  const patient = [], date = [], setting = [], emergency = [], bedDays = [];
  for (let i = 0; i < size; i++) {
    ids[i] = `C${String(c).padStart(4, '0')}-${String(i).padStart(7, '0')}`;
    practice[i] = rng.int(2000);
    sex[i] = 1 + rng.int(2);
    const age = rng.uniform() * 95;
    birthDate[i] = asOf - Math.floor(age * 365.25);
    imdDecile[i] = 1 + rng.int(10);
    careHome[i] = age > 80 && rng.uniform() < 0.1 ? 1 : 0;
    optedOut[i] = rng.uniform() < 0.03 ? 1 : 0;
    if (rng.uniform() < 0.005 * (1 + age / 20)) deathDate[i] = asOf - rng.int(300);
    const frail = rng.normal();
    const rate = Math.exp(-3.2 + 0.03 * age + 0.06 * (10 - imdDecile[i]) + 0.6 * frail + careHome[i]);
    const k = rng.poisson(rate * 2);
    for (let e = 0; e < k; e++) { patient.push(i); date.push(asOf - 365 + rng.int(730)); setting.push(0); emergency.push(1); bedDays.push(rng.poisson(3)); }
  }
  return rs.createPopulation({ ids, practices: Array.from({ length: 2000 }, (_, p) => `Q${String(p).padStart(4, '0')}`), practice, sex, birthDate, deathDate, imdDecile, careHome, optedOut,
    activity: { patient, date, setting, emergency, bedDays } });
}
const SIMPLE_FEATURES = ['age', 'female', 'imd', 'care_home', 'emergency_12m', 'bed_days_12m'];
const simpleFeatures = (p, asOf) => { const f = standIn(p, asOf); return rs.toFeatureMatrix(Object.fromEntries(SIMPLE_FEATURES.map((k) => [k, f.column(k)]))); };

export const SCALE_STAGES = {
  // The whole extract of the load-extract stage (patients, ~20 activity rows a person,
  // conditions; CSV sorted by patient id) streamed through readPopulationChunks, a chunk of
  // people at a time, every chunk validated and built into a Population and then dropped:
  // memory bounded by the chunk, whatever the file sizes. At 10M: 200M activity rows, ~14 GB.
  'stream-extract': {
    at10M: true,
    async run({ size, n, dataDir }) {
      const { writeExtractCSV, extractSizesMB, EXTRACT_DATE } = await import('./lib/extract-csv.mjs');
      const dir = `${dataDir}/${size}/extract`;
      await writeExtractCSV(n, dir);
      const files = { patients: `${dir}/patients.csv`, activity: `${dir}/activity.csv`, conditions: `${dir}/conditions.csv` };
      const mb = extractSizesMB(dir, 'csv');
      const chunkSize = STREAM_CHUNK;
      let people = 0, events = 0, chunks = 0, maxHeapMB = 0, maxRssMB = 0;
      const rows = { patients: [0, 0, 0], activity: [0, 0, 0], conditions: [0, 0, 0] };
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for await (const r of rsNode.readPopulationChunks(files, { referenceDate: EXTRACT_DATE, chunkSize })) {
        chunks++;
        people += r.population.size;
        events += r.population.activity.date.length;
        for (const f of Object.keys(rows)) { rows[f][0] += r.summary[f].rowsIn; rows[f][1] += r.summary[f].rowsAccepted; rows[f][2] += r.summary[f].rowsRejected; }
        const m = memory();
        maxHeapMB = Math.max(maxHeapMB, m.heapMB);
        maxRssMB = Math.max(maxRssMB, m.rssMB);
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      const balanced = Object.values(rows).every(([i, a, j]) => i === a + j);
      const totalMB = Object.values(mb).reduce((a, b) => a + (b ?? 0), 0);
      return [{
        impl: `risk-stratify readPopulationChunks (whole extract CSV, chunks of ${chunkSize / 1000}k people)`, ms, cpuMs: (cpu.user + cpu.system) / 1000, people, events, chunks, maxHeapMB, maxRssMB,
        rowsIn: Object.fromEntries(Object.entries(rows).map(([f, [i, a, j]]) => [f, { in: i, accepted: a, rejected: j }])), csvMB: Math.round(totalMB),
        note: `${people} people, ${events} activity rows accepted in ${chunks} chunks from ${(totalMB / 1024).toFixed(1)} GB of CSV; in = accepted + rejected: ${balanced}; ${(ms / 60000).toFixed(1)} min, CPU ${(cpu.user / 1e6 + cpu.system / 1e6).toFixed(0)} s; max heap ${maxHeapMB.toFixed(0)} MB, max RSS ${maxRssMB.toFixed(0)} MB; load average ${os.loadavg().map((v) => v.toFixed(1)).join(', ')}`,
      }];
    },
  },
  'stream-simple': {
    at10M: true,
    async run({ n }) {
      const asOf = rs.parseDate(ASOF);
      const train = simpleChunk(99_999, 100_000, asOf);
      const model = rs.fitRiskModel(simpleFeatures(train, asOf), popOutcome(train, asOf));
      const timers = { generate: 0, features: 0 };
      let maxHeapMB = 0;
      const source = function* () {
        for (let c = 0; c * STREAM_CHUNK < n; c++) { const t = performance.now(); const p = simpleChunk(c, Math.min(STREAM_CHUNK, n - c * STREAM_CHUNK), asOf); timers.generate += performance.now() - t; yield p; }
      };
      const features = (p, day) => { const t = performance.now(); const f = simpleFeatures(p, day); timers.features += performance.now() - t; return f; };
      const t0 = performance.now();
      const r = await rsNode.streamCohort(source, model, features, { asOf, topPercent: 2, onProgress: () => { maxHeapMB = Math.max(maxHeapMB, memory().heapMB); } });
      const ms = performance.now() - t0;
      const other = ms - timers.generate - timers.features;
      return [{
        impl: `risk-stratify streamCohort (plain generator, chunks of ${STREAM_CHUNK / 1000}k, two passes)`, ms, people: r.people, selected: r.selected, chunks: r.chunks,
        generateMs: timers.generate, featuresMs: timers.features, scoreSelectMs: other, maxHeapMB,
        note: `${r.people} people in ${r.chunks} chunks, ${r.selected} selected in 2,000 practices; generating (both passes) ${(timers.generate / 1000).toFixed(0)} s, features ${(timers.features / 1000).toFixed(0)} s, eligibility+score+top-k ${(other / 1000).toFixed(1)} s; max heap ${maxHeapMB.toFixed(0)} MB`,
      }];
    },
  },
  stream: {
    at10M: false,
    async run({ n }) {
      const asOf = rs.parseDate(ASOF);
      const train = rs.generatePopulation({ ...LIGHT, size: 100_000, seed: 99 }).population;
      const trainFeatures = popFeatures(train, asOf);
      const model = fitOnVarying(trainFeatures, outcomeOfRows(train, asOf, trainFeatures));
      const timers = { generate: 0, features: 0 };
      let maxHeapMB = 0;
      const features = (p, day) => { const t = performance.now(); const f = keepColumns(popFeatures(p, day), model.featureNames); timers.features += performance.now() - t; return f; };
      const t0 = performance.now();
      const r = await rsNode.streamCohort(() => generatedChunks(n, STREAM_CHUNK, timers), model, features, {
        asOf, topPercent: 2, onProgress: () => { maxHeapMB = Math.max(maxHeapMB, memory().heapMB); },
      });
      const ms = performance.now() - t0;
      const other = ms - timers.generate - timers.features;
      return [{
        impl: `risk-stratify streamCohort (chunks of ${STREAM_CHUNK / 1000}k, two passes)`, ms, people: r.people, selected: r.selected, chunks: r.chunks,
        generateMs: timers.generate, featuresMs: timers.features, scoreSelectMs: other, maxHeapMB,
        note: `${r.people} people, ${r.selected} selected; generating both passes ${(timers.generate / 1000).toFixed(0)} s, features ${(timers.features / 1000).toFixed(0)} s, eligibility+score+top-k ${(other / 1000).toFixed(1)} s; max heap ${maxHeapMB.toFixed(0)} MB`,
      }];
    },
  },
  duckdb: {
    at10M: true,
    async run({ n }) {
      let duck;
      try { duck = await import('@duckdb/node-api'); } catch (e) { return [{ impl: 'DuckDB (toSQL)', ms: null, skipped: true, note: `skipped: @duckdb/node-api not installed (${e.message})` }]; }
      const d = makeDesign(100_000);
      const model = rs.fitRiskModel(rs.toFeatureMatrix(Object.fromEntries(d.names.map((k, j) => [k, d.cols[j]]))), d.y);
      const P = Math.max(1, Math.round(n / 10_000));
      // The library side: the same columns in JS, scored by the core, top 2% per practice.
      const cols = {};
      for (let j = 0; j < FEATURES; j++) { const c = new Float64Array(n); for (let i = 0; i < n; i++) c[i] = jsValue(j, i); cols[`x${j + 1}`] = c; }
      const fm = rs.toFeatureMatrix(cols);
      const out = new Float64Array(n);
      model.score(fm, { out });
      let t = performance.now();
      model.score(fm, { out });
      const libScoreMs = performance.now() - t;
      const idOf = (i) => `P${String(i).padStart(9, '0')}`;
      const practiceCodes = Array.from({ length: P }, (_, p) => `Y${String(p).padStart(5, '0')}`);
      const practice = new Uint32Array(n);
      for (let i = 0; i < n; i++) practice[i] = i % P;
      const counts = {};
      for (let p = 0; p < P; p++) counts[practiceCodes[p]] = rs.cohortSize(2, Math.floor(n / P) + (p < n % P ? 1 : 0));
      t = performance.now();
      const top = rsNode.createStreamingTopK(counts);
      top.offerChunk(out, practice, practiceCodes, idOf);
      const libTop = new Set(top.result().flatMap((g) => g.ids));
      const libTopMs = performance.now() - t;
      // DuckDB side: the table generated inside DuckDB from the same formulas.
      const db = await duck.DuckDBInstance.create(':memory:');
      const con = await db.connect();
      const xs = Array.from({ length: FEATURES }, (_, j) => `${sqlExpr(j)} AS x${j + 1}`).join(', ');
      t = performance.now();
      await con.run(`CREATE TABLE people AS SELECT 'P' || lpad(CAST(i AS VARCHAR), 9, '0') AS id, 'Y' || lpad(CAST(i % ${P} AS VARCHAR), 5, '0') AS practice, ${xs} FROM range(${n}) r(i)`);
      const buildMs = performance.now() - t;
      t = performance.now();
      await con.run(`CREATE TABLE scored AS ${model.toSQL({ dialect: 'duckdb', table: 'people', idColumn: 'id' })}`);
      const duckScoreMs = performance.now() - t;
      t = performance.now();
      const cohortReader = await con.runAndReadAll(model.toSQL({ dialect: 'duckdb', table: 'people', idColumn: 'id', cohort: { topPercent: 2, per: 'practice', practiceColumn: 'practice' } }));
      const duckCohortMs = performance.now() - t;
      const duckIds = cohortReader.getColumns()[0];
      let sameCohort = duckIds.length === libTop.size;
      for (const id of duckIds) if (!libTop.has(id)) { sameCohort = false; break; }
      const scoresReader = await con.runAndReadAll('SELECT score FROM scored ORDER BY id');
      const duckScores = scoresReader.getColumns()[0];
      let maxDiff = 0;
      for (let i = 0; i < n; i++) maxDiff = Math.max(maxDiff, Math.abs(duckScores[i] - out[i]));
      con.closeSync?.();
      return [
        { impl: 'DuckDB: score from model.toSQL (CREATE TABLE AS)', ms: duckScoreMs, maxAbsScoreDiff: maxDiff, buildTableMs: buildMs,
          note: `max abs(score - core) ${maxDiff.toExponential(1)}; ${(duckScoreMs / libScoreMs).toFixed(1)}x the core's ${libScoreMs.toFixed(0)} ms; DuckDB on all cores` },
        { impl: 'DuckDB: top 2% per practice from model.toSQL({cohort})', ms: duckCohortMs, sameCohort, selected: duckIds.length,
          note: `${duckIds.length} selected; ${sameCohort ? 'identical to' : 'DIFFERENT from'} the core's top-k (${libTop.size}); core score+top-k ${(libScoreMs + libTopMs).toFixed(0)} ms` },
      ];
    },
  },
};
