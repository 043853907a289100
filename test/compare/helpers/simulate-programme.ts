// A small, independent simulation of a case-management programme with a known effect and
// built-in regression to the mean, for the known-answer tests of evaluateIntervention.
// (Used until/unless the synth stage's generator is preferred; it does not use our code
// under test, only createPopulation and the seeded RNG from core.)
import { createPopulation, type Population } from '../../../src/core/population.js';
import { addMonths, dayFromCivil } from '../../../src/core/dates.js';
import { createRng } from '../../../src/core/rng.js';

export interface SimulatedProgramme {
  population: Population;
  treated: Array<{ id: string; start: string }>;
  pool: string[];
  /** Predicted risk of a row on a day: 1 - exp(-(0.05 + 0.35 x emergency admissions in the prior 12 months + 0.004 x (age - 40))). */
  predictedRisk: (row: number, day: number) => number;
  /** Emergency admissions each person had, before thinning, per row (for checks). */
  trueEffect: number;
}

/**
 * People in 24 practices of `perPractice`; each has a stable admission rate (rising with age,
 * gamma-distributed frailty) times a yearly transient factor (mean 1), so people picked for a
 * high past year fall back the next (regression to the mean). Practices 0-11 case-manage the
 * top `topPercent` by predicted risk from 2024-01-01 (0-5) or 2024-04-01 (6-11); practices
 * 12-23 are the pool. Case-managed people's emergency admissions from their start are kept
 * with probability 1 - effect (a known relative effect).
 */
export function simulateProgramme({ seed, effect, perPractice = 500, topPercent = 5 }: { seed: number; effect: number; perPractice?: number; topPercent?: number }): SimulatedProgramme {
  const rng = createRng(seed);
  const nP = 24;
  const n = nP * perPractice;
  const ids: string[] = [];
  const practice: number[] = [];
  const birth: number[] = [];
  const sex: number[] = [];
  const rate: number[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(`p${i}`);
    practice.push(Math.floor(i / perPractice));
    const age = 40 + Math.floor(rng.uniform() * 55);
    birth.push(dayFromCivil(2024 - age, 1 + rng.int(12), 1 + rng.int(28)));
    sex.push(1 + rng.int(2));
    rate.push(0.15 * Math.exp(0.025 * (age - 40)) * (rng.gamma(0.8) / 0.8));
  }
  const ev = { patient: [] as number[], date: [] as number[], setting: [] as number[], emergency: [] as number[], bedDays: [] as number[], diagnosis: [] as number[] };
  for (let i = 0; i < n; i++) {
    for (let y = 2022; y <= 2025; y++) {
      const f = rng.gamma(1.5) / 1.5;
      for (let m = 1; m <= 12; m++) {
        const k = rng.poisson((rate[i]! * f) / 12);
        for (let e = 0; e < k; e++) {
          ev.patient.push(i);
          ev.date.push(dayFromCivil(y, m, 1 + rng.int(28)));
          ev.setting.push(0);
          ev.emergency.push(1);
          ev.bedDays.push(1 + rng.poisson(4));
          ev.diagnosis.push(rng.uniform() < 0.3 ? 0 : 1);
        }
        const ae = rng.poisson((rate[i]! * f * 1.5) / 12);
        for (let e = 0; e < ae; e++) {
          ev.patient.push(i);
          ev.date.push(dayFromCivil(y, m, 1 + rng.int(28)));
          ev.setting.push(1);
          ev.emergency.push(0);
          ev.bedDays.push(0);
          ev.diagnosis.push(-1);
        }
      }
    }
  }
  // Per-person sorted emergency dates for the risk function.
  const emergDates: number[][] = Array.from({ length: n }, () => []);
  ev.patient.forEach((p, j) => {
    if (ev.setting[j] === 0) emergDates[p]!.push(ev.date[j]!);
  });
  const predictedRisk = (row: number, day: number): number => {
    const from = addMonths(day, -12);
    let c = 0;
    for (const d of emergDates[row]!) if (d >= from && d < day) c++;
    const ageYears = (day - birth[row]!) / 365.25;
    return 1 - Math.exp(-(0.05 + 0.35 * c + 0.004 * (ageYears - 40)));
  };
  // Selection in intervention practices: top k% by risk at the practice's start.
  const treated: Array<{ id: string; start: string }> = [];
  const startOf = (p: number): number => (p < 6 ? dayFromCivil(2024, 1, 1) : dayFromCivil(2024, 4, 1));
  const treatedStart = new Map<number, number>();
  for (let p = 0; p < 12; p++) {
    const start = startOf(p);
    const rows = Array.from({ length: perPractice }, (_, k) => p * perPractice + k);
    const risks = rows.map((r) => predictedRisk(r, start));
    const order = rows.map((r, k) => k).sort((a, b) => risks[b]! - risks[a]! || a - b);
    const k = Math.ceil((topPercent / 100) * perPractice);
    for (const idx of order.slice(0, k)) {
      treated.push({ id: ids[rows[idx]!]!, start: start === dayFromCivil(2024, 1, 1) ? '2024-01-01' : '2024-04-01' });
      treatedStart.set(rows[idx]!, start);
    }
  }
  // Known effect: thin treated people's emergency admissions from their start.
  const keep = ev.patient.map((p, j) => {
    const s = treatedStart.get(p);
    if (s === undefined || ev.setting[j] !== 0 || ev.date[j]! < s) return true;
    return rng.uniform() >= effect;
  });
  const pick = <T,>(xs: T[]): T[] => xs.filter((_, j) => keep[j]);
  const population = createPopulation({
    ids, practices: Array.from({ length: nP }, (_, p) => `P${p}`), practice, sex, birthDate: birth,
    registeredFrom: new Array<number>(n).fill(dayFromCivil(2000, 1, 1)),
    window: { extractDate: dayFromCivil(2025, 12, 31), activityFrom: dayFromCivil(2022, 1, 1) }, // what was simulated
    activity: { patient: pick(ev.patient), date: pick(ev.date), setting: pick(ev.setting), emergency: pick(ev.emergency), bedDays: pick(ev.bedDays), diagnosis: pick(ev.diagnosis), diagnoses: ['I50', 'R69'] },
  });
  const pool = ids.filter((_, i) => practice[i]! >= 12);
  return { population, treated, pool, predictedRisk, trueEffect: effect };
}
