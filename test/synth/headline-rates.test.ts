/**
 * The generator's headline rates against the published targets documented in
 * SYNTH_REFERENCE / SYNTH_CONDITIONS and the README (ONS, HES, QOF). The reference numbers
 * are restated here from the public tables, not taken from the generator's output.
 */
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { summarisePopulation } from '../../src/synth/summarise-population.js';
import { SYNTH_CONDITIONS, SYNTH_REFERENCE } from '../../src/synth/synth-reference.js';
import { formatDay } from '../../src/core/dates.js';

// One 100k population in 30 practices (no GP / outpatient events, for speed), first window year.
const { population: pop, truth } = generatePopulation({ size: 100_000, practices: 30, seed: 2024, gpContacts: false, outpatients: false });
const from = formatDay(truth.yearStarts[0]!);
const to = formatDay(truth.yearStarts[1]!);
const year1 = summarisePopulation(pop, { asOf: from, from, to });
const rate = (m: string): { per1000PerYear: number; byAgeBand: readonly number[] } => year1.activity.find((r) => r.measure === m)!;

// HES 2019-20 emergency admissions per 1,000 a year by age band (0-4, 5-14, ..., 85+).
const HES_EMERGENCY = [140, 35, 55, 60, 60, 70, 95, 150, 270, 480];
// ONS mid-2020 England: share of the population by 5-year band 0-4 .. 85-89, 90+.
const ONS_AGE = [5.9, 6.3, 6.0, 5.6, 6.1, 6.7, 6.9, 6.7, 6.2, 6.6, 6.9, 6.6, 5.7, 4.9, 5.0, 3.6, 2.5, 1.5, 0.9];

