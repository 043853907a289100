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

/**
 * A design shaped like buildFeatures' output, in its column types: age in years (Uint16Array),
 * sex and care-home flags and ten condition flags (Uint8Array), counts over the last year of
 * emergency admissions, A&E attendances, outpatient visits and GP consultations (Uint32Array),
 * bed days (Float64Array, whole days, as buildFeatures gives them), medications (Uint16Array).
 * Conditions and activity rise with age and with each other; the outcome (an emergency
 * admission in the next year) comes from a plausible logistic model, about 8% events.
 */
export const FEATURES_DESIGN_NAMES = ['age', 'sex_female', 'care_home', 'ltc_chd', 'ltc_heart_failure', 'ltc_af', 'ltc_copd', 'ltc_asthma', 'ltc_diabetes', 'ltc_ckd', 'ltc_cancer', 'ltc_dementia', 'ltc_depression',
  'emergency_admissions_12m', 'ae_attendances_12m', 'outpatient_visits_12m', 'bed_days_12m', 'medications', 'gp_consultations_12m'];
const COND_PREV = [0.05, 0.02, 0.03, 0.03, 0.09, 0.08, 0.04, 0.03, 0.01, 0.1]; // at the mean age
const COND_BETA = [0.25, 0.55, 0.2, 0.5, 0.15, 0.2, 0.3, 0.35, 0.45, 0.15];

export function makeFeaturesDesign(n, seed = 20261205) {
  const rng = createRng(seed);
  const age = new Uint16Array(n);
  const female = new Uint8Array(n);
  const careHome = new Uint8Array(n);
  const conds = COND_PREV.map(() => new Uint8Array(n));
  const emerg = new Uint32Array(n);
  const ae = new Uint32Array(n);
  const op = new Uint32Array(n);
  const bedDays = new Float64Array(n);
  const meds = new Uint16Array(n);
  const gp = new Uint32Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = 18 + Math.min(87, Math.floor(-Math.log(1 - rng.uniform()) * 28 + rng.uniform() * 20)); // 18..105, skewed young
    age[i] = a;
    female[i] = rng.uniform() < 0.51 ? 1 : 0;
    const old = (a - 45) / 20;
    careHome[i] = rng.uniform() < 0.002 * Math.exp(1.5 * Math.max(0, old)) ? 1 : 0;
    let ltc = 0;
    for (let k = 0; k < conds.length; k++) {
      const q = COND_PREV[k] * Math.exp(0.6 * old);
      const has = rng.uniform() < Math.min(0.9, q) ? 1 : 0;
      conds[k][i] = has;
      ltc += has;
    }
    const frail = Math.exp(0.25 * old + 0.3 * ltc + 1.2 * careHome[i]);
    emerg[i] = rng.poisson(0.06 * frail);
    ae[i] = rng.poisson(0.2 * frail);
    op[i] = rng.poisson(0.8 * frail);
    bedDays[i] = emerg[i] > 0 ? emerg[i] + rng.poisson(3 * emerg[i] * frail) : 0;
    meds[i] = rng.poisson(0.5 + 1.2 * ltc + 0.4 * Math.max(0, old));
    gp[i] = rng.poisson(2 + 1.5 * ltc + 0.5 * Math.max(0, old));
    let eta = -3.12 + 0.012 * (a - 50) - 0.05 * female[i] + 0.6 * careHome[i];
    for (let k = 0; k < conds.length; k++) eta += COND_BETA[k] * conds[k][i];
    eta += 0.45 * Math.min(emerg[i], 6) + 0.08 * Math.min(ae[i], 10) + 0.02 * Math.min(op[i], 20) + 0.01 * Math.min(bedDays[i], 60) + 0.015 * meds[i] + 0.01 * gp[i];
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  }
  const cols = [age, female, careHome, ...conds, emerg, ae, op, bedDays, meds, gp];
  return { n, names: FEATURES_DESIGN_NAMES, cols, y };
}

export async function writeDesignCSV(design, path) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? null : new Promise((r) => out.once('drain', r)));
  await write(`${design.names.join(',')},y\n`);
  const { cols, y, n } = design;
  let buf = '';
  for (let i = 0; i < n; i++) {
    let line = '';
    for (let j = 0; j < cols.length; j++) line += `${cols[j][i]},`;
    buf += `${line}${y[i]}\n`;
    if (buf.length > 1 << 20) { const p = write(buf); buf = ''; if (p) await p; }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}
