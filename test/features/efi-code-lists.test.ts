import { describe, expect, it } from 'vitest';
import { loadCodeLists } from '../../src/codelists/load-code-lists.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { EFI_DEFICITS } from '../../src/features/efi-deficits.js';

const patients = 'id,practiceId,birthDate,optedOut,careHome\nq0,A,1940-01-01,N,Y\nq1,A,1940-01-01,N,N\nq2,A,1940-01-01,N,N\n';
const conditions = [
  'patientId,code,date',
  'q0,161898004,2020-01-01', // falls
  'q0,404640003,2021-01-01', // dizziness
  'q0,13645005,2015-01-01', // COPD (a long-term condition, and evidence of respiratory disease only through its deficit list)
  'q1,13645005,2015-01-01',
  'q2,195967001,2015-01-01', // asthma, diagnosed twice
  'q2,195967001,2016-01-01',
  'q2,44054006,2017-01-01', // type 2 diabetes
].join('\n');
const ltc = [
  { cluster: 'copd', system: 'snomed' as const, codes: ['13645005'], source: 'test', version: '1' },
  { cluster: 'asthma', system: 'snomed' as const, codes: ['195967001'], source: 'test', version: '1' },
  { cluster: 'diabetes', system: 'snomed' as const, codes: ['44054006'], source: 'test', version: '1' },
];
const efi = [
  { cluster: 'efi_falls', system: 'snomed' as const, codes: ['161898004'], source: 'test (Clegg 2016 deficit: falls)', version: '1' },
  { cluster: 'efi_dizziness', system: 'snomed' as const, codes: ['404640003'], source: 'test (Clegg 2016 deficit: dizziness)', version: '1' },
  { cluster: 'efi_respiratory_disease', system: 'snomed' as const, codes: ['13645005', '195967001'], source: 'test (Clegg 2016 deficit: respiratory disease)', version: '1' },
];
const load = (lists: Parameters<typeof loadCodeLists>[0]) => loadPopulation({ patients, conditions }, { extractDate: '2024-03-31', codeLists: loadCodeLists(lists) }).population;

describe('efi from deficit code lists', () => {
  it('the deficit names are the 36 of Clegg et al. 2016', () => {
    expect(EFI_DEFICITS).toHaveLength(36);
    expect(EFI_DEFICITS.map((d) => d.name)).toContain('memory_and_cognitive_problems');
  });

  it('counts the efi_<deficit> registers (plus a care home for requirement for care) and says so in efiMethod; the lists are not ltc flags', () => {
    const f = buildFeatures(load([...ltc, ...efi]), { asOf: '2024-03-31' });
    expect(f.efiMethod).toBe('deficit-code-lists');
    // q0: falls, dizziness, respiratory disease, requirement for care = 4; q1: respiratory disease = 1; q2: respiratory = 1 (diabetes has no list here)
    expect(Array.from(f.column('efi')!)).toEqual([4 / 36, 1 / 36, 1 / 36]);
    expect(f.conditionClusters).toEqual(['asthma', 'copd', 'diabetes']);
    expect(Array.from(f.column('ltc_count')!)).toEqual([1, 1, 2]);
    const w = f.warnings.find((x) => x.code === 'efi_deficits_without_list')!;
    expect(w.count).toBe(36 - 2 - 3); // 36 deficits, 2 with other evidence, 3 with a list
  });

  it('falls back to the cluster approximation without deficit lists, and says so', () => {
    const f = buildFeatures(load(ltc), { asOf: '2024-03-31' });
    expect(f.efiMethod).toBe('cluster-approximation');
    // q0: respiratory (copd) + care = 2; q1: respiratory = 1; q2: respiratory (asthma) + diabetes = 2
    expect(Array.from(f.column('efi')!)).toEqual([2 / 36, 1 / 36, 2 / 36]);
  });
});

describe('conditionScores: weighted condition scores (e.g. the Cambridge Multimorbidity Score, given its weights)', () => {
  it('adds each active cluster\'s weight once, on a hand-worked person (test weights, not the published ones)', () => {
    const lists = [
      { cluster: 'cms_asthma', system: 'snomed' as const, codes: ['195967001'], source: 'test', version: '1' },
      { cluster: 'cms_diabetes', system: 'snomed' as const, codes: ['44054006'], source: 'test', version: '1' },
      { cluster: 'cms_copd', system: 'snomed' as const, codes: ['13645005'], source: 'test', version: '1' },
    ];
    const weights = { cms_asthma: 0.25, cms_diabetes: 0.75, cms_copd: 1.5 };
    const f = buildFeatures(load([...ltc, ...lists]), { asOf: '2024-03-31', conditionScores: { test_cms: { weights, source: 'test weights' } } });
    // q0: copd 1.5; q1: copd 1.5; q2: asthma (twice: counted once) 0.25 + diabetes 0.75 = 1
    expect(Array.from(f.column('score_test_cms')!)).toEqual([1.5, 1.5, 1]);
    expect(f.conditionScores).toEqual({ score_test_cms: 'test weights' });
    expect(f.conditionClusters).toEqual(['asthma', 'copd', 'diabetes']);
    // as of 2016-06-01 q2 has only asthma
    expect(buildFeatures(load([...ltc, ...lists]), { asOf: '2016-06-01', conditionScores: { test_cms: { weights, source: 'test weights' } } }).column('score_test_cms')![2]).toBe(0.25);
  });
});
