import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadCodeLists } from '../../src/codelists/load-code-lists.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { cambridgeMultimorbidityScore, CMS_CONDITIONS, CMS_GENERAL_20_WEIGHTS } from '../../src/features/cambridge-multimorbidity.js';
import { RiskStratifyError } from '../../src/core/errors.js';
import { addMonths, formatDay, parseDate } from '../../src/core/dates.js';
import { conditionRegisters } from '../../src/codelists/condition-registers.js';
import { fromSynthea } from '../../src/node/from-synthea.js';
import { syntheaDir } from '../cli/helpers.js';

// Real SNOMED CT concept ids for diagnoses; prescriptions as local drug-group codes (issues loaded as coded events).
const patients = 'id,practiceId,birthDate,optedOut\np,A,1950-01-01,N\nq,A,1950-01-01,N\nr,A,1950-01-01,N\n';
const rows = [
  'patientId,code,date',
  'p,13645005,2010-05-01', // COPD: ever -> 1.46
  'p,38341003,2005-01-01', // hypertension: ever -> 0.08
  'p,363346000,2017-01-01', // cancer first recorded 2017 (more than 5 years before asOf) ...
  'p,363346000,2023-01-01', // ... so a later record does not make it recent: 0
  'p,35489007,2023-06-01', // depression code in the last 12 months -> anxiety or depression 0.50
  'p,195967001,2000-01-01', // asthma code ever but no asthma prescription: 0
  'p,LAX1,2023-05-01', // laxatives on 4 distinct days in the last year -> constipation 1.12
  'p,LAX1,2023-08-01',
  'p,LAX1,2023-11-01',
  'p,LAX1,2024-02-01',
  'p,LAX1,2024-02-01', // a duplicate row: the same day counts once
  'p,AED1,2023-07-01', // antiepileptics 4 times in 12 months, no epilepsy code ever -> painful condition 0.92
  'p,AED1,2023-09-01',
  'p,AED1,2023-12-01',
  'p,AED1,2024-03-01',
  'q,363346000,2022-01-01', // cancer first recorded in the last 5 years -> 1.53
  'q,84757009,2015-01-01', // epilepsy code ever ...
  'q,AED1,2023-07-01', // ... and antiepileptics in the last 12 months -> epilepsy 0.92 (and no painful condition: epilepsy coded)
  'q,AED1,2023-09-01',
  'q,AED1,2023-12-01',
  'q,AED1,2024-03-01',
  'q,LAX1,2023-06-01', // laxatives on 3 distinct days only (4 rows): no constipation
  'q,LAX1,2023-09-01',
  'q,LAX1,2023-09-01',
  'q,LAX1,2024-01-01',
  'q,195967001,2010-01-01', // asthma code ever ...
  'q,SAL1,2023-12-01', // ... and an asthma prescription in the last 12 months -> 0.19
  'q,35489007,2022-01-01', // depression code more than 12 months ago: no anxiety or depression
].join('\n');
const list = (cluster: string, system: 'snomed' | 'local', codes: string[]) => ({ cluster, system, codes, source: 'test', version: '1' });
const lists = [
  list('copd', 'snomed', ['13645005']),
  list('hypertension', 'snomed', ['38341003']),
  list('cancer', 'snomed', ['363346000']),
  list('depression', 'snomed', ['35489007']),
  list('asthma', 'snomed', ['195967001']),
  list('epilepsy', 'snomed', ['84757009']),
  list('cms_constipation_rx', 'local', ['LAX1']),
  list('cms_epilepsy_rx', 'local', ['AED1']),
  list('cms_asthma_rx', 'local', ['SAL1']),
];
const population = loadPopulation({ patients, conditions: rows }, { extractDate: '2024-03-31', codeLists: loadCodeLists(lists) }).population;
const score = (asOf: string, cms = cambridgeMultimorbidityScore()) => {
  const f = buildFeatures(population, { asOf, conditionScores: { cms_general: cms } });
  return { f, values: Array.from(f.column('score_cms_general')!, (v) => Math.round(v * 100) / 100) };
};

