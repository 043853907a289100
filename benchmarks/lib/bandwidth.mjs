// The machine's memory-bandwidth limit as the scoring core sees it: a plain sum over a
// Float64Array much larger than the caches (160 MB = 1M people x 20 features x 8 bytes).
import { median } from './measure.mjs';

export async function bandwidth({ bytes = 160_000_000, runs = 9 } = {}) {
  const a = new Float64Array(bytes / 8);
  for (let i = 0; i < a.length; i++) a[i] = i & 1023;
  const sum = () => {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const n = a.length;
    let i = 0;
    for (; i + 3 < n; i += 4) { s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3]; }
    for (; i < n; i++) s0 += a[i];
    return s0 + s1 + s2 + s3;
  };
  const r = await median(sum, { runs, warmup: 2 });
  return { ms: r.ms, bytes, gbPerSecond: bytes / (r.ms / 1000) / 1e9 };
}
