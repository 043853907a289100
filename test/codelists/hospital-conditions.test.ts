import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { conditionRegisters, registerSource } from '../../src/codelists/condition-registers.js';
import { ICD10_LTC_CODE_LISTS, ICD10_LTC_VERSION } from '../../src/codelists/icd10-ltc-code-lists.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { isIcd10Code } from '../../src/schema/normalise-icd10.js';
import { fromSynthea } from '../../src/node/from-synthea.js';
import { syntheaDir } from '../cli/helpers.js';

describe('ICD10_LTC_CODE_LISTS', () => {
  test.prop([fc.constantFrom(...ICD10_LTC_CODE_LISTS.flatMap((l) => l.codes))])('every code is ICD-10-shaped (upper case, no dot)', (code) => {
    expect(isIcd10Code(code)).toBe(true);
  });
  it('every cluster names its source and the map its version; one list per cluster', () => {
    for (const l of ICD10_LTC_CODE_LISTS) {
      expect(l.source.length).toBeGreaterThan(20);
      expect(l.version).toBe(ICD10_LTC_VERSION);
      expect(l.system).toBe('icd10');
    }
    const clusters = ICD10_LTC_CODE_LISTS.map((l) => l.cluster);
    expect(new Set(clusters).size).toBe(clusters.length);
    for (const c of ['copd', 'asthma', 'heart_failure', 'diabetes', 'ckd', 'dementia', 'atrial_fibrillation', 'coronary_heart_disease', 'stroke_tia', 'cancer', 'epilepsy',
      'severe_mental_illness', 'depression', 'hypertension', 'learning_disability', 'parkinsons', 'rheumatoid_arthritis', 'osteoporosis', 'liver_disease']) expect(clusters).toContain(c);
  });
  it('cancer leaves out non-melanoma skin cancer (C44), as the QOF cancer register does', () => {
    const cancer = ICD10_LTC_CODE_LISTS.find((l) => l.cluster === 'cancer')!.codes;
    expect(cancer).toContain('C43');
    expect(cancer).not.toContain('C44');
    expect(cancer).toHaveLength(97); // C00-C97 but C44
  });
});

describe('hospitalConditions: registers from activity diagnoses', () => {
  const patients = 'nhs_pseudo_id,practice_code,dob,national_opt_out\nH1,A,01/01/1950,N\nH2,A,01/01/1950,N\nH3,A,01/01/1950,N\n';
  const activity = [
    'nhs_pseudo_id,admidate,pod,admimeth,diag_01,diag_02,diag_03',
    'H1,01/02/2020,inpatient,21,J18.9,I50.0,E11.9', // pneumonia with heart failure and diabetes in secondary positions
    'H2,01/03/2021,inpatient,11,I48.1,,',
    'H3,01/03/2021,gp,,J45.9,,', // a GP row is not hospital activity
    'H2,01/05/2023,ae,,C44.1,,', // non-melanoma skin cancer: not on the cancer register
  ].join('\n');
  const conditions = 'nhs_pseudo_id,code,event_date\nH1,diabetes,01/01/2015\n';

  it('reads every diagnosis position, keeps the source of each register (gp, hospital, both), and reports hospital codes in no list as nothing', () => {
    const r = loadPopulation({ patients, activity, conditions }, { extractDate: '2024-01-01', hospitalConditions: true });
    const g = conditionRegisters(r.population, { asOf: '2024-01-01' });
    const on = (c: string) => Array.from(g.get(c)?.active ?? []);
    expect(on('heart_failure')).toEqual([1, 0, 0]);
    expect(on('diabetes')).toEqual([1, 0, 0]);
    expect(on('atrial_fibrillation')).toEqual([0, 1, 0]);
    expect(on('asthma')).toEqual([0, 0, 0]);
    expect(on('cancer')).toEqual([0, 0, 0]);
    expect(registerSource(g.get('diabetes')!.source[0]!)).toBe('both');
    expect(registerSource(g.get('heart_failure')!.source[0]!)).toBe('hospital');
    expect(r.summary.unknownConditionCodes.rows).toBe(0);
    // before the admission, the hospital diagnosis is not there
    expect(conditionRegisters(r.population, { asOf: '2020-01-31' }).get('heart_failure')!.active[0]).toBe(0);
  });

  it('diagnosisColumns chooses the positions read; without the option hospital diagnoses make no register', () => {
    const primaryOnly = loadPopulation({ patients, activity, conditions }, { extractDate: '2024-01-01', hospitalConditions: { diagnosisColumns: [] } });
    expect(conditionRegisters(primaryOnly.population, { asOf: '2024-01-01' }).get('heart_failure')!.count).toBe(0);
    const off = loadPopulation({ patients, activity, conditions }, { extractDate: '2024-01-01' });
    expect(conditionRegisters(off.population, { asOf: '2024-01-01' }).registers.map((x) => x.cluster)).toEqual(['diabetes']);
  });

  const dir = syntheaDir();
  it.skipIf(dir === undefined)('on the Synthea export, hospital-derived registers match a hand count of people by source (gp only, hospital only, both)', async () => {
    const r = await fromSynthea(dir!, { referenceDate: '2023-10-16', hospitalConditions: true });
    const g = conditionRegisters(r.population, { asOf: '2023-10-16' });
    const bySource = Object.fromEntries(g.registers.map((x) => {
      const n = { gp: 0, hospital: 0, both: 0 };
      for (const s of x.source) if (s) n[registerSource(s)!]++;
      return [x.cluster, [n.hospital, n.gp, n.both]];
    }).filter(([, v]) => (v as number[]).some((k) => k > 0)));
    // counted by hand from encounters.csv (emergency, inpatient, outpatient REASONCODE through
    // SYNTHEA_ICD10_MAP, then the ICD-10 map) and conditions.csv (SYNTHEA_LTC_MAP), on or before 2023-10-16:
    // [hospital only, GP only, both]
    expect(bySource).toEqual({
      asthma: [3, 1, 1], atrial_fibrillation: [0, 1, 0], cancer: [0, 1, 2], ckd: [0, 4, 0], copd: [0, 2, 2],
      coronary_heart_disease: [0, 10, 4], dementia: [0, 4, 0], diabetes: [0, 13, 0], epilepsy: [0, 0, 4], heart_failure: [0, 0, 2],
      hypertension: [0, 27, 0], osteoarthritis: [0, 15, 0], osteoporosis: [0, 1, 0],
    });
  });
});
