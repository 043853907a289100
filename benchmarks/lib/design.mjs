// A seeded design for the model, scoring and AUROC benchmarks: n people x 20 features
// (age, binary condition flags, skewed activity counts, continuous measures) and a 0/1
// outcome drawn from a known logistic model (about 10% events). Values are rounded to the
// decimals printed in the CSV, so the peers (reading the CSV) and we see identical numbers.
import { createWriteStream } from 'node:fs';
import { createRng } from '../../dist/index.js';

export const FEATURES = 20;
const BETA = [-4.2, 0.35, 0.5, 0.4, 0.3, 0.25, 0.6, 0.15, 0.2, 0.1, 0.05, 0.2, -0.1, 0.15, 0.05, -0.05, 0.1, 0.0, 0.08, -0.12, 0.03];

export function makeDesign(n, seed = 20261123) {
  const rng = createRng(seed);
  const cols = Array.from({ length: FEATURES }, () => new Float64Array(n));
  const y = new Float64Array(n);
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
  return { n, names, cols, y };
}

export async function writeDesignCSV(design, path) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
  await write(`${design.names.join(',')},y\n`);
  const { cols, y, n } = design;
  let buf = '';
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let j = 0; j < FEATURES; j++) line += `${cols[j][i]},`;
    buf += `${line}${y[i]}\n`;
    if (buf.length > 1 << 20) { const p = write(buf); buf = ''; if (p) await p; }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}
