// Loading a saved model is linear in its size (issue 20: 1,000,000 features took over 15 minutes,
// the key checks being quadratic). Times loadRiskModel on models of k = 1,250 .. 10,000 features
// (the limit, MAX_MODEL_FEATURES) and prints the time per feature, which stays flat when loading
// is linear and doubles with each doubling of k when it is quadratic. Not a test: times are
// reported, not asserted. Bundles src/ on the fly (no build needed):
//   node benchmarks/model-load.mjs [--runs 5]
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundled = await build({ entryPoints: [`${root}src/model/index.ts`], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'error' });
const { loadRiskModel, MAX_MODEL_FEATURES } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const runs = process.argv.includes('--runs') ? Number(process.argv[process.argv.indexOf('--runs') + 1]) : 5;

function modelText(k) {
  const features = [];
  const coefficients = { intercept: -3 };
  const standardErrors = { intercept: 0.1 };
  for (let j = 0; j < k; j++) {
    const name = `feature_${j}`;
    features.push({ name, mean: j / k, scale: 1 + j / k });
    coefficients[name] = 0.001 * (j % 7);
    standardErrors[name] = 0.01;
  }
  return JSON.stringify({
    format: 'risk-stratify/risk-model', formatVersion: 2, libraryVersion: '0.1.0', features, coefficients, standardErrors,
    fit: { deviance: 1, nullDeviance: 2, aic: 3, iterations: 5, converged: true, l2: 0, tolerance: 1e-8, maxIterations: 25, weighted: false },
    training: { rows: 1000, events: 100, weightSum: 1000 }, warnings: [],
  });
}

const rows = [];
for (let k = MAX_MODEL_FEATURES / 8; k <= MAX_MODEL_FEATURES; k *= 2) {
  const text = modelText(k);
  loadRiskModel(text); // warm-up
  const times = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    loadRiskModel(text);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  rows.push({ features: k, medianMs: Number(median.toFixed(1)), microsecondsPerFeature: Number(((median * 1000) / k).toFixed(2)) });
}
console.table(rows);
const ratio = rows.at(-1).microsecondsPerFeature / rows[0].microsecondsPerFeature;
console.log(`time per feature at ${rows.at(-1).features} / at ${rows[0].features}: ${ratio.toFixed(2)} (about 1 when linear; about ${rows.at(-1).features / rows[0].features} when quadratic)`);
