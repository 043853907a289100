import { describe, expect, it } from 'vitest';
import { createPopulation, type Population } from '../../src/core/population.js';
import { createRng } from '../../src/core/rng.js';
import { parseDate } from '../../src/core/dates.js';
import { toFeatureMatrix } from '../../src/features/to-feature-matrix.js';
import { fitRiskModel } from '../../src/model/fit-risk-model.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { streamCohort } from '../../src/node/stream-cohort.js';

const ASOF = parseDate('2024-04-01')!;

/** A random population with children, deaths, leavers, opt-outs and many score ties. */
function people(n: number, seed: number) {
  const rng = createRng(seed);
  const practice = Array.from({ length: n }, () => rng.int(7));
  const birthDate = Array.from({ length: n }, () => ASOF - 365 * rng.int(95) - rng.int(365));
  const deathDate = Array.from({ length: n }, () => (rng.uniform() < 0.03 ? ASOF - rng.int(100) : 2147483647));
  const registeredTo = Array.from({ length: n }, () => (rng.uniform() < 0.03 ? ASOF - rng.int(100) : 2147483647));
  const optedOut = Array.from({ length: n }, () => (rng.uniform() < 0.03 ? 1 : 0));
  const imdDecile = Array.from({ length: n }, () => 1 + rng.int(10));
  // Ids shuffled so that row order and id order differ.
  const ids = Array.from({ length: n }, (_, i) => `N${String((i * 7919) % 100003).padStart(6, '0')}`);
  return { ids, practices: ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'], practice, birthDate, deathDate, registeredTo, optedOut, imdDecile };
}
type Parts = ReturnType<typeof people>;
function subset(p: Parts, from: number, to: number): Population {
  const s = <T>(a: T[]) => a.slice(from, to);
  return createPopulation({ ids: s(p.ids), practices: p.practices, practice: s(p.practice), birthDate: s(p.birthDate), deathDate: s(p.deathDate), registeredTo: s(p.registeredTo), optedOut: s(p.optedOut), imdDecile: s(p.imdDecile), window: { extractDate: ASOF } });
}
// Coarse features (decade of age, deprivation decile) so that many people tie on score.
const features = (p: Population) => toFeatureMatrix({
  decade: Float64Array.from(p.columns.birthDate, (b) => Math.floor((ASOF - b) / 3652.5)),
  imd: Float64Array.from(p.columns.imdDecile),
});

describe('streamCohort', () => {
  it('streamCohort over 4 chunks selects exactly selectCohort(scores, population, {topPercent: 2})\'s people per practice', async () => {
    const parts = people(6000, 3);
    const whole = subset(parts, 0, 6000);
    const f = features(whole);
    const rng = createRng(9);
    const y = Float64Array.from({ length: 6000 }, (_, i) => (rng.uniform() < 0.05 + 0.01 * f.column('decade')![i]! ? 1 : 0));
    const model = fitRiskModel(f, y);
    const scores = model.score(f);
    const expected = selectCohort(scores, whole, { asOf: ASOF, topPercent: 2 });
    const chunks = () => [subset(parts, 0, 1000), subset(parts, 1000, 2500), subset(parts, 2500, 2501), subset(parts, 2501, 6000)];
    const got = await streamCohort(chunks, model, features, { asOf: ASOF, topPercent: 2 });
    expect(got.people).toBe(6000);
    expect(got.chunks).toBe(4);
    for (const g of expected.groups) {
      const mine = got.practices.find((x) => x.group === g.group)!;
      expect(mine.eligible).toBe(g.eligible);
      expect(mine.k).toBe(g.k);
      const want = expected.selected.ids.filter((_, j) => expected.selected.group[j] === g.group);
      expect([...mine.ids].sort()).toEqual([...want].sort());
    }
    expect(got.selected).toBe(expected.selected.ids.length);
    // The same size warnings as selectCohort, pointing at the practices.
    expect(got.warnings.map((w) => [w.code, w.count, w.path])).toEqual(expected.warnings.map((w) => [w.code, w.count, ['practices']]));
    // With eligible counts given, one pass gives the same answer.
    const eligible = Object.fromEntries(got.practices.map((x) => [x.group, x.eligible]));
    const again = await streamCohort(chunks, model, features, { asOf: '2024-04-01', topPercent: 2, eligible });
    expect(again.practices.map((x) => x.ids)).toEqual(got.practices.map((x) => x.ids));
    // A top 0.5% needs 200 eligible a practice; with made-up counts of 150 for the first two
    // practices and 5000 for the others, two are too small.
    const small = await streamCohort(chunks, model, features, { asOf: ASOF, topPercent: 0.5, eligible: Object.fromEntries(got.practices.map((x, j) => [x.group, j < 2 ? 150 : 5000])) });
    expect(small.warnings.map((w) => [w.code, w.count, w.path])).toEqual([['group_too_small', 2, ['practices']]]);
  });

  it('accepts features for a subset of rows (features.rows, like buildFeatures) and refuses a subset that leaves out an eligible person', async () => {
    const parts = people(3000, 5);
    const whole = subset(parts, 0, 3000);
    const f = features(whole);
    const model = fitRiskModel(f, Float64Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? 1 : 0)));
    const expected = selectCohort(model.score(f), whole, { asOf: ASOF, topPercent: 5 });
    // Only the people alive, registered and not opted out get a feature row.
    const onlyEligible = (p: Population) => {
      const all = features(p);
      const keep: number[] = [];
      for (let i = 0; i < p.size; i++) if (p.columns.optedOut[i] === 0 && p.columns.deathDate[i]! > ASOF && p.columns.registeredTo[i]! > ASOF) keep.push(i);
      return toFeatureMatrix({ decade: keep.map((i) => all.column('decade')![i]!), imd: keep.map((i) => all.column('imd')![i]!) }, { rows: keep, rowIds: keep.map((i) => p.ids[i]!) });
    };
    const chunks = () => [subset(parts, 0, 1700), subset(parts, 1700, 3000)];
    const got = await streamCohort(chunks, model, onlyEligible, { asOf: ASOF, topPercent: 5 });
    expect([...got.practices.flatMap((g) => g.ids)].sort()).toEqual([...expected.selected.ids].sort());
    // Leaving out one eligible adult is an error naming the chunk.
    const firstAdult = parts.birthDate.findIndex((b, i) => b < ASOF - 365 * 19 && parts.optedOut[i] === 0 && parts.deathDate[i]! > ASOF && parts.registeredTo[i]! > ASOF);
    const missingOne = (p: Population) => {
      const m = onlyEligible(p);
      const keep = Array.from(m.rows).filter((r) => p.ids[r] !== parts.ids[firstAdult]);
      return toFeatureMatrix({ decade: keep.map((r) => Math.floor((ASOF - p.columns.birthDate[r]!) / 3652.5)), imd: keep.map((r) => p.columns.imdDecile[r]!) }, { rows: keep, rowIds: keep.map((r) => p.ids[r]!) });
    };
    await expect(streamCohort(chunks, model, missingOne, { asOf: ASOF, topPercent: 5 })).rejects.toMatchObject({ code: 'invalid_input', path: ['features', 0] });
    await expect(streamCohort(() => [], model, features, { asOf: 'not a date', topPercent: 2 })).rejects.toMatchObject({ code: 'invalid_options' });
  });
});
