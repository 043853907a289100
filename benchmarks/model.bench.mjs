// Model benchmark (not a test): fit at 100k and 1M x 20, score at 1M (and 10M), against the
// memory-bandwidth limit measured in the same run, a row-loop scorer, a naive array-of-objects
// scorer and ml-logistic-regression at its defaults (capped and extrapolated).
//
//   npm run build && node benchmarks/model.bench.mjs [--no-10m] [--runs N]
//
// Prints a markdown table and writes benchmarks/results/model-<yyyy-mm-dd>.json.
// The design (n x 20, ~10% events) is the one the shared benchmark design uses
// (seed 20261123), so the peers' figures (statsmodels, R glm, numpy) are on the same data.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createRng, fitRiskModel, toFeatureMatrix } from '../dist/index.js';
import { fitRiskModelParallel } from '../dist/node.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const with10M = !args.includes('--no-10m');
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 7;
const log = (s) => process.stderr.write(`${s}\n`);

// ---- design -------------------------------------------------------------------------------
const FEATURES = 20;
const BETA = [-4.2, 0.35, 0.5, 0.4, 0.3, 0.25, 0.6, 0.15, 0.2, 0.1, 0.05, 0.2, -0.1, 0.15, 0.05, -0.05, 0.1, 0.0, 0.08, -0.12, 0.03];
function makeDesign(n, seed = 20261123) {
  const rng = createRng(seed);
  const cols = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const y = new Uint8Array(n);
  const prev = [0.15, 0.07, 0.03, 0.05, 0.02];
  for (let i = 0; i < n; i++) {
    const age = Math.round((rng.uniform() * 9 + rng.uniform()) * 100) / 100; // age / 10
    cols[0][i] = age;
    for (let j = 0; j < 5; j++) cols[1 + j][i] = rng.uniform() < prev[j] * (0.4 + age / 5) ? 1 : 0;
    for (let j = 0; j < 4; j++) cols[6 + j][i] = rng.poisson(0.2 + 0.15 * j + 0.05 * age);
    for (let j = 0; j < 10; j++) cols[10 + j][i] = Math.round(rng.normal() * 1000) / 1000;
    let eta = BETA[0];
    for (let j = 0; j < FEATURES; j++) eta += BETA[j + 1] * cols[j][i];
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const names = Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`);
  return { n, names, cols, y, matrix: toFeatureMatrix(Object.fromEntries(names.map((k, j) => [k, cols[j]]))) };
}

// ---- timing -------------------------------------------------------------------------------
function median(fn, { runs = RUNS, warmup = 2 } = {}) {
  let out;
  for (let i = 0; i < warmup; i++) out = fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const ms = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { ms, min: times[0], max: times[times.length - 1], runs, result: out };
}
const rows = [];
function record(task, size, r, extra = {}) {
  const row = { task, size, ms: Number(r.ms.toFixed(2)), min: Number(r.min.toFixed(2)), max: Number(r.max.toFixed(2)), runs: r.runs, ...extra };
  rows.push(row);
  log(`${task} @ ${size}: ${row.ms} ms (min ${row.min}, max ${row.max})`);
  return row;
}

// ---- memory-bandwidth limit: a plain sum over 160 MB -----------------------------------------
const bwArray = new Float64Array(20_000_000);
for (let i = 0; i < bwArray.length; i++) bwArray[i] = i & 1023;
function sumBandwidth() {
  const a = bwArray;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = a.length;
  let i = 0;
  for (; i + 3 < n; i += 4) { s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; }
  for (; i < n; i++) s0 += a[i];
  return s0 + s1 + s2 + s3;
}
function bandwidth() {
  const r = median(sumBandwidth, { runs: 11, warmup: 3 });
  return { ...r, gbPerSecond: (bwArray.length * 8) / (r.ms / 1000) / 1e9 };
}
/**
 * Interleaved rounds (A B C A B C ...) so that load from other processes hits every contender
 * alike; returns min and median per contender.
 */
function interleaved(contenders, rounds) {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const f of Object.values(contenders)) f();
  for (let r = 0; r < rounds; r++) {
    for (const [k, f] of Object.entries(contenders)) {
      const t = performance.now();
      f();
      times[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, ts]) => {
    ts.sort((a, b) => a - b);
    const mid = ts.length >> 1;
    return [k, { ms: ts.length % 2 ? ts[mid] : (ts[mid - 1] + ts[mid]) / 2, min: ts[0], max: ts[ts.length - 1], runs: ts.length }];
  }));
}

const machine = {
  node: process.version, platform: `${os.platform()} ${os.release()}`, cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length, memoryGB: Math.round(os.totalmem() / 2 ** 30), loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))), date: new Date().toISOString(),
};
log(`model benchmark on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);

const bw = bandwidth();
record('bandwidth: sum of a 160 MB Float64Array', '20M doubles', bw, { gbPerSecond: Number(bw.gbPerSecond.toFixed(2)) });

async function medianAsync(fn, { runs = 3, warmup = 1 } = {}) {
  let out;
  for (let i = 0; i < warmup; i++) out = await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return { ms: times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2, min: times[0], max: times[times.length - 1], runs, result: out };
}

// ---- fit ----------------------------------------------------------------------------------
const fits = {};
for (const [label, n, runs] of [['100k', 100_000, RUNS], ['1M', 1_000_000, 5]]) {
  log(`generating ${label} x 20 ...`);
  const d = makeDesign(n);
  const r = median(() => fitRiskModel(d.matrix, d.y), { runs, warmup: 1 });
  const model = r.result;
  // glm precision: the default fit (R's rule, tolerance 1e-8) against a fit run to 1e-15.
  const tight = fitRiskModel(d.matrix, d.y, { tolerance: 1e-15, maxIterations: 50 });
  let maxRel = 0;
  for (const k of Object.keys(model.coefficients)) maxRel = Math.max(maxRel, Math.abs(model.coefficients[k] - tight.coefficients[k]) / Math.max(1e-300, Math.abs(tight.coefficients[k])));
  record('fit (IRLS, glm rule)', label, r, { iterations: model.iterations, maxRelDiffFromConvergedFit: Number(maxRel.toExponential(2)), statsmodelsNewtonMs: n === 1_000_000 ? 2900 : undefined, rGlmMs: n === 1_000_000 ? 6300 : undefined });
  const par = await medianAsync(() => fitRiskModelParallel(d.matrix, d.y, { threads: 2 }), { runs, warmup: 1 });
  let parRel = 0;
  for (const k of Object.keys(model.coefficients)) parRel = Math.max(parRel, Math.abs(par.result.coefficients[k] - tight.coefficients[k]) / Math.max(1e-300, Math.abs(tight.coefficients[k])));
  record('fit, 2 threads (fitRiskModelParallel, Node)', label, par, { iterations: par.result.iterations, maxRelDiffFromConvergedFit: Number(parRel.toExponential(2)) });
  fits[label] = { d, model };
}

// ---- score 1M: library, row loop and the bandwidth sum, interleaved ---------------------------
const { d: d1, model } = fits['1M'];
const out = new Float64Array(d1.n);
const coef = Float64Array.from(d1.names, (k) => model.coefficients[k]);
const b0 = model.coefficients.intercept;
const rowLoop = () => {
  const cols = d1.cols;
  for (let i = 0; i < d1.n; i++) {
    let e = b0;
    for (let j = 0; j < FEATURES; j++) e += coef[j] * cols[j][i];
    out[i] = e >= 0 ? 1 / (1 + Math.exp(-e)) : Math.exp(e) / (1 + Math.exp(e));
  }
  return out;
};
const inter = interleaved({ lib: () => model.score(d1.matrix, { out }), row: rowLoop, sum: sumBandwidth }, 21);
const limitMs = inter.sum.ms;
record('score (library, column-major, into out)', '1M', inter.lib, {
  bytesPerPerson: FEATURES * 8, numpyMs: 21, cLoopMs: 17,
  timesBandwidthLimitMedian: Number((inter.lib.ms / inter.sum.ms).toFixed(2)), timesBandwidthLimitMin: Number((inter.lib.min / inter.sum.min).toFixed(2)),
});
record('bandwidth limit, interleaved with the scorers (160 MB sum)', '1M x 20', inter.sum, { gbPerSecond: Number(((FEATURES * 8 * d1.n) / (limitMs / 1000) / 1e9).toFixed(2)) });
record('score (row loop over typed columns)', '1M', inter.row, { timesLibraryMedian: Number((inter.row.ms / inter.lib.ms).toFixed(2)) });
record('score (library, allocating)', '1M', median(() => model.score(d1.matrix), { runs: 21, warmup: 5 }));
{
  const objects = Array.from({ length: d1.n }, (_, i) => Object.fromEntries(d1.names.map((k, j) => [k, d1.cols[j][i]])));
  const c = model.coefficients;
  const names = d1.names;
  record('score (naive: array of objects)', '1M', median(() => objects.map((o) => {
    let e = c.intercept;
    for (const k of names) e += c[k] * o[k];
    return 1 / (1 + Math.exp(-e));
  }), { runs: 7, warmup: 1 }));
}

// ---- ml-logistic-regression at its defaults (capped, extrapolated) ---------------------------
try {
  const { default: LogisticRegression } = await import('ml-logistic-regression');
  const { Matrix } = await import('ml-matrix');
  const { d } = fits['100k'];
  const steps = 5;
  // Its model has no intercept: give it a column of ones (fairer than its default).
  const X = new Matrix(d.n, FEATURES + 1);
  for (let i = 0; i < d.n; i++) {
    X.set(i, 0, 1);
    for (let j = 0; j < FEATURES; j++) X.set(i, j + 1, d.cols[j][i]);
  }
  const Y = Matrix.columnVector(Array.from(d.y));
  const lr = new LogisticRegression({ numSteps: steps }); // learningRate at its default 5e-4
  const t = performance.now();
  lr.train(X, Y);
  const ms = performance.now() - t;
  const classes = 2;
  const perStep = ms / (steps * classes);
  // classifiers[0] is "class 0 vs rest" with the labels inverted: its scores are P(y = 1).
  const w = lr.classifiers[0].weights.to1DArray();
  const ours = [fits['100k'].model.coefficients.intercept, ...d.names.map((k) => fits['100k'].model.coefficients[k])];
  let dist = 0;
  for (let j = 0; j < ours.length; j++) dist = Math.max(dist, Math.abs(w[j] - ours[j]));
  record('ml-logistic-regression: one gradient step (1 of 2 one-vs-all classifiers)', '100k', { ms: perStep, min: perStep, max: perStep, runs: steps * classes }, {
    defaultStepsPerClassifier: 50000,
    extrapolatedDefaultTrainMs: Math.round(perStep * 50000 * classes),
    extrapolatedDefaultTrainMsAt1M: Math.round(perStep * 10 * 50000 * classes),
    maxAbsCoefficientDistanceAfterSteps: Number(dist.toPrecision(3)),
    steps,
  });
} catch (e) {
  log(`ml-logistic-regression skipped: ${e.message}`);
}

// ---- score 10M ----------------------------------------------------------------------------
if (with10M) {
  fits['1M'] = undefined;
  log('generating 10M x 20 (1.6 GB) ...');
  const d10 = makeDesign(10_000_000, 7);
  const out10 = new Float64Array(d10.n);
  const r = median(() => model.score(d10.matrix, { out: out10 }), { runs: 5, warmup: 1 });
  record('score (library, column-major, into out)', '10M', r, { bandwidthLimitMs: Number(((FEATURES * 8 * d10.n) / (bw.gbPerSecond * 1e9) * 1000).toFixed(1)) });
}

// ---- report -------------------------------------------------------------------------------
const table = [
  '| task | size | median ms | min | max | notes |',
  '|---|---|---:|---:|---:|---|',
  ...rows.map((r) => {
    const { task, size, ms, min, max, runs, ...rest } = r;
    const notes = Object.entries(rest).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(', ');
    return `| ${task} | ${size} | ${ms} | ${min} | ${max} | ${notes} |`;
  }),
].join('\n');
process.stdout.write(`\nMachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}\n\n${table}\n`);
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `model-${machine.date.slice(0, 10)}.json`);
writeFileSync(file, `${JSON.stringify({ machine, results: rows }, null, 2)}\n`);
log(`wrote ${file}`);
