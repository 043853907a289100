// The whole monthly job from Parquet: inside DuckDB from jobToSQL's script (features, scores,
// cohorts, churn), against the library's streaming path on the same files
// (readPopulationChunks + buildFeatures + streamCohort). About 20 activity rows a person.
// Each stage runs in its own process, so each peak RSS is its own (DuckDB's memory is in the
// process's RSS). Both write the top-2% cohort's ids beside the data, and whichever runs second
// says whether the two cohorts are identical.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as rs from '../dist/index.js';
import * as rsNode from '../dist/node.js';
import * as rsSql from '../dist/sql.js';
import { JOB_AS_OF, JOB_EXTRACT_DATE, writeJobParquet } from './lib/job-parquet.mjs';
import { memory } from './lib/measure.mjs';
import { keepColumns } from './lib/population-features.mjs';

const CHUNK = 250_000;
const FIT_AS_OF = '2024-12-01';

async function prepare(n, dataDir, size) {
  const dir = join(dataDir, size, 'job');
  const t = performance.now();
  const counts = await writeJobParquet(n, dir);
  const files = { patients: join(dir, 'patients.parquet'), activity: join(dir, 'activity.parquet'), conditions: join(dir, 'conditions.parquet') };
  // One model for both sides, fitted once on the first 100k people (as of a year before, on the year after).
  const modelPath = join(dir, 'model.json');
  if (!existsSync(modelPath)) {
    for await (const r of rsNode.readPopulationChunks(files, { chunkSize: 100_000, extractDate: JOB_EXTRACT_DATE })) {
      const f = rs.buildFeatures(r.population, { asOf: FIT_AS_OF });
      const { matrix } = rs.selectModelFeatures(f, rs.MODEL_FEATURES);
      const y = rs.buildOutcomes(r.population, { asOf: FIT_AS_OF, rows: f.rows }).emergencyAdmission;
      writeFileSync(modelPath, JSON.stringify(rs.fitRiskModel(matrix, y, { l2: 1 }).toJSON()));
      break;
    }
  }
  return { dir, files, counts, model: rs.loadRiskModel(readFileSync(modelPath, 'utf8')), prepareMs: performance.now() - t };
}

/** Sorted ids, one a line; and whether the other side's file (if written) holds the same. */
function compareCohort(dir, mine, other, ids) {
  const text = [...ids].sort().join('\n');
  writeFileSync(join(dir, `cohort-${mine}.txt`), text);
  const path = join(dir, `cohort-${other}.txt`);
  return existsSync(path) ? readFileSync(path, 'utf8') === text : null;
}

export const JOB_STAGES = {
  'job-duckdb': {
    at10M: true,
    async run({ n, size, dataDir }) {
      let duck;
      try { duck = await import('@duckdb/node-api'); } catch (e) { return [{ impl: 'DuckDB whole job (jobToSQL)', ms: null, skipped: true, note: `skipped: @duckdb/node-api not installed (${e.message})` }]; }
      const { dir, files, counts, model } = await prepare(n, dataDir, size);
      const job = rsSql.jobToSQL({
        dialect: 'duckdb', asOf: JOB_AS_OF, model,
        tables: { patients: 'patients', activity: 'activity', conditions: 'conditions' },
        variants: [{ name: 'top2', topPercent: 2 }],
      });
      const db = await duck.DuckDBInstance.create(':memory:');
      const con = await db.connect();
      let maxRssMB = 0;
      const t0 = performance.now();
      for (const [t, path] of Object.entries(files)) await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${path}')`);
      const stepMs = {};
      for (const s of job.steps) {
        const t = performance.now();
        await con.run(s.sql);
        stepMs[s.name] = performance.now() - t;
        maxRssMB = Math.max(maxRssMB, memory().rssMB);
      }
      const ms = performance.now() - t0;
      const cohortStep = job.steps.find((s) => /cohort$/.test(s.name));
      const reader = await con.runAndReadAll(`SELECT id FROM ${cohortStep.name} WHERE variant = 'top2'`);
      const ids = reader.getColumns()[0].map(String);
      const same = compareCohort(dir, 'duckdb', 'stream', ids);
      con.closeSync();
      return [{
        impl: 'DuckDB whole job from Parquet (jobToSQL script)', ms, people: n, activityRows: counts.activity, selected: ids.length, sameCohort: same, stepMs, jobMaxRssMB: maxRssMB, generatedHere: counts.generated === true,
        note: `${n} people, ${counts.activity} activity rows, ${counts.conditions} condition rows; ${ids.length} selected (top 2% per practice); RSS after each step at most ${Math.round(maxRssMB)} MB${counts.generated ? ' (the files were generated in this process first, so its peak RSS is the generator\'s: rerun for the job\'s own)' : ''}${same === null ? '' : same ? ', identical to the streaming path' : ', DIFFERENT from the streaming path'}; steps ${Object.entries(stepMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}; DuckDB on all cores`,
      }];
    },
  },
  'job-stream': {
    at10M: true,
    async run({ n, size, dataDir }) {
      const { dir, files, counts, model } = await prepare(n, dataDir, size);
      const timers = { load: 0, features: 0 };
      let maxHeapMB = 0;
      const source = async function* () {
        let t = performance.now();
        for await (const r of rsNode.readPopulationChunks(files, { chunkSize: CHUNK, extractDate: JOB_EXTRACT_DATE })) {
          timers.load += performance.now() - t;
          yield r.population;
          t = performance.now();
        }
      };
      const features = (p, day) => {
        const t = performance.now();
        const f = keepColumns(rs.buildFeatures(p, { asOf: day }), model.featureNames);
        timers.features += performance.now() - t;
        return f;
      };
      const t0 = performance.now();
      const r = await rsNode.streamCohort(source, model, features, { asOf: JOB_AS_OF, topPercent: 2, onProgress: () => { maxHeapMB = Math.max(maxHeapMB, memory().heapMB); } });
      const ms = performance.now() - t0;
      const ids = r.practices.flatMap((p) => p.ids);
      const same = compareCohort(dir, 'stream', 'duckdb', ids);
      return [{
        impl: `risk-stratify streaming from Parquet (readPopulationChunks + buildFeatures + streamCohort, chunks of ${CHUNK / 1000}k, two passes)`, ms, people: r.people, activityRows: counts.activity, selected: r.selected, sameCohort: same,
        loadMs: timers.load, featuresMs: timers.features, scoreSelectMs: ms - timers.load - timers.features, maxHeapMB,
        note: `${r.people} people, ${r.selected} selected${same === null ? '' : same ? ', identical to DuckDB' : ', DIFFERENT from DuckDB'}; reading Parquet (both passes) ${(timers.load / 1000).toFixed(0)} s, features ${(timers.features / 1000).toFixed(0)} s, eligibility+score+top-k ${((ms - timers.load - timers.features) / 1000).toFixed(1)} s; max heap ${maxHeapMB.toFixed(0)} MB`,
      }];
    },
  },
};
