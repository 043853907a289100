import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { buildFeatures } from '../../src/features/build-features.js';
import { EFI_DEFICITS } from '../../src/features/efi-deficits.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { createPopulation } from '../../src/core/population.js';
import { AS_OF, handPopulation, WINDOW } from '../fixtures/features/hand-population.js';
import { arbEvents, arbPeople, build, concatEvents, matrixBytes, reorderEvents } from '../fixtures/features/arbitrary-population.js';

const col = (m: { column(n: string): ArrayLike<number> | undefined }, name: string): number[] => {
  const c = m.column(name);
  if (!c) throw new Error(`no column ${name}`);
  return Array.from(c);
};

describe('buildFeatures on the hand-made population at 2024-03-31', () => {
  const pop = handPopulation();
  const f = buildFeatures(pop, { asOf: AS_OF, lookbackMonths: 12 });

  it('keeps eligible people in population order: d died on asOf, e registers the day after', () => {
    expect(f.rowIds).toEqual(['a', 'b', 'c', 'f']);
    expect(Array.from(f.rows)).toEqual([0, 1, 2, 5]);
    expect(f.n).toBe(4);
    expect(f.asOf).toBe(parseDate('2024-03-31'));
    // (2023-03-31, 2024-03-31]
    expect(f.lookback).toEqual({ start: parseDate('2023-03-31'), end: parseDate('2024-03-31'), months: 12 });
  });

  it('demographics: age in completed years, one-hot bands, sex indicators, imputed IMD with indicator', () => {
    // a born 1950-03-01 -> 74; b 1930-06-15 -> 93; c 2020-01-01 -> 4; f 1980-04-01 -> 43 (birthday tomorrow)
    expect(col(f, 'age')).toEqual([74, 93, 4, 43]);
    expect(col(f, 'age_0_17')).toEqual([0, 0, 1, 0]);
    expect(col(f, 'age_18_44')).toEqual([0, 0, 0, 1]);
    expect(col(f, 'age_45_64')).toEqual([0, 0, 0, 0]);
    expect(col(f, 'age_65_74')).toEqual([1, 0, 0, 0]);
    expect(col(f, 'age_75_84')).toEqual([0, 0, 0, 0]);
    expect(col(f, 'age_85_plus')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'sex_female')).toEqual([1, 0, 0, 0]);
    expect(col(f, 'sex_unknown')).toEqual([0, 0, 1, 0]);
    expect(col(f, 'sex_other')).toEqual([0, 0, 0, 1]);
    // b's decile is unknown (0): imputed to 5 with the indicator set
    expect(col(f, 'imd_decile')).toEqual([3, 5, 10, 7]);
    expect(col(f, 'imd_missing')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'care_home')).toEqual([0, 1, 0, 0]);
  });

  it('long-term conditions: recorded on or before asOf and not resolved by asOf', () => {
    expect(f.conditionClusters).toEqual(['atrial_fibrillation', 'copd', 'dementia', 'diabetes', 'heart_failure', 'hypertension', 'osteoporosis']);
    // a: COPD (2015) yes; hypertension resolved 2020 no; heart failure recorded 2024-04-01 no; diabetes recorded on asOf yes
    // b: all five recorded 2019; osteoporosis resolved 2024-04-01 (after asOf) so still active
    expect(col(f, 'ltc_copd')).toEqual([1, 0, 0, 0]);
    expect(col(f, 'ltc_diabetes')).toEqual([1, 0, 0, 0]);
    expect(col(f, 'ltc_hypertension')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'ltc_heart_failure')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'ltc_osteoporosis')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'ltc_dementia')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'ltc_atrial_fibrillation')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'ltc_count')).toEqual([2, 5, 0, 0]);
  });

  it('efi = deficits / 36 and its category (fit <= 0.12 < mild <= 0.24 < moderate <= 0.36 < severe)', () => {
    expect(EFI_DEFICITS).toHaveLength(36);
    // a: respiratory disease (COPD) + diabetes = 2/36.
    // b: memory (dementia), heart failure, AF, hypertension, osteoporosis, requirement for care
    //    (care home), polypharmacy (5 active medicines) = 7/36 = 0.194 -> mild.
    expect(col(f, 'efi')).toEqual([2 / 36, 7 / 36, 0, 0]);
    expect(col(f, 'efi_category')).toEqual([0, 1, 0, 0]);
    expect(col(f, 'polypharmacy')).toEqual([2, 5, 0, 0]); // a: A and B (C ended on asOf, D starts later)
  });

  it('activity in (asOf - 12 months, asOf]: counts, ACSC, bed days up to asOf, months since last emergency', () => {
    // a: 2023-06-10 J441 (ACSC, 5 days) + 2024-03-29 S720 (open on asOf: 2 days); 2023-03-31 is on the excluded start
    // b: 2023-10-20 I509 (ACSC, 10) + 2023-11-01 no diagnosis (3)
    // f: 2023-04-01 invalid code XYZ (0 days)
    expect(col(f, 'emergency_admissions')).toEqual([2, 2, 0, 1]);
    expect(col(f, 'avoidable_admissions')).toEqual([1, 1, 0, 0]);
    expect(col(f, 'emergency_bed_days')).toEqual([7, 13, 0, 0]);
    expect(col(f, 'ae_attendances')).toEqual([1, 0, 0, 0]);
    expect(col(f, 'outpatient_attendances')).toEqual([2, 0, 0, 0]);
    expect(col(f, 'gp_contacts')).toEqual([1, 0, 0, 0]);
    // a: 2024-03-29 -> 0 months; b: 2023-11-01 -> 4 completed months; c: none -> 12 + 1; f: 2023-04-01 -> 11
    expect(col(f, 'months_since_emergency')).toEqual([0, 4, 13, 11]);
  });

  it('warns about missing and invalid diagnoses with a count and examples', () => {
    const byCode = Object.fromEntries(f.warnings.map((w) => [w.code, w]));
    expect(byCode['diagnosis_missing']?.count).toBe(1);
    expect(byCode['diagnosis_invalid']?.count).toBe(1);
    expect(byCode['diagnosis_invalid']?.examples).toEqual(['XYZ']);
    expect(byCode['polypharmacy_absent']).toBeUndefined();
  });

  it('never has a NaN and uses the documented column types', () => {
    for (const c of f.columns) for (const v of c) expect(Number.isFinite(v)).toBe(true);
    expect(f.column('age')).toBeInstanceOf(Uint16Array);
    expect(f.column('ltc_copd')).toBeInstanceOf(Uint8Array);
    expect(f.column('efi')).toBeInstanceOf(Float64Array);
    expect(f.column('emergency_admissions')).toBeInstanceOf(Uint32Array);
  });

  it('does not mutate the population', () => {
    const before = JSON.stringify([Array.from(pop.activity.date), Array.from(pop.activity.bedDays), Array.from(pop.conditions.code), Array.from(pop.columns.birthDate)]);
    buildFeatures(pop, { asOf: AS_OF });
    expect(JSON.stringify([Array.from(pop.activity.date), Array.from(pop.activity.bedDays), Array.from(pop.conditions.code), Array.from(pop.columns.birthDate)])).toBe(before);
  });
});

