// The benchmark stages. Each `run(ctx)` returns rows { impl, ms, ...figures }; ctx has
// { size, n, runs, dataDir }. Stages import the built package (run `npm run build` first).
// A stage whose API is not on main yet returns one row with `skipped` and a note.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as rs from '../dist/index.js';
import * as rsNode from '../dist/node.js';
import * as rsReport from '../dist/report.js';
import { bandwidth } from './lib/bandwidth.mjs';
import { FEATURES, makeDesign, makeFeaturesDesign } from './lib/design.mjs';
import { median, memory } from './lib/measure.mjs';
import { features as popFeatures, hasBuildFeatures, outcome as popOutcome, outcomeOfRows, standIn, fitOnVarying } from './lib/population-features.mjs';

const few = (runs) => Math.max(1, Math.min(3, runs));
const skipped = (impl, what) => [{ impl, ms: null, skipped: true, note: `skipped: ${what} is not on main yet` }];
const ASOF = '2023-04-01';
const time = (fn) => { const t = performance.now(); const r = fn(); return [performance.now() - t, r]; };

/** The shared design as a FeatureMatrix plus the scores of its true model (for AUROC etc.). */
function design(n) {
  const d = makeDesign(n);
  const matrix = rs.toFeatureMatrix(Object.fromEntries(d.names.map((k, j) => [k, d.cols[j]])));
  return { ...d, matrix };
}
const logistic = (e) => (e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e)));
/** Scores of a fitted-like linear predictor over the first `m` features (rounded: some ties). */
function linearScores(d, beta, m = FEATURES) {
  const s = new Float64Array(d.n);
  for (let i = 0; i < d.n; i++) {
    let e = beta[0];
    for (let j = 0; j < m; j++) e += beta[j + 1] * d.cols[j][i];
    s[i] = Math.round(logistic(e) * 1e6) / 1e6;
  }
  return s;
}
const TRUE_BETA = [-4.2, 0.35, 0.5, 0.4, 0.3, 0.25, 0.6, 0.15, 0.2, 0.1, 0.05, 0.2, -0.1, 0.15, 0.05, -0.05, 0.1, 0.0, 0.08, -0.12, 0.03];

/** A population of n adults in n/10,000 practices (England's mean list is ~10k), for selection. */
function selectionPopulation(n, seed = 5) {
  const rng = rs.createRng(seed);
  const P = Math.max(1, Math.round(n / 10_000));
  const ids = new Array(n);
  const practice = new Uint32Array(n);
  const birthDate = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = `P${String(i).padStart(9, '0')}`;
    practice[i] = rng.int(P);
    birthDate[i] = -5000 - rng.int(20000);
  }
  // The extract's window is given: asOf 19000 (2022-01-08) is inside it.
  return rs.createPopulation({ ids, practices: Array.from({ length: P }, (_, p) => `Y${String(p).padStart(5, '0')}`), practice, birthDate, window: { extractDate: 19100, activityFrom: 18000 } });
}

/**
 * The features a user scores: buildFeatures' own output on a synthetic population of n people,
 * the issue-19 design's 19 columns (age in years; sex and care-home flags; ten condition
 * flags; counts of emergency admissions, A&E, outpatient visits and GP contacts; bed days;
 * medications), as buildFeatures typed and placed them (a view, no copy), and a model fitted on
 * them. The same values as Float64Arrays are written for numpy (column-major doubles, with
 * the model's coefficients), so the peer scores the same design in the same run.
 */
function builtFeatures(n, dataDir, size) {
  const pop = rs.generatePopulation({ size: n, seed: 19 }).population;
  const f = rs.buildFeatures(pop, { asOf: ASOF });
  const ltc = f.names.filter((k) => k.startsWith('ltc_') && k !== 'ltc_count').slice(0, 10);
  const names = ['age', 'sex_female', 'care_home', ...ltc, 'emergency_admissions', 'ae_attendances', 'outpatient_attendances', 'emergency_bed_days', ...(f.column('polypharmacy') ? ['polypharmacy'] : []), 'gp_contacts'];
  const view = rs.toFeatureMatrix(Object.fromEntries(names.map((k) => [k, f.column(k)])));
  const doubles = names.map((k) => Float64Array.from(f.column(k)));
  const m = Math.min(f.n, 200_000);
  const age = f.column('age');
  const y = Float64Array.from({ length: m }, (_, i) => (((i * 2654435761) >>> 0) % 1000 < 30 + age[i] + 200 * Math.min(1, f.column('emergency_admissions')[i]) ? 1 : 0));
  const model = rs.fitRiskModel(rs.toFeatureMatrix(Object.fromEntries(names.map((k, j) => [k, doubles[j].subarray(0, m)]))), y);
  const file = join(dataDir, size, 'score-features.f64');
  const all = new Float64Array(names.length * f.n);
  doubles.forEach((c, j) => all.set(c, j * f.n));
  writeFileSync(file, new Uint8Array(all.buffer));
  writeFileSync(`${file}.json`, JSON.stringify({ n: f.n, p: names.length, names, intercept: model.coefficients.intercept, coef: names.map((k) => model.coefficients[k]) }));
  const bytes = names.reduce((b, k) => b + f.column(k).BYTES_PER_ELEMENT, 0);
  return { view, doubles: rs.toFeatureMatrix(Object.fromEntries(names.map((k, j) => [k, doubles[j]]))), model, names, bytes, n: f.n };
}

