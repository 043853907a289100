// Timing script for the cohort and evaluate stages (not a test; the bench stage owns the
// proper benchmarks). Run from the repository root:
//   npx esbuild benchmarks/cohort-evaluate-timing.ts --bundle --platform=node --format=esm \
//     --outfile=/tmp/cohort-evaluate-timing.mjs && node /tmp/cohort-evaluate-timing.mjs
// Prints medians of 7 runs in milliseconds as JSON lines: `ms` is wall-clock time and `cpuMs`
// the process's user CPU time (more stable on a shared, busy machine; the work is
// single-threaded).
import { createPopulation } from '../src/core/population.js';
import { createRng } from '../src/core/rng.js';
import { selectCohort } from '../src/cohort/select-cohort.js';
import { rankCompare, selectTopK } from '../src/cohort/select-top-k.js';
import { auroc } from '../src/evaluate/auroc.js';
import { evaluateScores } from '../src/evaluate/evaluate-scores.js';

const N = Number(process.argv[2] ?? 1_000_000);
const PRACTICES = 100;
const rng = createRng('cohort-evaluate-timing');

function median(f: () => unknown, runs = 7): { ms: number; cpuMs: number } {
  f(); // warm-up
  const t: number[] = [];
  const c: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage().user;
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
    c.push((process.cpuUsage().user - c0) / 1000);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  return { ms: Math.round(t[runs >> 1]! * 10) / 10, cpuMs: Math.round(c[runs >> 1]! * 10) / 10 };
}

// Scores: continuous risk rounded to 1e-6 (some ties), outcome ~ Bernoulli(risk).
const scores = new Float64Array(N);
const y = new Uint8Array(N);
for (let i = 0; i < N; i++) {
  const lp = -3 + 1.2 * rng.normal();
  const p = 1 / (1 + Math.exp(-lp));
  scores[i] = Math.round(p * 1e6) / 1e6;
  y[i] = rng.bernoulli(p);
}

// Baseline: rank-based Mann-Whitney with a full index sort of all n, then DeLong placements
// by sorting cases and controls again (the scores are sorted twice in all).
function baselineAuroc(s: Float64Array, yy: Uint8Array): number {
  const n = s.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => s[a]! - s[b]!);
  const mid = new Float64Array(n);
  for (let j = 0; j < n; ) {
    let k = j;
    while (k + 1 < n && s[idx[k + 1]!] === s[idx[j]!]) k++;
    for (let m = j; m <= k; m++) mid[idx[m]!] = (j + k) / 2 + 1;
    j = k + 1;
  }
  let n1 = 0;
  let r1 = 0;
  for (let i = 0; i < n; i++) if (yy[i] === 1) { n1++; r1 += mid[i]!; }
  const n0 = n - n1;
  const x = new Float64Array(n1);
  const c = new Float64Array(n0);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) if (yy[i] === 1) x[a++] = s[i]!; else c[b++] = s[i]!;
  x.sort();
  c.sort();
  return (r1 - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

const results: Record<string, unknown>[] = [];
const aucOurs = auroc(scores, y).auroc;
const aucBase = baselineAuroc(scores, y);
results.push({ what: 'auroc + DeLong CI', n: N, ...median(() => auroc(scores, y)), check: aucOurs });
results.push({ what: 'baseline: full index sort (midranks) + class sorts', n: N, ...median(() => baselineAuroc(scores, y)), check: aucBase });
results.push({ what: 'Float64Array.sort of all n (reference)', n: N, ...median(() => scores.slice().sort()) });
results.push({ what: 'evaluateScores (all metrics, no groups)', n: N, ...median(() => evaluateScores(scores, y), 3) });

// Selection: top 2% per practice of N adults in 100 practices.
const ids: string[] = new Array<string>(N);
const practice = new Uint32Array(N);
const birth = new Int32Array(N);
for (let i = 0; i < N; i++) {
  ids[i] = `P${String(i).padStart(8, '0')}`;
  practice[i] = rng.int(PRACTICES);
  birth[i] = -5000 - rng.int(20000);
}
const pop = createPopulation({ ids, practices: Array.from({ length: PRACTICES }, (_, p) => `Y${p}`), practice, birthDate: birth });
results.push({ what: 'selectCohort top 2% per practice (whole function)', n: N, ...median(() => selectCohort(scores, pop, { asOf: 19000, topPercent: 2 })) });

// Kernel only: introselect per practice vs a full sort per practice, same comparator.
const byPractice: Uint32Array[] = [];
{
  const counts = new Uint32Array(PRACTICES);
  for (let i = 0; i < N; i++) counts[practice[i]!]!++;
  const lists = Array.from({ length: PRACTICES }, (_, p) => new Uint32Array(counts[p]!));
  const fill = new Uint32Array(PRACTICES);
  for (let i = 0; i < N; i++) lists[practice[i]!]![fill[practice[i]!]!++] = i;
  byPractice.push(...lists);
}
const tie = (a: number, b: number): boolean => ids[a]! < ids[b]!;
const compare = rankCompare(scores, tie);
const keysOf = byPractice.map((l) => Float64Array.from(l, (i) => scores[i]!));
results.push({
  what: 'kernel: introselect k = ceil(2%) per practice',
  n: N,
  ...median(() => {
    byPractice.forEach((l, p) => {
      const c = l.slice();
      selectTopK(c, keysOf[p]!.slice(), 0, c.length, Math.ceil(0.02 * c.length), tie);
    });
  }),
});
results.push({
  what: 'kernel baseline: full sort per practice (same comparator)',
  n: N,
  ...median(() => { for (const l of byPractice) l.slice().sort(compare); }),
});
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
