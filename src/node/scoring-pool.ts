import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fail } from '../core/errors.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import type { RiskModel } from '../model/risk-model.js';
import { makeScoringKernel, scoreKernelBytes, withSharedMemory } from '../model/score-kernel.js';
import { ARENA, arenaMemoryOf } from '../core/feature-arena.js';

const FN = 'createScoringPool';

/** Options of {@link createScoringPool}. */
export interface ScoringPoolOptions {
  /** Threads in total, the calling thread included (default: min(2, available cores)); 1..16. */
  threads?: number;
}

/** Worker threads that score a feature matrix in row ranges; see {@link createScoringPool}. */
export interface ScoringPool {
  /** Threads in total, the calling thread included. */
  readonly threads: number;
  /**
   * Scores like `model.score(features)`, bit for bit, with the rows split across the threads.
   * Columns already in shared memory (a `SharedArrayBuffer`) are read in place; others are
   * first copied into shared memory (which costs about as much as scoring them once).
   * Returns probabilities in a `Float64Array` over a `SharedArrayBuffer`: `options.out` when
   * given (one over a `SharedArrayBuffer`, at least `features.n` long; scores go to its start),
   * else a new one.
   * @throws RiskStratifyError `missing_column` naming the model's columns the matrix lacks;
   *   `invalid_argument` for an `out` that is too short or not over a `SharedArrayBuffer`.
   */
  score(model: RiskModel, features: FeatureMatrix, options?: { out?: Float64Array }): Promise<Float64Array>;
  /** Ends the worker threads. */
  close(): Promise<void>;
}

/**
 * Columns the workers can read: those over shared memory as they are, the others copied into
 * `spare` (reused from call to call while big enough: a fresh 160 MB of shared memory per call
 * is freed only by the garbage collector, and calls slowed several-fold as it piled up).
 */
function toShared(columns: readonly FeatureColumn[], spare: SharedArrayBuffer | null): { cols: FeatureColumn[]; spare: SharedArrayBuffer | null } {
  const align = (x: number): number => Math.ceil(x / 8) * 8;
  const bytes = columns.reduce((sum, c) => sum + (c.buffer instanceof SharedArrayBuffer ? 0 : align(c.byteLength)), 0);
  if (bytes === 0) return { cols: [...columns], spare };
  const buffer = spare !== null && spare.byteLength >= bytes ? spare : new SharedArrayBuffer(bytes);
  let at = 0;
  const cols = columns.map((col) => {
    if (col.buffer instanceof SharedArrayBuffer) return col;
    const Ctor = col.constructor as { new (b: SharedArrayBuffer, offset: number, length: number): FeatureColumn };
    const copy = new Ctor(buffer, at, col.length);
    copy.set(col as never);
    at += align(col.byteLength);
    return copy;
  });
  return { cols, spare: buffer };
}

/**
 * Starts a pool of worker threads for scoring. Scoring reads each feature value once (8
 * bytes per person per Float64 feature) and does one multiply-add per value; even in
 * WebAssembly with SIMD one core does the arithmetic a little more slowly than memory delivers
 * the values, so a second thread pays, provided the features are already in shared memory:
 * `buildFeatures(population, { asOf, shared: true })` (or `toFeatureMatrix(columns, { shared:
 * true })`) puts them there. Otherwise each call first copies the matrix into a shared area
 * that the pool keeps for its next call, which costs more than the second thread saves.
 * Calls run one after another.
 * The benchmark (`npm run bench`, stage `score`) reports the speed-up on the machine at hand.
 *
 * Cost: O(n p / threads) per call plus one message per worker; workers live until `close()`.
 *
 * @param options - {@link ScoringPoolOptions}.
 * @returns A {@link ScoringPool}; call `close()` when done.
 * @throws RiskStratifyError `invalid_options` when `threads` is not a whole number in 1..16.
 * @example
 * const features = buildFeatures(population, { asOf: '2025-04-01', shared: true });
 * const pool = createScoringPool({ threads: 2 });
 * const s = await pool.score(model, features);
 * s[0] === model.score(features, { ignoreExtra: true })[0]; // => true (bit for bit)
 * await pool.close();
 */
