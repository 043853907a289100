/**
 * A small stand-in population for the demo, used only until the synth stage's
 * `generatePopulation` lands on main (then the demo switches to it and this file goes).
 * Deterministic from `seed`; not calibrated to England beyond rough shapes.
 */
import { addMonths, dayFromCivil } from '../core/dates.js';
import { createPopulation, type Population } from '../core/population.js';
import { createRng } from '../core/rng.js';

const CONDITIONS = ['hypertension', 'diabetes', 'COPD', 'asthma', 'heart_failure', 'CHD', 'dementia', 'CKD'];
const BASE = [0.12, 0.06, 0.02, 0.06, 0.01, 0.03, 0.01, 0.03];
const DIAGNOSES = ['J441', 'J45', 'I50', 'E11', 'N39', 'L03', 'R07', 'S72', 'K35', 'R10'];

/** Builds `size` people over `practices` practices with `years` of activity ending at `end`. */
export function interimPopulation(size: number, practices: number, years: number, seed: number, end = dayFromCivil(2025, 4, 1)): Population {
  const rng = createRng(seed);
  const start = addMonths(end, -12 * years);
  const ids: string[] = [];
  const practiceCodes = Array.from({ length: practices }, (_, p) => `P${String(p + 1).padStart(3, '0')}`);
  const weights = practiceCodes.map(() => 0.4 + rng.uniform() * 1.6);
  const wsum = weights.reduce((a, b) => a + b, 0);
  const practice = new Uint32Array(size);
  const sex = new Uint8Array(size);
  const birthDate = new Int32Array(size);
  const imdDecile = new Uint8Array(size);
  const careHome = new Uint8Array(size);
  const optedOut = new Uint8Array(size);
  const registeredFrom = new Int32Array(size);
  const act = { patient: [] as number[], date: [] as number[], endDate: [] as number[], setting: [] as number[], emergency: [] as number[], bedDays: [] as number[], diagnosis: [] as number[], cost: [] as number[] };
  const cond = { patient: [] as number[], code: [] as number[], date: [] as number[] };
  for (let i = 0; i < size; i++) {
    ids.push(`S${String(i + 1).padStart(7, '0')}`);
    let u = rng.uniform() * wsum;
    let p = 0;
    while (p < practices - 1 && u > weights[p]!) u -= weights[p++]!;
    practice[i] = p;
    sex[i] = rng.uniform() < 0.5 ? 1 : 2;
    const age = Math.min(100, Math.floor(-Math.log(1 - rng.uniform() * 0.97) * 38));
    birthDate[i] = end - age * 365 - rng.int(365);
    imdDecile[i] = 1 + rng.int(10);
    careHome[i] = age >= 75 && rng.uniform() < 0.04 ? 1 : 0;
    optedOut[i] = rng.uniform() < 0.01 ? 1 : 0;
    registeredFrom[i] = Math.max(birthDate[i]!, start - rng.int(3650));
    const ageFactor = Math.exp((age - 50) / 18);
    const dep = 1 + (10 - imdDecile[i]!) * 0.05;
    let nCond = 0;
    for (let c = 0; c < CONDITIONS.length; c++) {
      if (rng.uniform() < Math.min(0.9, BASE[c]! * ageFactor * dep)) {
        cond.patient.push(i); cond.code.push(c); cond.date.push(Math.max(birthDate[i]!, start - rng.int(3650)));
        nCond++;
      }
    }
    const latent = Math.exp(rng.normal() * 0.8);
    const rate = 0.012 * ageFactor * dep * latent * (1 + 0.6 * nCond) * (careHome[i] ? 2 : 1);
    for (let m = 0; m < years * 12; m++) {
      const monthStart = addMonths(start, m);
      const n = rng.poisson(Math.min(2, rate / 12));
      for (let k = 0; k < n; k++) {
        const d = monthStart + rng.int(28);
        if (d < registeredFrom[i]!) continue;
        const los = rng.poisson(3 + age / 20);
        act.patient.push(i); act.date.push(d); act.endDate.push(d + los); act.setting.push(0); act.emergency.push(1);
        act.bedDays.push(los); act.diagnosis.push(rng.int(DIAGNOSES.length)); act.cost.push(1500 + 350 * los);
      }
      if (rng.uniform() < 0.25 + 0.02 * nCond) {
        const d = monthStart + rng.int(28);
        if (d >= registeredFrom[i]!) {
          act.patient.push(i); act.date.push(d); act.endDate.push(d); act.setting.push(3); act.emergency.push(0);
          act.bedDays.push(0); act.diagnosis.push(-1); act.cost.push(40);
        }
      }
    }
  }
  return createPopulation({
    ids, practices: practiceCodes, practice, sex, birthDate, registeredFrom, imdDecile, careHome, optedOut,
    activity: { ...act, diagnoses: DIAGNOSES },
    conditions: { ...cond, codes: CONDITIONS },
  });
}