/** Naive AUROC: a full index sort, midranks, Mann-Whitney U (what a first implementation does). */
function naiveAuroc(s, y) {
  const n = s.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => s[a] - s[b]);
  let n1 = 0, r1 = 0;
  for (let j = 0; j < n;) {
    let k = j;
    while (k + 1 < n && s[idx[k + 1]] === s[idx[j]]) k++;
    const mid = (j + k) / 2 + 1;
    for (let m = j; m <= k; m++) if (y[idx[m]] === 1) { n1++; r1 += mid; }
    j = k + 1;
  }
  return (r1 - (n1 * (n1 + 1)) / 2) / (n1 * (n - n1));
}

export const STAGES = {
  bandwidth: {
    async run() {
      const b = await bandwidth();
      return [{ impl: 'Float64Array sum of 160 MB', ms: b.ms, gbPerSecond: b.gbPerSecond, note: `${b.gbPerSecond.toFixed(1)} GB/s` }];
    },
  },
  generate: {
    at10M: true,
    async run({ n, runs }) {
      const before = memory();
      const r = await median(() => rs.generatePopulation({ size: n, years: 3, seed: 1 }), { runs: n >= 1e6 ? 1 : few(runs), warmup: 0 });
      const p = r.result.population;
      const events = p.activity.date.length;
      const after = memory();
      const bytes = (after.arrayBuffersMB - before.arrayBuffersMB) * 1048576;
      return [{ impl: 'risk-stratify generatePopulation (3 years)', ms: r.ms, people: p.size, events, bytesPerPerson: bytes / p.size,
        note: `${(events / p.size).toFixed(1)} events/person; typed arrays ${(bytes / p.size).toFixed(0)} B/person incl. events` },
        ...(n >= 1e7 ? [] : [{ impl: 'risk-stratify generatePopulation (no GP, outpatient or medication events)', ms: (await median(() => rs.generatePopulation({ size: n, years: 3, seed: 1, gpContacts: false, outpatients: false, medications: false }), { runs: 1, warmup: 0 })).ms, note: 'the lighter variant the streaming stage uses' }])];
    },
  },
  load: {
    async run({ size, runs, dataDir }) {
      const path = join(dataDir, size, 'patients.csv');
      // From the file path, reading included: the like-for-like row against pandas' read_csv(path).
      const f = await median(() => rsNode.loadPopulationFromFiles({ patients: path }, { referenceDate: '2026-01-01' }), { runs: few(runs), warmup: 1 });
      const rows = [{ impl: 'risk-stratify loadPopulationFromFiles', ms: f.ms, rows: f.result.population.size, rejected: f.result.rejected.length,
        note: `${f.result.population.size} accepted, ${f.result.rejected.length} issues; from the file path (read + validate into a Population), as pandas is timed` }];
      // The same rows in a seeded random order: extracts are often sorted by id, which lets the
      // loader skip its duplicate-id table; this row shows the cost when they are not.
      const shuffledPath = join(dataDir, size, 'patients-shuffled.csv');
      if (!existsSync(shuffledPath)) {
        const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
        const header = lines.shift();
        const rng = rs.createRng(3);
        for (let i = lines.length - 1; i > 0; i--) { const j = rng.int(i + 1); [lines[i], lines[j]] = [lines[j], lines[i]]; }
        writeFileSync(shuffledPath, `${header}\n${lines.join('\n')}\n`);
      }
      const sh = await median(() => rsNode.loadPopulationFromFiles({ patients: shuffledPath }, { referenceDate: '2026-01-01' }), { runs: few(runs), warmup: 1 });
      rows.push({ impl: 'risk-stratify loadPopulationFromFiles (rows in random id order)', ms: sh.ms, rows: sh.result.population.size,
        note: `the same file shuffled: ${sh.result.population.size} accepted, ${sh.result.rejected.length} issues` });
      const text = readFileSync(path, 'utf8');
      const r = await median(() => rs.loadPopulation({ patients: text }, { referenceDate: '2026-01-01' }), { runs: few(runs), warmup: 1 });
      const { population, rejected } = r.result;
      rows.push({ impl: 'risk-stratify loadPopulation', ms: r.ms, rows: population.size, rejected: rejected.length,
        note: `${population.size} accepted, ${rejected.length} issues; validated into a Population; CSV text already in memory` });
      rows.push({ impl: 'risk-stratify parseCsv (parsing only)', ms: (await median(() => rs.parseCsv(text), { runs: few(runs), warmup: 1 })).ms });
      try {
        const { fromCSV } = await import('arquero');
        rows.push({ impl: 'arquero fromCSV (autoType off)', ms: (await median(() => fromCSV(text, { autoType: false }), { runs: few(runs), warmup: 1 })).ms, note: 'a table of strings, no validation' });
      } catch (e) { rows.push({ impl: 'arquero fromCSV', ms: null, skipped: true, note: `skipped: ${e.message}` }); }
      return rows;
    },
  },
  features: {
    async run({ n, runs }) {
      if (!hasBuildFeatures) return skipped('risk-stratify buildFeatures', 'buildFeatures');
      const p = rs.generatePopulation({ size: n, years: 3, seed: 1, medications: n < 1e6 }).population;
      const r = await median(() => rs.buildFeatures(p, { asOf: ASOF }), { runs: few(runs), warmup: 1 });
      const rows = [{ impl: 'risk-stratify buildFeatures', ms: r.ms, features: r.result.names.length, note: `${r.result.names.length} features, 12-month lookback, ${(r.ms / n * 1e6).toFixed(0)} ns/person` }];
      const sh = await median(() => rs.buildFeatures(p, { asOf: ASOF, shared: true }), { runs: few(runs), warmup: 1 });
      rows.push({ impl: 'risk-stratify buildFeatures (shared: true)', ms: sh.ms, note: `columns placed in a feature arena at the end: ${(sh.ms / r.ms).toFixed(2)}x the plain build` });
      if (n <= 1e5) {
        // Naive: activity as an array of event objects, grouped per person in a Map and
        // filtered per person; only five activity counts, a fraction of buildFeatures' work.
        const act = p.activity;
        const events = [];
        for (let i = 0; i < p.size; i++) {
          for (let e = act.offsets[i]; e < act.offsets[i + 1]; e++) events.push({ id: p.ids[i], date: act.date[e], setting: act.setting[e], emergency: act.emergency[e], bedDays: act.bedDays[e] });
        }
        const asOf = rs.parseDate(ASOF);
        const start = rs.addMonths(asOf, -12);
        const people = r.result.rowIds;
        const nv = await median(() => {
          const byId = new Map();
          for (const e of events) { let list = byId.get(e.id); if (!list) byId.set(e.id, (list = [])); list.push(e); }
          return people.map((id) => {
            const inWindow = (byId.get(id) ?? []).filter((e) => e.date > start && e.date <= asOf);
            const emergency = inWindow.filter((e) => e.setting === 0 && e.emergency === 1);
            return { emergency: emergency.length, bedDays: emergency.reduce((x, e) => x + e.bedDays, 0), ae: inWindow.filter((e) => e.setting === 1).length,
              outpatient: inWindow.filter((e) => e.setting === 2).length, gp: inWindow.filter((e) => e.setting === 3).length };
          });
        }, { runs: few(runs), warmup: 0 });
        rows.push({ impl: 'naive: 5 activity counts from event objects (Map by person, filter per person)', ms: nv.ms,
          note: `${events.length} event objects; ${(nv.ms / r.ms).toFixed(1)}x the whole columnar build of ${r.result.names.length} features (100k only: 20M objects at 1M)` });
      }
      // Would worker threads pay for features? A worker must first receive the population:
      // the structured clone postMessage makes of its typed arrays and ids (the loader does
      // not build them in shared memory). Timed here against the one-thread build.
      const arrays = [];
      const walk = (o) => { for (const v of Object.values(o ?? {})) { if (ArrayBuffer.isView(v)) arrays.push(v); else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v); } };
      for (const part of [p.columns, p.activity, p.conditions, p.medications]) walk(part);
      const bytes = arrays.reduce((sum, a) => sum + a.byteLength, 0);
      const cl = await median(() => structuredClone({ arrays, ids: p.ids }), { runs: few(runs), warmup: 0 });
      rows.push({ impl: 'copy of the population to a worker (structured clone)', ms: cl.ms,
        note: `${(bytes / 1e6).toFixed(0)} MB of typed arrays plus ${n} ids: ${(cl.ms / r.ms).toFixed(1)}x the whole one-thread build, so a second thread for features cannot pay` });
      return rows;
    },
  },
  segment: {
    async run({ n, runs }) {
      if (typeof rs.segment !== 'function') return skipped('risk-stratify segment (bridgesToHealth)', 'segment');
      const p = rs.generatePopulation({ size: n, years: 3, seed: 1, gpContacts: false }).population;
      const model = rs.bridgesToHealth();
      const r = await median(() => rs.segment(p, model, { asOf: ASOF }), { runs: few(runs), warmup: 1 });
      return [{ impl: 'risk-stratify segment (bridgesToHealth)', ms: r.ms, note: `${r.result.segments?.length ?? '?'} segments` }];
    },
  },
  fit: {
    async run({ n, runs }) {
      const d = design(n);
      const fitRuns = n >= 1e6 ? few(runs) : runs;
      // Every fit row carries its iterations and time per iteration, as the peers' do, so a
      // difference in step count cannot flatter either side. The buildFeatures-shaped design is
      // fitted twice: in buildFeatures' column types (bytes for flags, Uint16/Uint32 counts),
      // and widened to Float64Array columns (what toFeatureMatrix of Float64Arrays gives).
      const fd = makeFeaturesDesign(n);
      const fdMatrix = rs.toFeatureMatrix(Object.fromEntries(fd.names.map((k, j) => [k, fd.cols[j]])));
      const fd64 = rs.toFeatureMatrix(Object.fromEntries(fd.names.map((k, j) => [k, Float64Array.from(fd.cols[j])])));
      const cases = [
        ['', d.matrix, d.y, d.names],
        [' (buildFeatures-shaped design)', fdMatrix, fd.y, fd.names],
        [' (buildFeatures-shaped design, Float64 columns)', fd64, fd.y, fd.names],
      ];
      const rows = [];
      let coef = [];
      // CPU time (all threads) beside the wall time: on a shared machine it moves far less.
      const withCpu = (fn) => { const cpu = []; return { cpu, fn: async () => { const c = process.cpuUsage(); const out = await fn(); const u = process.cpuUsage(c); cpu.push((u.user + u.system) / 1000); return out; } }; };
      const mid = (xs) => { const a = xs.slice(1).sort((p, q) => p - q); return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2; };
      for (const [label, matrix, y, names] of cases) {
        const t = withCpu(() => rs.fitRiskModel(matrix, y));
        const r = await median(t.fn, { runs: fitRuns, warmup: 1 });
        const m = r.result;
        const c = [m.coefficients.intercept, ...names.map((k) => m.coefficients[k])];
        if (label === '') coef = c;
        rows.push({ impl: `risk-stratify fitRiskModel${label}`, ms: r.ms, cpuMs: mid(t.cpu), iterations: m.iterations, msPerIteration: r.ms / m.iterations, coef: c,
          note: `IRLS, ${m.iterations} iterations, ${(r.ms / m.iterations).toFixed(1)} ms each, CPU ${(mid(t.cpu) / m.iterations).toFixed(1)} ms each (glm's rule, tolerance 1e-8)` });
        if (label.includes('Float64')) continue;
        const rp = await median(() => rsNode.fitRiskModelParallel(matrix, y, { threads: 2 }), { runs: fitRuns, warmup: 1 });
        let diff = 0;
        for (let j = 0; j < c.length; j++) diff = Math.max(diff, Math.abs(c[j] - (j === 0 ? rp.result.coefficients.intercept : rp.result.coefficients[names[j - 1]])));
        rows.push({ impl: `risk-stratify fitRiskModelParallel (2 threads)${label}`, ms: rp.ms, speedUp: r.ms / rp.ms, iterations: rp.result.iterations, msPerIteration: rp.ms / rp.result.iterations,
          note: `${rp.result.iterations} iterations, ${(rp.ms / rp.result.iterations).toFixed(1)} ms each; speed-up ${(r.ms / rp.ms).toFixed(2)}x over one thread; max abs coef diff ${diff.toExponential(1)}` });
      }
      if (n <= 100_000) {
        // ml-logistic-regression at its defaults (learning rate 5e-4, 50,000 steps per one-vs-all
        // classifier): timed for a few steps and extrapolated; a column of ones as its intercept.
        try {
          const { default: LogisticRegression } = await import('ml-logistic-regression');
          const { Matrix } = await import('ml-matrix');
          const X = new Matrix(n, FEATURES + 1);
          for (let i = 0; i < n; i++) { X.set(i, 0, 1); for (let j = 0; j < FEATURES; j++) X.set(i, j + 1, d.cols[j][i]); }
          const Y = Matrix.columnVector(Array.from(d.y));
          const steps = 5;
          const lr = new LogisticRegression({ numSteps: steps });
          const [ms] = time(() => lr.train(X, Y));
          const perStep = ms / (steps * 2);
          const w = lr.classifiers[0].weights.to1DArray(); // class "0 vs rest" with inverted labels: P(y = 1)
          let dist = 0;
          for (let j = 0; j < coef.length; j++) dist = Math.max(dist, Math.abs(w[j] - coef[j]));
          rows.push({ impl: 'ml-logistic-regression (defaults, extrapolated)', ms: perStep * 50_000 * 2, perStepMs: perStep, maxAbsCoefDistance: dist,
            note: `${perStep.toFixed(1)} ms per gradient step; defaults = 2 x 50,000 steps; after ${steps} steps max abs(coef - ours) = ${dist.toFixed(2)}; no convergence test` });
        } catch (e) { rows.push({ impl: 'ml-logistic-regression', ms: null, skipped: true, note: `skipped: ${e.message}` }); }
      }
      return rows;
    },
  },
  score: {
    at10M: true,
    async run({ n, runs, size, dataDir }) {
      const d = design(n);
      const model = rs.fitRiskModel(n > 1e6 ? design(100_000).matrix : d.matrix, n > 1e6 ? makeDesign(100_000).y : d.y);
      const out = new Float64Array(n);
      const bytes = FEATURES * 8;
      const gbs = (ms) => ((bytes * n) / 1e9 / (ms / 1000)).toFixed(1);
      // Features in shared memory (a feature arena: toFeatureMatrix or buildFeatures with
      // { shared: true }), which the WebAssembly kernel reads in place...
      const sm = rs.toFeatureMatrix(Object.fromEntries(d.names.map((k, j) => [k, d.cols[j]])), { shared: true });
      const r = await median(() => model.score(sm, { out }), { runs: n > 1e6 ? 5 : Math.max(runs, 11), warmup: 3 });
      const reference = model.score(d.matrix);
      const sameBits = (a) => { let same = 0; for (let i = 0; i < n; i++) if (Object.is(a[i], reference[i])) same++; return same === n ? 'bit-identical' : `${n - same} rows DIFFER`; };
      const rows = [{ impl: 'risk-stratify score (features in shared memory)', ms: r.ms, bytesPerPerson: bytes, gbPerSecond: (bytes * n) / (r.ms / 1000) / 1e9,
        note: `${rs.scoringEngine()} kernel, column-major, read in place, into a preallocated out; ${bytes} B/person = ${gbs(r.ms)} GB/s; ${sameBits(out)} to ordinary memory` }];
      // ...and in ordinary memory, which the kernel copies into its own, four columns at a time.
      const ro = await median(() => model.score(d.matrix, { out }), { runs: n > 1e6 ? 5 : Math.max(runs, 11), warmup: 3 });
      rows.push({ impl: 'risk-stratify score (features in ordinary memory)', ms: ro.ms, bytesPerPerson: bytes, gbPerSecond: (bytes * n) / (ro.ms / 1000) / 1e9,
        note: `copied into the kernel's memory in blocks; ${gbs(ro.ms)} GB/s; ${(ro.ms / r.ms).toFixed(2)}x the in-place time` });
      if (typeof rsNode.createScoringPool === 'function') {
        // Worker threads: features already in shared memory (as a pipeline would build them),
        // and features in ordinary memory (copied into shared memory on each call).
        const pool = rsNode.createScoringPool({ threads: 2 });
        const sharedOut = new Float64Array(new SharedArrayBuffer(n * 8)); // preallocated, like out above
        const ps = await median(() => pool.score(model, sm, { out: sharedOut }), { runs: n > 1e6 ? 5 : Math.max(runs, 11), warmup: 3 });
        let same = 0;
        model.score(d.matrix, { out });
        for (let i = 0; i < n; i++) if (Object.is(ps.result[i], out[i])) same++;
        rows.push({ impl: 'risk-stratify createScoringPool (2 threads, shared memory)', ms: ps.ms, speedUp: r.ms / ps.ms,
          note: `speed-up ${(r.ms / ps.ms).toFixed(2)}x over one thread; ${same === n ? 'bit-identical' : `${n - same} rows DIFFER`}` });
        if (n <= 1e6) {
          const pc = await median(() => pool.score(model, d.matrix), { runs: Math.max(runs, 5), warmup: 1 });
          rows.push({ impl: 'risk-stratify createScoringPool (2 threads, copying to shared memory)', ms: pc.ms, speedUp: r.ms / pc.ms, note: `speed-up ${(r.ms / pc.ms).toFixed(2)}x (the copy costs about one scoring pass)` });
        }
        await pool.close();
      }
      if (n <= 1e6) {
        // The default path: model.score(buildFeatures(...)) with no options, on the design shaped
        // like buildFeatures' output (its own output), against the same values as doubles.
        const bf = builtFeatures(n, dataDir, size);
        const bfOut = new Float64Array(bf.n);
        const rb = await median(() => bf.model.score(bf.view, { out: bfOut }), { runs: Math.max(runs, 11), warmup: 3 });
        const bfRef = bf.model.score(bf.doubles);
        let bfSame = 0;
        for (let i = 0; i < bf.n; i++) if (Object.is(bfOut[i], bfRef[i])) bfSame++;
        rows.push({ impl: 'risk-stratify score, buildFeatures output (the default path: no options)', ms: rb.ms, bytesPerPerson: bf.bytes, people: bf.n, features: bf.names.length,
          note: `${bf.n} people x ${bf.names.length} features as buildFeatures built them (a feature arena; Uint8/Uint16/Uint32 read in their own types, ${bf.bytes} B/person); ${bfSame === bf.n ? 'bit-identical to the same values as Float64Arrays' : `${bf.n - bfSame} rows DIFFER`}` });
        const rd = await median(() => bf.model.score(bf.doubles, { out: bfOut }), { runs: Math.max(runs, 11), warmup: 3 });
        rows.push({ impl: 'risk-stratify score, buildFeatures-shaped design as Float64Arrays in ordinary memory', ms: rd.ms, bytesPerPerson: bf.names.length * 8,
          note: `the same ${bf.names.length} columns as doubles (what numpy reads): copied into the kernel's memory in blocks; ${(rd.ms / rb.ms).toFixed(2)}x the default path` });
        rows.push({ impl: 'risk-stratify score (allocating)', ms: (await median(() => model.score(d.matrix), { runs: Math.max(runs, 11), warmup: 3 })).ms });
        const c = model.coefficients;
        const names = d.names;
        const objects = Array.from({ length: n }, (_, i) => Object.fromEntries(names.map((k, j) => [k, d.cols[j][i]])));
        const nr = await median(() => objects.map((o) => { let e = c.intercept; for (const k of names) e += c[k] * o[k]; return 1 / (1 + Math.exp(-e)); }), { runs: few(runs), warmup: 1 });
        rows.push({ impl: 'naive: array of objects', ms: nr.ms, note: `${(nr.ms / r.ms).toFixed(1)}x the column-major core` });
      }
      return rows;
    },
  },
  select: {
    at10M: true,
    async run({ n, runs }) {
      const pop = selectionPopulation(n);
      const rng = rs.createRng(11);
      const scores = new Float64Array(n);
      for (let i = 0; i < n; i++) scores[i] = Math.round(logistic(-3 + 1.2 * rng.normal()) * 1e6) / 1e6;
      const opts = { asOf: 19000, topPercent: 2 };
      const r = await median(() => rs.selectCohort(scores, pop, opts), { runs: n > 1e6 ? 5 : Math.max(runs, 11), warmup: 3 });
      const rows = [{ impl: 'risk-stratify selectCohort (per practice)', ms: r.ms, selected: r.result.selected.ids.length, practices: pop.practices.length,
        note: `${pop.practices.length} practices, ${r.result.selected.ids.length} selected; repeat call on one population (its eligibility ranges cached, as in a monthly run or a variant comparison); strided sample, one pass, introselect of the candidates per practice; selected.ids looked up on first read (not timed here, see the next rows)` }];
      // The same call reading selected.ids (the id strings are made on first read).
      const withIds = await median(() => rs.selectCohort(scores, pop, opts).selected.ids.length, { runs: n > 1e6 ? 5 : Math.max(runs, 11), warmup: 1 });
      rows.push({ impl: 'risk-stratify selectCohort + reading selected.ids', ms: withIds.ms, note: 'as above, then the selected ids read once' });
      // First call on a population (code warm, population new): builds its eligibility ranges.
      const colds = [];
      for (let i = 0; i < few(runs) + 2; i++) {
        const c = pop.columns;
        const fresh = rs.createPopulation({ ids: pop.ids, practices: pop.practices, practice: c.practice, birthDate: c.birthDate, deathDate: c.deathDate, registeredFrom: c.registeredFrom, registeredTo: c.registeredTo, optedOut: c.optedOut, window: pop.window });
        const t = performance.now();
        rs.selectCohort(scores, fresh, opts);
        colds.push(performance.now() - t);
      }
      colds.sort((a, b) => a - b);
      rows.push({ impl: 'risk-stratify selectCohort (first call on a population)', ms: colds[colds.length >> 1],
        note: `median of ${colds.length} first calls, each on a new Population object: the one pass checks each person's columns directly (the eligibility ranges are built on a population's second selection)` });
      // Baseline: group by practice, then a full sort of each practice by the same order.
      const ids = pop.ids, prac = pop.columns.practice;
      const before = (a, b) => (scores[a] !== scores[b] ? scores[b] - scores[a] : ids[a] < ids[b] ? -1 : 1);
      const base = await median(() => {
        const lists = Array.from({ length: pop.practices.length }, () => []);
        for (let i = 0; i < n; i++) lists[prac[i]].push(i);
        let sel = 0;
        for (const l of lists) { l.sort(before); sel += Math.ceil(0.02 * l.length); }
        return sel;
      }, { runs: few(runs), warmup: 1 });
      rows.push({ impl: 'naive: full sort per practice', ms: base.ms, note: `${(base.ms / r.ms).toFixed(1)}x selectCohort; same order (score desc, id asc)` });
      return rows;
    },
  },
  auroc: {
    async run({ n, runs }) {
      const d = makeDesign(n);
      const s = linearScores(d, TRUE_BETA);
      const r = await median(() => rs.auroc(s, d.y), { runs, warmup: 1 });
      const nv = await median(() => naiveAuroc(s, d.y), { runs: few(runs), warmup: 1 });
      return [
        { impl: 'risk-stratify auroc', ms: r.ms, auroc: r.result.auroc, note: `AUROC ${r.result.auroc.toFixed(6)} with DeLong CI; ties count half` },
        { impl: 'naive: full index sort + midranks', ms: nv.ms, auroc: nv.result, note: `AUROC ${nv.result.toFixed(6)}; ${(nv.ms / r.ms).toFixed(1)}x ours` },
      ];
    },
  },
  delong: {
    async run({ n, runs }) {
      const d = makeDesign(n);
      const a = linearScores(d, TRUE_BETA);
      const b = linearScores(d, TRUE_BETA, 10);
      const r = await median(() => rs.compareScores(a, b, d.y), { runs: few(runs), warmup: 1 });
      const rows = [{ impl: 'risk-stratify compareScores (paired DeLong)', ms: r.ms, note: `AUROC difference ${r.result.difference.toFixed(4)}, z ${r.result.z.toFixed(1)}` }];
      // Naive: DeLong's placement values by the O(n1 n0) loop over every case-control pair,
      // for both scores, timed on the first m people and scaled by the pairs (n/m)^2.
      const m = Math.min(n, 20_000);
      const pairLoop = () => {
        const cases = [];
        const controls = [];
        for (let i = 0; i < m; i++) (d.y[i] === 1 ? cases : controls).push(i);
        let auc = 0;
        for (const sc of [a, b]) {
          const v10 = new Float64Array(cases.length);
          const v01 = new Float64Array(controls.length);
          cases.forEach((ci, p) => controls.forEach((cj, q) => {
            const w = sc[ci] > sc[cj] ? 1 : sc[ci] === sc[cj] ? 0.5 : 0;
            v10[p] += w;
            v01[q] += w;
          }));
          auc = v10.reduce((x, v) => x + v, 0) / (cases.length * controls.length);
        }
        return auc;
      };
      const nv = await median(pairLoop, { runs: 1, warmup: 0 });
      const scaled = nv.ms * (n / m) ** 2;
      rows.push({ impl: 'naive: every case-control pair (O(n1 n0))', ms: scaled, note: `timed on ${m} people (${nv.ms.toFixed(0)} ms) and scaled by the pairs, (n/m)^2: about ${(scaled / r.ms).toFixed(0)}x ours` });
      return rows;
    },
  },
  bootstrap: {
    async run({ n, runs }) {
      if (typeof rs.compareVariants !== 'function') return skipped('risk-stratify compareVariants (bootstrap)', 'compareVariants');
      const p = rs.generatePopulation({ size: n, years: 3, seed: 1, gpContacts: false, outpatients: false, medications: false }).population;
      // compareVariants takes one score per population row: the stand-in features have every row.
      const f = standIn(p, rs.parseDate(ASOF));
      const y = popOutcome(p, rs.parseDate(ASOF));
      const scores = rs.fitRiskModel(f, y).score(f);
      const outcomes = rs.backtestOutcomes(p, { asOf: ASOF });
      const variants = [{ name: 'top 2%', topPercent: 2 }, { name: 'top 5%', topPercent: 5 }];
      const r = await median(() => rs.compareVariants(scores, p, outcomes, variants, { asOf: ASOF, effect: [0, 0.2], costPerPersonYear: 500 }), { runs: few(runs), warmup: 0 });
      return [{ impl: 'risk-stratify compareVariants (bootstrap)', ms: r.ms, note: 'two variants, default bootstrap replicates' }];
    },
  },
  'event-order': {
    // createPopulation puts each person's events in date order. An extract exported newest
    // first (or in any other order) used to cost O(k^2) per person by insertion; now a person
    // in order is checked in one pass and one out of order is sorted in O(k log k). Same events,
    // three input orders: the in-order row is the reference the others should stay near.
    async run({ n, runs }) {
      const people = Math.max(1, Math.round(n / 20));
      const m = Math.min(20 * n, 2_000_000);
      const patient = new Uint32Array(m);
      for (let j = 0; j < m; j++) patient[j] = Math.floor((j * people) / m);
      const perPerson = Math.ceil(m / people);
      const inOrder = Int32Array.from({ length: m }, (_, j) => j % perPerson);
      const orders = {
        'in date order': inOrder,
        'newest first': Int32Array.from({ length: m }, (_, j) => perPerson - (j % perPerson)),
        'cyclic (j x 7919 mod k)': Int32Array.from({ length: m }, (_, j) => ((j % perPerson) * 7919) % perPerson),
      };
      const setting = new Uint8Array(m);
      const rows = [];
      for (const [name, date] of Object.entries(orders)) {
        const r = await median(() => rs.createPopulation({ ids: Array.from({ length: people }, (_, i) => `p${i}`), practices: ['P'], practice: new Uint32Array(people), birthDate: new Int32Array(people), activity: { patient, date, setting, emergency: setting } }), { runs: few(runs), warmup: 1 });
        rows.push({ impl: `createPopulation, events ${name}`, ms: r.ms, note: `${m.toLocaleString('en-GB')} events over ${people.toLocaleString('en-GB')} people (${perPerson} each)` });
      }
      return rows;
    },
  },
  spc: {
    async run({ n, runs }) {
      if (typeof rs.monitor !== 'function') return skipped('risk-stratify monitor (every practice)', 'monitor');
      const P = Math.max(1, Math.round(n / 10_000));
      const rng = rs.createRng(3);
      const series = Array.from({ length: P }, () => Array.from({ length: 36 }, () => rng.poisson(20)));
      const r = await median(() => series.map((s) => rs.monitor(s, { chart: 'xmr' })), { runs, warmup: 1 });
      const rows = [{ impl: 'risk-stratify monitor (every practice)', ms: r.ms, note: `${P} practices x 36 monthly points, XmR` }];
      if (n >= 1e6) {
        const england = Array.from({ length: 6300 }, () => Array.from({ length: 36 }, () => rng.poisson(20)));
        const e = await median(() => england.map((s) => rs.monitor(s, { chart: 'xmr' })), { runs: few(runs), warmup: 1 });
        rows.push({ impl: 'risk-stratify monitor (6,300 practices: England)', ms: e.ms, note: '6,300 practices x 36 monthly points, XmR' });
      }
      return rows;
    },
  },
  report: {
    async run({ n, runs }) {
      const d = makeDesign(n);
      const s = linearScores(d, TRUE_BETA);
      const ev = rs.evaluateScores(s, d.y);
      // ROC points from a sort (setup, not timed): the report thins them itself.
      const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => s[b] - s[a]);
      const P = ev.events, N = n - P;
      const points = [{ fpr: 0, tpr: 0 }];
      let tp = 0, fp = 0;
      for (let j = 0; j < n; j++) { if (d.y[idx[j]] === 1) tp++; else fp++; if (j === n - 1 || s[idx[j + 1]] !== s[idx[j]]) points.push({ fpr: fp / N, tpr: tp / P }); }
      const bins = Array.from({ length: 20 }, (_, b) => ({ from: b / 20, to: (b + 1) / 20, people: 0 }));
      for (let i = 0; i < n; i++) bins[Math.min(19, Math.floor(s[i] * 20))].people++;
      const practices = Array.from({ length: Math.max(1, Math.round(n / 10_000)) }, (_, p) => ({ practice: `Y${p}`, people: 10_000, adults: 8_000 }));
      const input = {
        title: 'Benchmark report', asOf: ASOF,
        population: { practices },
        risk: { bins, thresholds: [{ label: 'Top 2%', value: ev.atTop.find((t) => t.percent === 2)?.threshold ?? 0.3 }] },
        roc: { points, auroc: ev.auroc, ...(ev.aurocCI ? { ci: ev.aurocCI } : {}) },
        calibration: ev.calibration.bins.map((b) => ({ expected: b.expected, observed: b.observed, n: b.n })),
      };
      const r = await median(() => rsReport.renderReport(input), { runs: few(runs), warmup: 1 });
      return [{ impl: 'risk-stratify renderReport', ms: r.ms, htmlKB: r.result.length / 1024, note: `${points.length} ROC points in, ${(r.result.length / 1024).toFixed(0)} KB of self-contained HTML out` }];
    },
  },
  pipeline: {
    async run({ n }) {
      const steps = {};
      const t0 = performance.now();
      const asOf = rs.parseDate(ASOF);
      let [ms, gen] = time(() => rs.generatePopulation({ size: n, years: 3, seed: 1 }));
      steps.generate = ms;
      const p = gen.population;
      gen = undefined;
      let f;
      [steps.features, f] = time(() => popFeatures(p, asOf));
      let y;
      [steps.outcomes, y] = time(() => outcomeOfRows(p, asOf, f));
      let model, note = hasBuildFeatures ? 'buildFeatures' : 'stand-in features (buildFeatures not on main yet)';
      try { [steps.fit, model] = time(() => fitOnVarying(f, y)); }
      catch (e) {
        note += `; fit on buildFeatures failed (${e.code ?? e.message}), refit on stand-in features`;
        const t = performance.now();
        f = standIn(p, asOf);
        y = popOutcome(p, asOf);
        model = rs.fitRiskModel(f, y);
        steps.fit = performance.now() - t;
      }
      let s;
      [steps.score, s] = time(() => model.score(f, { ignoreExtra: true }));
      let cohort;
      [steps.select, cohort] = time(() => rs.selectCohort(s, p, { asOf, topPercent: 2, rows: f.rows }));
      let ev;
      [steps.evaluate, ev] = time(() => rs.evaluateScores(s, y));
      let html;
      [steps.report, html] = time(() => rsReport.renderReport({
        title: 'Pipeline', asOf: ASOF,
        risk: { bins: Array.from({ length: 10 }, (_, b) => ({ from: b / 10, to: (b + 1) / 10, people: 0 })).map((bin) => { for (let i = 0; i < s.length; i++) if (s[i] >= bin.from && (s[i] < bin.to || bin.to === 1)) bin.people++; return bin; }) },
        calibration: ev.calibration.bins.map((b) => ({ expected: b.expected, observed: b.observed, n: b.n })),
        concentration: ev.concentration.filter((c) => c.percent % 5 === 0).map((c) => ({ topPercent: c.percent, admissionsShare: c.eventsShare ?? 0 })),
      }));
      const total = performance.now() - t0;
      const stepText = Object.entries(steps).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ');
      return [{ impl: 'risk-stratify whole pipeline', ms: total, steps, selected: cohort.selected.ids.length, auroc: ev.auroc, htmlKB: html.length / 1024,
        note: `${stepText}; ${note}; ${cohort.selected.ids.length} selected, AUROC ${ev.auroc?.toFixed(3)}` }];
    },
  },
};

// Streaming and DuckDB stages live in their own module (they are long and 10M-oriented).
const extra = await import('./stages-scale.mjs');
Object.assign(STAGES, extra.SCALE_STAGES);

// The whole-extract load (patients, activity, conditions from CSV and Parquet, beside pandas and DuckDB).
const extract = await import('./stages-extract.mjs');
Object.assign(STAGES, extract.EXTRACT_STAGES);

// The whole monthly job from Parquet: DuckDB running jobToSQL's script, and the library streaming.
const jobStages = await import('./stages-job.mjs');
Object.assign(STAGES, jobStages.JOB_STAGES);