describe('synthetic population: headline rates against published targets', () => {
  it('age structure matches ONS mid-2020 England (each 10-year band within 1.2 points)', () => {
    const total = ONS_AGE.reduce((s, v) => s + v, 0);
    const ons = [ONS_AGE[0]!, ONS_AGE[1]! + ONS_AGE[2]!, ONS_AGE[3]! + ONS_AGE[4]!, ONS_AGE[5]! + ONS_AGE[6]!, ONS_AGE[7]! + ONS_AGE[8]!, ONS_AGE[9]! + ONS_AGE[10]!,
      ONS_AGE[11]! + ONS_AGE[12]!, ONS_AGE[13]! + ONS_AGE[14]!, ONS_AGE[15]! + ONS_AGE[16]!, ONS_AGE[17]! + ONS_AGE[18]!].map((v) => (100 * v) / total);
    const counts = year1.ageSex.female.map((f, b) => f + year1.ageSex.male[b]! + year1.ageSex.other[b]! + year1.ageSex.unknown[b]!);
    const n = counts.reduce((s, v) => s + v, 0);
    counts.forEach((c, b) => expect(Math.abs((100 * c) / n - ons[b]!), `band ${b}`).toBeLessThan(1.2));
    // Women outnumber men from 75 (ONS: 57% of 75-84... 64% of 85+ overall).
    const f85 = year1.ageSex.female[9]! / (year1.ageSex.female[9]! + year1.ageSex.male[9]!);
    expect(f85).toBeGreaterThan(0.58);
    expect(f85).toBeLessThan(0.7);
  });

  it('emergency admissions: crude ~100 per 1,000 a year (within 8%) and each age band within 15% of HES', () => {
    const r = rate('emergency_admissions');
    expect(Math.abs(r.per1000PerYear - 98) / 98).toBeLessThan(0.08);
    r.byAgeBand.forEach((v, b) => expect(Math.abs(v - HES_EMERGENCY[b]!) / HES_EMERGENCY[b]!, `band ${SYNTH_REFERENCE.rateBandLabels[b]}: ${v}`).toBeLessThan(0.15));
    // Steep age gradient: 85+ at least 5 times 25-34.
    expect(r.byAgeBand[9]! / r.byAgeBand[3]!).toBeGreaterThan(5);
  });

  it('15-20% of emergency admissions have an ACSC primary diagnosis (Bardsley et al. 2013)', () => {
    expect(year1.acscShareOfEmergency).toBeGreaterThan(0.15);
    expect(year1.acscShareOfEmergency).toBeLessThan(0.21);
  });

  it('A&E ~400 per 1,000 a year (within 8%); elective ~140 (within 12%)', () => {
    expect(Math.abs(rate('ae_attendances').per1000PerYear - 400) / 400).toBeLessThan(0.08);
    expect(Math.abs(rate('elective_admissions').per1000PerYear - 137) / 137).toBeLessThan(0.12);
  });

  it('emergency length of stay is skewed and rises with age (HES: ~1-2 days for children, 8-11 for 75+)', () => {
    const los = year1.emergencyMeanLengthOfStay.byAgeBand;
    expect(los[1]!).toBeLessThan(2);
    expect(los[8]!).toBeGreaterThan(6.5);
    expect(los[8]!).toBeLessThan(11);
    expect(los[9]!).toBeGreaterThan(8);
    expect(los[9]!).toBeLessThan(13);
    // Skew: the median stay of 75+ admissions is below the mean.
    const a = pop.activity;
    const stays: number[] = [];
    for (let i = 0; i < pop.size; i++) {
      if ((truth.yearStarts[0]! - pop.columns.birthDate[i]!) / 365.25 < 75) continue;
      for (let k = a.offsets[i]!; k < a.offsets[i + 1]!; k++) if (a.setting[k] === 0 && a.emergency[k] === 1) stays.push(a.bedDays[k]!);
    }
    stays.sort((x, y) => x - y);
    const mean = stays.reduce((s, v) => s + v, 0) / stays.length;
    expect(stays[Math.floor(stays.length / 2)]!).toBeLessThan(0.8 * mean);
  });

  it('deaths: observed / expected from ONS 2019 age-specific rates within 0.85-1.15; crude 7-11 per 1,000', () => {
    // Indirect standardisation with the ONS table: expected deaths from person-time by age band.
    const bands = [0, 1, 5, 15, 25, 35, 45, 55, 65, 75, 85, 90];
    const ons = [3.8, 0.1, 0.1, 0.3, 0.6, 1.1, 2.4, 5.6, 13.5, 37, 100, 220];
    const c = pop.columns;
    const T0 = truth.yearStarts[0]!;
    const T1 = truth.yearStarts[1]!;
    let expected = 0, observed = 0;
    for (let i = 0; i < pop.size; i++) {
      const s = Math.max(T0, c.registeredFrom[i]!);
      const e = Math.min(T1, c.registeredTo[i]!, c.deathDate[i]!);
      if (e <= s) continue;
      const age = Math.max(0, (T0 - c.birthDate[i]!) / 365.25);
      let b = 0;
      for (let j = 1; j < bands.length; j++) if (age >= bands[j]!) b = j;
      expected += (ons[b]! / 1000) * ((e - s) / 365.25);
      if (c.deathDate[i]! >= T0 && c.deathDate[i]! < T1 && c.deathDate[i]! <= c.registeredTo[i]!) observed++;
    }
    expect(observed).toBe(year1.deaths.count);
    expect(observed / expected).toBeGreaterThan(0.85);
    expect(observed / expected).toBeLessThan(1.15);
    expect(year1.deaths.per1000PerYear).toBeGreaterThan(7);
    expect(year1.deaths.per1000PerYear).toBeLessThan(11);
  });

  it('QOF all-age register prevalence within 12% (relative) for every condition cluster', () => {
    const T0 = truth.yearStarts[0]!;
    const c = pop.columns;
    const cd = pop.conditions;
    for (const cond of SYNTH_CONDITIONS) {
      const code = cd.codes.indexOf(cond.code);
      let n = 0, k = 0;
      for (let i = 0; i < pop.size; i++) {
        if (!(c.registeredFrom[i]! <= T0 && c.registeredTo[i]! > T0 && c.deathDate[i]! > T0)) continue;
        if ((T0 - c.birthDate[i]!) / 365.25 < cond.targetFromAge) continue;
        n++;
        for (let j = cd.offsets[i]!; j < cd.offsets[i + 1]!; j++) if (cd.code[j] === code && cd.date[j]! <= T0) { k++; break; }
      }
      expect(Math.abs(k / n - cond.target) / cond.target, `${cond.code}: ${k / n} vs ${cond.target}`).toBeLessThan(0.12);
    }
  });

  it('prevalence by age band follows the documented curves for hypertension, diabetes, COPD and dementia', () => {
    // Target per band: the knot curve averaged over single years of age within the band.
    const interp = (knots: ReadonlyArray<readonly number[]>, a: number): number => {
      if (a <= knots[0]![0]!) return knots[0]![1]!;
      for (let j = 1; j < knots.length; j++) {
        if (a <= knots[j]![0]!) return knots[j - 1]![1]! + ((knots[j]![1]! - knots[j - 1]![1]!) * (a - knots[j - 1]![0]!)) / (knots[j]![0]! - knots[j - 1]![0]!);
      }
      return knots[knots.length - 1]![1]!;
    };
    const lows = [0, 5, 15, 25, 35, 45, 55, 65, 75, 85];
    for (const code of ['hypertension', 'diabetes', 'COPD', 'dementia']) {
      const cond = SYNTH_CONDITIONS.find((x) => x.code === code)!;
      const got = year1.conditions.find((x) => x.code === code)!.percentByAgeBand;
      lows.forEach((lo, b) => {
        const hi = b === lows.length - 1 ? 95 : lows[b + 1]!;
        let s = 0;
        for (let a = lo; a < hi; a++) s += interp(cond.knots, a + 0.5);
        const target = (100 * s) / (hi - lo);
        // Within 12% or 4 binomial standard errors (practice clustering adds a little), whichever is wider.
        const nb = year1.ageSex.female[b]! + year1.ageSex.male[b]! + year1.ageSex.other[b]! + year1.ageSex.unknown[b]!;
        const se = Math.sqrt((target * (100 - target)) / nb);
        expect(Math.abs(got[b]! - target), `${code} band ${b}: ${got[b]} vs ${target}`).toBeLessThanOrEqual(Math.max(0.12 * target, 4 * se));
      });
    }
  });

  it('prevalence rises with deprivation (COPD and diabetes higher in deciles 1-2 than 9-10, age 45+)', () => {
    const T0 = truth.yearStarts[0]!;
    const c = pop.columns;
    const cd = pop.conditions;
    for (const code of ['COPD', 'diabetes']) {
      const ci = cd.codes.indexOf(code);
      const n = [0, 0], k = [0, 0];
      for (let i = 0; i < pop.size; i++) {
        if ((T0 - c.birthDate[i]!) / 365.25 < 45 || c.registeredFrom[i]! > T0) continue;
        const g = c.imdDecile[i]! <= 2 ? 0 : c.imdDecile[i]! >= 9 ? 1 : -1;
        if (g < 0) continue;
        n[g]!++;
        for (let j = cd.offsets[i]!; j < cd.offsets[i + 1]!; j++) if (cd.code[j] === ci && cd.date[j]! <= T0) { k[g]!++; break; }
      }
      expect(k[0]! / n[0]!).toBeGreaterThan(1.3 * (k[1]! / n[1]!));
    }
  });

  it('care homes ~0.6% (0.35-0.9%), mostly 85+; opt-outs 3-5%; IMD deciles all present', () => {
    expect(year1.careHome.percent).toBeGreaterThan(0.35);
    expect(year1.careHome.percent).toBeLessThan(0.9);
    const T0 = truth.yearStarts[0]!;
    let ch = 0, ch85 = 0;
    for (let i = 0; i < pop.size; i++) {
      if (!pop.columns.careHome[i] || pop.columns.registeredFrom[i]! > T0 || pop.columns.registeredTo[i]! <= T0 || pop.columns.deathDate[i]! <= T0) continue;
      ch++;
      if ((T0 - pop.columns.birthDate[i]!) / 365.25 >= 85) ch85++;
    }
    expect(ch85 / ch).toBeGreaterThan(0.45);
    expect(year1.optedOut.percent).toBeGreaterThan(3);
    expect(year1.optedOut.percent).toBeLessThan(5);
    for (let d = 1; d <= 10; d++) expect(year1.imdDecile[d]! / year1.people.registered).toBeGreaterThan(0.04);
  });

  it('GP contacts ~5.3 and outpatient attendances ~2.1 a person a year (within 8%)', () => {
    const small = generatePopulation({ size: 20_000, seed: 9, years: 1 });
    const s = summarisePopulation(small.population, { asOf: to, from, to });
    const gp = s.activity.find((r) => r.measure === 'gp_contacts')!.per1000PerYear;
    const op = s.activity.find((r) => r.measure === 'outpatient_attendances')!.per1000PerYear;
    expect(Math.abs(gp - 5340) / 5340).toBeLessThan(0.08);
    expect(Math.abs(op - 2090) / 2090).toBeLessThan(0.08);
    // Polypharmacy: people with more conditions are issued more distinct medicines.
    const m = small.population.medications!;
    const cd = small.population.conditions;
    const byConditions = [0, 0, 0], counts = [0, 0, 0];
    for (let i = 0; i < small.population.size; i++) {
      const nc = Math.min(2, cd.offsets[i + 1]! - cd.offsets[i]!);
      const distinct = new Set(Array.from(m.code.subarray(m.offsets[i]!, m.offsets[i + 1]!))).size;
      byConditions[nc]! += distinct;
      counts[nc]!++;
    }
    expect(byConditions[0]! / counts[0]!).toBe(0);
    expect(byConditions[2]! / counts[2]!).toBeGreaterThan(byConditions[1]! / counts[1]!);
  });
});
