import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { isKnownConditionCluster, KNOWN_CONDITION_CLUSTERS } from '../../src/data/known-condition-clusters.js';
import { SYNTHEA_LTC_MAP } from '../../src/data/synthea-ltc-map.js';
import { clusterKey, EFI_DEFICITS } from '../../src/features/efi-deficits.js';
import { BRIDGES_TO_HEALTH_CLUSTERS } from '../../src/segment/bridges-to-health.js';
import { SYNTH_CONDITIONS } from '../../src/synth/synth-reference.js';
import { ICD10_LTC_CODE_LISTS } from '../../src/codelists/icd10-ltc-code-lists.js';

describe('KNOWN_CONDITION_CLUSTERS', () => {
  it('is exactly the clusters the eFI deficits, the Bridges to Health segments, the synthetic population, the Synthea map and the ICD-10 map use', () => {
    const used = new Set<string>();
    for (const d of EFI_DEFICITS) for (const c of d.clusters) used.add(clusterKey(c));
    for (const list of Object.values(BRIDGES_TO_HEALTH_CLUSTERS)) for (const c of list) used.add(clusterKey(c));
    for (const c of SYNTH_CONDITIONS) used.add(clusterKey(c.code));
    for (const c of Object.values(SYNTHEA_LTC_MAP)) used.add(clusterKey(c));
    for (const l of ICD10_LTC_CODE_LISTS) used.add(clusterKey(l.cluster));
    expect([...KNOWN_CONDITION_CLUSTERS].sort()).toEqual([...used].sort());
    expect(new Set(KNOWN_CONDITION_CLUSTERS).size).toBe(KNOWN_CONDITION_CLUSTERS.length);
  });
  it('isKnownConditionCluster compares as clusterKey does (COPD, Heart failure) and does not take QOF abbreviations (HF, DM, HYP) as clusters', () => {
    expect(['COPD', 'copd', 'Heart failure', 'heart_failure', 'CKD', ' asthma '].map(isKnownConditionCluster)).toEqual([true, true, true, true, true, true]);
    expect(['HF', 'DM', 'HYP', '195967001', '', 'constructor'].map(isKnownConditionCluster)).toEqual([false, false, false, false, false, false]);
  });
  test.prop([fc.oneof(fc.constantFrom(...KNOWN_CONDITION_CLUSTERS), fc.string({ maxLength: 20 }))])('isKnownConditionCluster(code) is KNOWN_CONDITION_CLUSTERS.includes(clusterKey(code))', (code) => {
    const variant = code.toUpperCase().replace(/_/g, ' ');
    for (const c of [code, variant]) expect(isKnownConditionCluster(c)).toBe(KNOWN_CONDITION_CLUSTERS.includes(clusterKey(c)));
  });
});
