// Timing and memory helpers for the benchmarks (never used by tests).
import { performance } from 'node:perf_hooks';

/** Median wall time in ms over `runs` runs after `warmup` warm-up runs; returns the last result too. */
export async function median(fn, { runs = 5, warmup = 1 } = {}) {
  let out;
  for (let i = 0; i < warmup; i++) out = await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const m = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  return { ms: m, min: times[0], max: times[times.length - 1], runs, result: out };
}

/** Current memory in MB plus the process's peak RSS so far. */
export function memory() {
  const m = process.memoryUsage();
  return {
    rssMB: m.rss / 1048576,
    heapMB: m.heapUsed / 1048576,
    arrayBuffersMB: m.arrayBuffers / 1048576,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

export const SIZES = { '100k': 100_000, '1M': 1_000_000, '10M': 10_000_000 };
