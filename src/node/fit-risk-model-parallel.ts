import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FeatureMatrix } from '../core/feature-matrix.js';
import { finishFit, prepareFit, type FitRiskModelOptions } from '../model/fit-risk-model.js';
import { fastRangePass, irlsSteps, makeRangePass, type PassReply } from '../model/irls.js';
import { FIT_KERNEL_BLOCK, fitKernelModule, makeKernelRangePass } from '../model/irls-kernel.js';
import type { RiskModel } from '../model/risk-model.js';

/** Options of {@link fitRiskModelParallel}: those of `fitRiskModel` plus `threads`. */
export type FitRiskModelParallelOptions = FitRiskModelOptions & {
  /** Threads in total, the calling thread included (default: min(2, available cores)). */
  threads?: number;
};

interface WorkerReply {
  d: number;
  e: number;
  h: Float64Array;
  g: Float64Array;
}

/**
 * `fitRiskModel` with each IRLS pass split across threads (Node only): the calling thread takes
 * the first rows, `threads - 1` worker threads the rest (their slices of the columns are copied
 * once into shared memory). Same algorithm, checks, errors and result as `fitRiskModel`; only
 * the order of the floating-point sums differs (results agree to ~1e-12 relative).
 *
 * @param features - The feature matrix.
 * @param outcome - 0/1 per row.
 * @param options - As `fitRiskModel`, plus `threads`.
 * @returns A promise of the {@link RiskModel}.
 * @throws RiskStratifyError as `fitRiskModel` (the promise rejects).
 * @example
 * const model = await fitRiskModelParallel(features, outcome, { threads: 2 });
 * model.converged; // => true
 */
export async function fitRiskModelParallel(features: FeatureMatrix, outcome: ArrayLike<number>, options: FitRiskModelParallelOptions = {}): Promise<RiskModel> {
  const { threads: requested, ...rest } = options;
  const prep = prepareFit(features, outcome, rest, 'fitRiskModelParallel');
  const threads = Math.max(1, Math.min(requested ?? Math.min(2, availableParallelism()), 16, Math.ceil(prep.n / 1024)));
  const m = prep.columns.length + 1;
  const cuts = Array.from({ length: threads + 1 }, (_, t) => Math.round((t * prep.n) / threads));
  const local = fastRangePass(prep);
  // Each worker runs the WebAssembly pass on the module compiled here (or the JavaScript one).
  const module = fitKernelModule();
  const source = `
const { parentPort, workerData } = require('node:worker_threads');
const makeRangePass = ${makeRangePass.toString()};
const makeKernelRangePass = ${makeKernelRangePass.toString()};
const { module, block, cols, means, scales, y, weights, len, m } = workerData;
const pass = (module ? makeKernelRangePass(module, block, cols, means, scales, y, weights) : null) ?? makeRangePass(cols, means, scales, y, weights);
const h = new Float64Array(m * m);
const g = new Float64Array(m);
parentPort.on('message', (msg) => {
  h.fill(0);
  g.fill(0);
  const [d, e] = pass(msg.beta, msg.withHessian, 0, len, h, g);
  parentPort.postMessage({ d, e, h, g });
});`;
  const workers: Worker[] = [];
  try {
    for (let t = 1; t < threads; t++) {
      const from = cuts[t]!;
      const len = cuts[t + 1]! - from;
      // Each column's slice copied once into shared memory, in its own type.
      const cols = prep.columns.map((c) => {
        const view = new (c.constructor as new (buffer: SharedArrayBuffer) => typeof c)(new SharedArrayBuffer(len * c.BYTES_PER_ELEMENT));
        view.set(c.subarray(from, from + len) as ArrayLike<number>);
        return view;
      });
      const y = new Uint8Array(new SharedArrayBuffer(len));
      y.set(prep.y.subarray(from, from + len));
      let weights: Float64Array | null = null;
      if (prep.weights !== null) {
        weights = new Float64Array(new SharedArrayBuffer(len * 8));
        weights.set(prep.weights.subarray(from, from + len));
      }
      workers.push(new Worker(source, { eval: true, workerData: { module, block: FIT_KERNEL_BLOCK, cols, means: prep.means, scales: prep.scales, y, weights, len, m } }));
    }
    const h = new Float64Array(m * m);
    const g = new Float64Array(m);
    const steps = irlsSteps(prep);
    let next = steps.next();
    while (!next.done) {
      const req = next.value;
      const replies = workers.map(
        (w) =>
          new Promise<WorkerReply>((resolve, reject) => {
            const onError = (e: Error): void => reject(e);
            w.once('error', onError);
            w.once('message', (r: WorkerReply) => {
              w.off('error', onError);
              resolve(r);
            });
            w.postMessage({ beta: req.beta, withHessian: req.withHessian });
          }),
      );
      h.fill(0);
      g.fill(0);
      let [deviance, extreme] = local(req.beta, req.withHessian, cuts[0]!, cuts[1]!, h, g);
      for (const r of await Promise.all(replies)) {
        deviance += r.d;
        extreme += r.e;
        for (let k = 0; k < h.length; k++) h[k] = h[k]! + r.h[k]!;
        for (let k = 0; k < m; k++) g[k] = g[k]! + r.g[k]!;
      }
      const reply: PassReply = { deviance, extreme, h, g };
      next = steps.next(reply);
    }
    return finishFit(prep, next.value);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
