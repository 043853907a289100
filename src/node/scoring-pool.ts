import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fail } from '../core/errors.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import type { RiskModel } from '../model/risk-model.js';
import { makeScoringKernel } from '../model/score-kernel.js';

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

function shared(col: FeatureColumn): FeatureColumn {
  if (col.buffer instanceof SharedArrayBuffer) return col;
  const Ctor = col.constructor as { new (b: SharedArrayBuffer): FeatureColumn };
  const copy = new Ctor(new SharedArrayBuffer(col.byteLength));
  copy.set(col as never);
  return copy;
}

/**
 * Starts a pool of worker threads for scoring. Scoring reads each feature value once (8
 * bytes per person per Float64 feature) and does one multiply-add per value; in JavaScript
 * (no SIMD) one core does the arithmetic more slowly than memory delivers the values, so a
 * second thread pays, provided the features are already in shared memory:
 * `buildFeatures(population, { asOf, shared: true })` builds them there. Otherwise each call
 * first copies the matrix, which costs about as much as scoring it.
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
  const source = `
const { parentPort } = require('node:worker_threads');
const scoreInto = (${makeScoringKernel.toString()})();
parentPort.on('message', (m) => {
  scoreInto(m.cols, m.coef, m.b0, m.start, m.end - m.start, m.out, m.start);
  parentPort.postMessage(0);
});`;
  // The workers run the model stage's own kernel from its source text (it is self-contained),
  // so every thread does the same arithmetic as model.score: the same bits.
  const scoreInto = makeScoringKernel();
  const workers = Array.from({ length: threads - 1 }, () => new Worker(source, { eval: true }));
  for (const w of workers) w.unref();
  return {
    threads,
    async score(model, features, options) {
      const names = model.featureNames;
      const missing = names.filter((k) => features.column(k) === undefined);
      if (missing.length > 0) {
        fail({ fn: 'ScoringPool.score', code: 'missing_column', path: ['features', 'names'], value: missing, message: `feature columns do not match the model: missing columns ${missing.map((s) => `'${s}'`).join(', ')}`, details: { missing } });
      }
      const n = features.n;
      const cols = names.map((k) => shared(features.column(k)!));
      const coef = Float64Array.from(names, (k) => model.coefficients[k]!);
      const b0 = model.coefficients['intercept']!;
      const given = options?.out;
      if (given !== undefined && (!(given instanceof Float64Array) || !(given.buffer instanceof SharedArrayBuffer) || given.length < n)) {
        fail({ fn: 'ScoringPool.score', code: 'invalid_argument', path: ['options', 'out'], value: given instanceof Float64Array ? given.length : given, message: `out must be a Float64Array over a SharedArrayBuffer with room for ${n} scores` });
      }
      const out = given ?? new Float64Array(new SharedArrayBuffer(n * 8));
      const cuts = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * n) / threads));
      const done = workers.map((w, t) => new Promise<void>((resolve, reject) => {
        const onError = (e: Error): void => reject(e);
        w.once('error', onError);
        w.once('message', () => { w.off('error', onError); resolve(); });
        w.postMessage({ cols, coef, b0, start: cuts[t + 1]!, end: cuts[t + 2]!, out });
      }));
      scoreInto(cols, coef, b0, 0, cuts[1]!, out, 0);
      await Promise.all(done);
      return out;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