describe('buildFeatures options', () => {
  const pop = handPopulation();

  it('without medications the polypharmacy feature is absent and a warning says why', () => {
    const f = buildFeatures(handPopulation({ withMedications: false }), { asOf: AS_OF });
    expect(f.names).not.toContain('polypharmacy');
    expect(f.warnings.map((w) => w.code)).toContain('polypharmacy_absent');
    // b loses the polypharmacy deficit: 6/36
    expect(col(f, 'efi')[1]).toBe(6 / 36);
    expect(() => buildFeatures(handPopulation({ withMedications: false }), { asOf: AS_OF, features: ['polypharmacy'] })).toThrow(/polypharmacy needs population.medications/);
  });

  it('features: a subset by exact name or prefix*, kept in the standard order', () => {
    const f = buildFeatures(pop, { asOf: AS_OF, features: ['efi', 'age', 'ltc_*'] });
    expect(f.names).toEqual(['age', 'ltc_atrial_fibrillation', 'ltc_copd', 'ltc_dementia', 'ltc_diabetes', 'ltc_heart_failure', 'ltc_hypertension', 'ltc_osteoporosis', 'ltc_count', 'efi']);
    expect(() => buildFeatures(pop, { asOf: AS_OF, features: ['agee'] })).toThrow(/buildFeatures: no such feature.*\(options\.features\); got "agee"/);
  });

  it('conditionClusters fixes the flags (names stable whatever the data) and warns about unlisted clusters', () => {
    const f = buildFeatures(pop, { asOf: AS_OF, conditionClusters: ['COPD', 'cancer'] });
    expect(f.names.filter((n) => n.startsWith('ltc_'))).toEqual(['ltc_copd', 'ltc_cancer', 'ltc_count']);
    expect(col(f, 'ltc_cancer')).toEqual([0, 0, 0, 0]);
    expect(col(f, 'ltc_count')).toEqual([1, 0, 0, 0]);
    // efi still uses every cluster
    expect(col(f, 'efi')).toEqual([2 / 36, 7 / 36, 0, 0]);
    expect(f.warnings.find((w) => w.code === 'clusters_not_flagged')?.count).toBe(6);
  });

  it('custom features: per-person functions and whole columns, seeing built-ins; non-finite refused', () => {
    const f = buildFeatures(pop, {
      asOf: AS_OF,
      custom: {
        practice_index: (p, row) => p.columns.practice[row]!,
        old_and_admitted: { column: (_p, ctx) => Array.from(ctx.feature('age')!, (a, r) => (a >= 65 && ctx.feature('emergency_admissions')![r]! > 0 ? 1 : 0)) },
      },
    });
    expect(col(f, 'practice_index')).toEqual([0, 0, 1, 1]);
    expect(col(f, 'old_and_admitted')).toEqual([1, 1, 0, 0]);
    expect(f.names.slice(-2)).toEqual(['practice_index', 'old_and_admitted']);
    expect(() => buildFeatures(pop, { asOf: AS_OF, custom: { bad: () => Number.NaN } })).toThrow(/custom feature returned a value that is not a finite number \(options\.custom\.bad\.a\)/);
    expect(() => buildFeatures(pop, { asOf: AS_OF, custom: { age: () => 1 } })).toThrow(/clashes with a built-in/);
    expect(() => buildFeatures(pop, { asOf: AS_OF, custom: { short: { column: () => [1] } } })).toThrow(/must return 4 values/);
  });

  it('a user ACSC list replaces the default', () => {
    const f = buildFeatures(pop, { asOf: AS_OF, acscCodes: ['S72'] });
    expect(col(f, 'avoidable_admissions')).toEqual([1, 0, 0, 0]);
    expect(f.acscList).toBe('custom');
  });

  it('refuses bad options with the field and value', () => {
    let e: unknown;
    try { buildFeatures(pop, { asOf: 'yesterday' }); } catch (err) { e = err; }
    expect(isRiskStratifyError(e) && e.code === 'invalid_options' && e.path.join('.') === 'options.asOf').toBe(true);
    expect(() => buildFeatures(pop, { asOf: AS_OF, lookbackMonths: 0 })).toThrow(/options\.lookbackMonths/);
  });

  it('reports progress', () => {
    const calls: [number, number][] = [];
    buildFeatures(pop, { asOf: AS_OF, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.at(-1)).toEqual([4, 4]);
  });

  it('an empty population gives an empty matrix with the same names', () => {
    const empty = createPopulation({ ids: [], practices: ['P'], practice: [], birthDate: [], window: WINDOW });
    const f = buildFeatures(empty, { asOf: AS_OF });
    expect(f.n).toBe(0);
    expect(f.names).toContain('months_since_emergency');
  });
});

const ASOF = parseDate('2022-06-30')!;

describe('buildFeatures is strictly as-of', () => {
  test.prop([
    arbPeople(ASOF).chain((people) =>
      fc.tuple(
        fc.constant(people),
        arbEvents(people.n, ASOF - 900, ASOF + 200),
        arbEvents(people.n, ASOF + 1, ASOF + 900),
        fc.array(fc.integer({ min: ASOF + 1, max: ASOF + 900 }), { minLength: people.n, maxLength: people.n }),
        fc.array(fc.integer({ min: ASOF + 1, max: ASOF + 900 }), { minLength: people.n, maxLength: people.n }),
      ),
    ),
    fc.integer({ min: 1, max: 36 }),
  ], { numRuns: 150 })('appending events, deaths and registration ends dated after asOf leaves every feature byte-identical', ([people, events, future, deaths, leaves], lookbackMonths) => {
    const before = buildFeatures(build(people, events), { asOf: ASOF, lookbackMonths });
    // Later deaths / registration ends: only for people whose current date is also after asOf (or none).
    const later = {
      ...people,
      deathDate: people.deathDate.map((x, i) => (x > ASOF ? deaths[i]! : x)),
      registeredTo: people.registeredTo.map((x, i) => (x > ASOF ? leaves[i]! : x)),
    };
    const after = buildFeatures(build(later, concatEvents(events, future)), { asOf: ASOF, lookbackMonths });
    expect(matrixBytes(after)).toEqual(matrixBytes(before));
  });

  test.prop([arbPeople(ASOF).chain((people) => fc.tuple(fc.constant(people), arbEvents(people.n, ASOF - 900, ASOF + 200))), fc.nat(50)], { numRuns: 100 })(
    'the order events are given in does not change any feature',
    ([people, events], k) => {
      const a = buildFeatures(build(people, events), { asOf: ASOF });
      const b = buildFeatures(build(people, reorderEvents(events, k)), { asOf: ASOF });
      expect(matrixBytes(b)).toEqual(matrixBytes(a));
    },
  );

  test.prop([arbPeople(ASOF).chain((people) => fc.tuple(fc.constant(people), arbEvents(people.n, ASOF - 900, ASOF + 200)))], { numRuns: 100 })(
    'rows are exactly the people isEligible on asOf, every value finite, one-hot age bands sum to 1',
    ([people, events]) => {
      const f = buildFeatures(build(people, events), { asOf: ASOF });
      const expected = people.birthDate.flatMap((b, i) => (b <= ASOF && people.registeredFrom[i]! <= ASOF && people.registeredTo[i]! > ASOF && people.deathDate[i]! > ASOF ? [i] : []));
      expect(Array.from(f.rows)).toEqual(expected);
      for (const c of f.columns) for (const v of c) expect(Number.isFinite(v)).toBe(true);
      const bands = f.names.filter((n) => /^age_\d/.test(n)).map((n) => col(f, n));
      for (let r = 0; r < f.n; r++) expect(bands.reduce((s, b) => s + b[r]!, 0)).toBe(1);
      expect(NO_DATE).toBeGreaterThan(ASOF);
    },
  );
});

describe('buildFeatures cluster names', () => {
  it('a cluster code without letters or digits is not flagged (it would have no name) and is reported', () => {
    const pop = createPopulation({
      ids: ['x'], practices: ['P'], practice: [0], birthDate: [0],
      conditions: { patient: [0, 0], code: [0, 1], codes: ['--', 'Heart failure'], date: [0, 0] },
      window: { extractDate: parseDate('2000-01-01')!, activityFrom: parseDate('1999-01-01')! },
    });
    const f = buildFeatures(pop, { asOf: '2000-01-01' });
    expect(f.names.filter((n) => n.startsWith('ltc_'))).toEqual(['ltc_heart_failure', 'ltc_count']);
    expect(f.warnings.find((w) => w.code === 'clusters_not_flagged')?.examples).toEqual(['--']);
    // heart failure still counts as an eFI deficit
    expect(Array.from(f.column('efi')!)).toEqual([1 / 36]);
  });
});