export function createScoringPool(options: ScoringPoolOptions = {}): ScoringPool {
  const threads = options.threads ?? Math.min(2, availableParallelism());
  if (!Number.isInteger(threads) || threads < 1 || threads > 16) {
    fail({ fn: FN, code: 'invalid_options', path: ['options', 'threads'], value: threads, message: 'must be a whole number from 1 to 16' });
  }
  const bytes = scoreKernelBytes();
  const source = `
const { parentPort } = require('node:worker_threads');
const scoreInto = (${makeScoringKernel.toString()})(${bytes === undefined ? 'undefined' : JSON.stringify(Buffer.from(bytes).toString('base64'))}, ${withSharedMemory.toString()});
const arenas = (globalThis[Symbol.for(${JSON.stringify(ARENA.REGISTRY)})] ??= new WeakMap());
parentPort.on('message', (m) => {
  // A column in a feature arena arrives with its memory: view it over the memory's buffer (a
  // new object in this thread) and record the memory, so the kernel reads the arena in place.
  const cols = m.cols.map((c, j) => {
    const memory = m.memories[j];
    if (memory === null) return c;
    arenas.set(memory.buffer, memory);
    return new c.constructor(memory.buffer, c.byteOffset, c.length);
  });
  scoreInto(cols, m.coef, m.b0, m.start, m.end - m.start, m.out, m.start);
  parentPort.postMessage(0);
});`;
  // The workers run the model stage's own kernel from its source text (it is self-contained),
  // so every thread does the same arithmetic as model.score: the same bits.
  const scoreInto = makeScoringKernel(bytes, withSharedMemory);
  const workers = Array.from({ length: threads - 1 }, () => new Worker(source, { eval: true }));
  for (const w of workers) w.unref();
  let spare: SharedArrayBuffer | null = null;
  // Calls run one after another: each worker answers its messages in order, and a call must
  // not take another call's answer as its own (nor its copy area).
  let tail: Promise<unknown> = Promise.resolve();
  async function scoreNow(model: RiskModel, features: FeatureMatrix, options?: { out?: Float64Array }): Promise<Float64Array> {
    const names = model.featureNames;
    const missing = names.filter((k) => features.column(k) === undefined);
    if (missing.length > 0) {
      fail({ fn: 'ScoringPool.score', code: 'missing_column', path: ['features', 'names'], value: missing, message: `feature columns do not match the model: missing columns ${missing.map((s) => `'${s}'`).join(', ')}`, details: { missing } });
    }
    const n = features.n;
    const coef = Float64Array.from(names, (k) => model.coefficients[k]!);
    const b0 = model.coefficients['intercept']!;
    const given = options?.out;
    if (given !== undefined && (!(given instanceof Float64Array) || !(given.buffer instanceof SharedArrayBuffer) || given.length < n)) {
      fail({ fn: 'ScoringPool.score', code: 'invalid_argument', path: ['options', 'out'], value: given instanceof Float64Array ? given.length : given, message: `out must be a Float64Array over a SharedArrayBuffer with room for ${n} scores` });
    }
    const out = given ?? new Float64Array(new SharedArrayBuffer(n * 8));
    const placed = toShared(names.map((k) => features.column(k)!), spare);
    spare = placed.spare;
    const cols = placed.cols;
    const memories = cols.map((c) => arenaMemoryOf(c) ?? null);
    const cuts = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * n) / threads));
    const done = workers.map((w, t) => new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      w.once('error', onError);
      w.once('message', () => { w.off('error', onError); resolve(); });
      w.postMessage({ cols, memories, coef, b0, start: cuts[t + 1]!, end: cuts[t + 2]!, out });
    }));
    let failed: unknown = null;
    try {
      scoreInto(cols, coef, b0, 0, cuts[1]!, out, 0);
    } catch (e) {
      failed = e; // still wait for the workers, so the next call gets only its own answers
    }
    await Promise.all(done);
    if (failed !== null) throw failed;
    return out;
  }
  return {
    threads,
    score(model, features, options) {
      const run = tail.then(() => scoreNow(model, features, options));
      tail = run.catch(() => undefined);
      return run;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