describe('Cambridge Multimorbidity Score (Payne et al., CMAJ 2020)', () => {
  it('has the 37 conditions, 20 of them in the reduced score, and 20 general-outcome weights on exactly those', () => {
    expect(CMS_CONDITIONS).toHaveLength(37);
    const in20 = CMS_CONDITIONS.filter((c) => c.in20).map((c) => c.key).sort();
    expect(in20).toHaveLength(20);
    expect(Object.keys(CMS_GENERAL_20_WEIGHTS).sort()).toEqual(in20);
    // the published general-outcome weights (checked against two transcriptions of the article's table)
    expect(CMS_GENERAL_20_WEIGHTS.cms_dementia).toBe(2.5);
    expect(CMS_GENERAL_20_WEIGHTS.cms_hypertension).toBe(0.08);
    expect(Object.values(CMS_GENERAL_20_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(16.33, 10);
  });

  it('scores hand-worked people on 31 March 2024: 4.08, 2.64, 0', () => {
    const { f, values } = score('2024-03-31');
    // p: COPD 1.46 + hypertension 0.08 + depression 0.50 + constipation 1.12 + painful condition 0.92
    // q: cancer 1.53 + epilepsy 0.92 + asthma 0.19
    expect(values).toEqual([4.08, 2.64, 0]);
    expect(f.conditionScores.score_cms_general).toMatch(/Payne et al., CMAJ 2020/);
    // the prescription clusters are not long-term-condition flags; the diagnosis clusters are
    expect(f.conditionClusters).toEqual(['asthma', 'cancer', 'copd', 'depression', 'epilepsy', 'hypertension']);
    // clusters the score reads that nobody has are named in a warning
    const w = f.warnings.find((x) => x.code === 'score_clusters_absent')!;
    expect(w.examples).toContain('cms_alcohol_problems');
  });

  it('is as-of: on 30 June 2023 p scores 2.04 (no laxatives or antiepileptics yet counted)', () => {
    // p: COPD 1.46 + hypertension 0.08 + depression (2023-06-01) 0.50; laxatives 1 day; antiepileptics none yet
    // q: cancer 1.53; epilepsy needs a prescription (none yet); asthma needs one (none yet)
    expect(score('2023-06-30').values).toEqual([2.04, 1.53, 0]);
  });

  it('without prescription evidence: asthma and epilepsy need the code only, prescription-only conditions drop, and the source says so', () => {
    const cms = cambridgeMultimorbidityScore({ prescriptions: false });
    expect(cms.weights.cms_constipation).toBeUndefined();
    const { f, values } = score('2024-03-31', cms);
    // p: 1.46 + 0.08 + 0.50 + asthma 0.19; q: 1.53 + epilepsy 0.92 + asthma 0.19
    expect(values).toEqual([2.23, 2.64, 0]);
    expect(f.conditionScores.score_cms_general).toMatch(/without prescription evidence/);
  });

  it('takes your own weights (e.g. the unplanned-admission column) with their source, and cluster names of your own', () => {
    const cms = cambridgeMultimorbidityScore({ weights: { cms_copd: 2, cms_cancer: 3 }, source: 'my table', clusters: { cms_copd: 'hypertension' } });
    const { f, values } = score('2024-03-31', cms);
    expect(values).toEqual([2, 3, 0]); // p: "copd" read from the hypertension register; q: cancer
    expect(f.conditionScores.score_cms_general).toBe('my table');
  });

  it('refuses a weight on an unknown condition, own weights without a source, and an unknown cluster override', () => {
    expect(() => cambridgeMultimorbidityScore({ weights: { cms_gout: 1 }, source: 'x' })).toThrow(RiskStratifyError);
    expect(() => cambridgeMultimorbidityScore({ weights: { cms_copd: 1 } })).toThrow(/source/);
    expect(() => cambridgeMultimorbidityScore({ clusters: { nothing: 'x' } })).toThrow(/neither a condition key/);
  });

  it('property: records after the as-of date never change the score', () => {
    const base = score('2023-06-30').values;
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom('p', 'q', 'r'), fc.constantFrom('13645005', 'LAX1', 'AED1', '363346000', 'SAL1', '84757009'), fc.integer({ min: 1, max: 270 })), { maxLength: 12 }), (extra) => {
        const more = extra.map(([id, code, d]) => `${id},${code},${new Date(Date.UTC(2023, 5, 30 + d)).toISOString().slice(0, 10)}`);
        const pop = loadPopulation({ patients, conditions: [rows, ...more].join('\n') }, { extractDate: '2024-03-31', codeLists: loadCodeLists(lists) }).population;
        const v = Array.from(buildFeatures(pop, { asOf: '2023-06-30', conditionScores: { c: cambridgeMultimorbidityScore() } }).column('score_c')!, (x) => Math.round(x * 100) / 100);
        expect(v).toEqual(base);
      }), { numRuns: 30 });
  });

  it('a window is (asOf - months, asOf]: a record on its first day does not count, one on the as-of day does', () => {
    const start = formatDay(addMonths(parseDate('2024-03-31')!, -12)); // 2023-03-31
    const at = (days: string[], asOf: string) => {
      const conditions = ['patientId,code,date', ...days.map((d) => `p,LAX1,${d}`)].join('\n');
      const pop = loadPopulation({ patients, conditions }, { extractDate: '2024-03-31', codeLists: loadCodeLists([list('cms_constipation_rx', 'local', ['LAX1'])]) }).population;
      return buildFeatures(pop, { asOf, conditionScores: { c: cambridgeMultimorbidityScore() } }).column('score_c')![0];
    };
    const first = [start, '2023-06-01', '2023-09-01', '2023-12-01'];
    expect(at(first, '2024-03-31')).toBe(0); // the window's first day is excluded: 3 days
    expect(at(first, '2024-03-30')).toBe(1.12); // (2023-03-30, 2024-03-30]: 4 days
    const last = ['2023-06-01', '2023-09-01', '2023-12-01', '2024-03-31'];
    expect(at(last, '2024-03-31')).toBe(1.12); // the as-of day is included
    expect(at(last, '2024-03-30')).toBe(0);
  });

  const dir = syntheaDir();
  it.skipIf(dir === undefined)('on the Synthea export (hospital-derived registers, no prescriptions): within [0, sum of weights], and everyone on the dementia register scores at least its 2.50', async () => {
    const { population } = await fromSynthea(dir!, { referenceDate: '2023-10-16', hospitalConditions: true });
    const asOf = '2023-10-16';
    const cms = cambridgeMultimorbidityScore({ prescriptions: false });
    const f = buildFeatures(population, { asOf, conditionScores: { cms: cms } });
    const v = f.column('score_cms')!;
    const max = Object.values(cms.weights).reduce((a, b) => a + b, 0);
    const dem = conditionRegisters(population, { asOf }).get('dementia');
    let scored = 0;
    for (let r = 0; r < v.length; r++) {
      expect(v[r]).toBeGreaterThanOrEqual(0);
      expect(v[r]).toBeLessThanOrEqual(max + 1e-9);
      if (v[r]! > 0) scored++;
      if (dem && dem.active[f.rows[r]!] === 1) expect(v[r]).toBeGreaterThanOrEqual(2.5);
    }
    expect(scored).toBeGreaterThan(0);
  });
});
