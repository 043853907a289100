// The done-when fixture of issue 15: test/fixtures/extract/snomed holds an extract coded in
// SNOMED CT (real concept ids) with OpenCodelists-format lists, and the same extract written
// with cluster names. Both must give the same registers, features and segments.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conditionRegisters, registerSource } from '../../src/codelists/condition-registers.js';
import { loadCodeLists } from '../../src/codelists/load-code-lists.js';
import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { readCodeLists } from '../../src/node/read-code-lists.js';
import { ageByConditions } from '../../src/segment/age-by-conditions.js';
import { bridgesToHealth } from '../../src/segment/bridges-to-health.js';
import { segment } from '../../src/segment/segment.js';

const dir = fileURLToPath(new URL('../fixtures/extract/snomed/', import.meta.url));
const text = (f: string) => readFileSync(`${dir}${f}`, 'utf8');
const EXTRACT = '2024-05-31';
const patients = text('patients.csv');

async function both() {
  const codeLists = await readCodeLists(`${dir}codelists/manifest.json`);
  const snomed = loadPopulation({ patients, conditions: text('conditions.csv') }, { extractDate: EXTRACT, codeLists });
  const clusters = loadPopulation({ patients, conditions: text('conditions-clusters.csv') }, { extractDate: EXTRACT });
  return { codeLists, snomed, clusters };
}

function registersAt(pop: Parameters<typeof conditionRegisters>[0], asOf: string) {
  const r = conditionRegisters(pop, { asOf });
  return Object.fromEntries(r.registers.map((g) => [g.cluster, { active: Array.from(g.active), diagnosed: Array.from(g.diagnosisDate) }]));
}

describe('a SNOMED CT-coded extract with OpenCodelists lists (test/fixtures/extract/snomed)', () => {
  it('readCodeLists reads the manifest and its OpenCodelists files (with and without term), resolved codes as their own list', async () => {
    const { codeLists } = await both();
    expect(codeLists.lists.map((l) => l.cluster)).toEqual(['asthma', 'asthma', 'copd', 'heart_failure', 'diabetes', 'ckd', 'hypertension', 'atrial_fibrillation']);
    expect(codeLists.lists[1]).toMatchObject({ cluster: 'asthma', codes: [], resolvedCodes: ['162660004'] });
    expect(codeLists.lists.find((l) => l.cluster === 'hypertension')!.codes).toEqual(['38341003', '59621000']);
  });

  for (const asOf of ['2024-03-31', '2018-01-01', '2015-06-01', '2015-05-31', '2024-05-31']) {
    it(`gives the same registers as the extract written with cluster names, as of ${asOf}`, async () => {
      const { snomed, clusters } = await both();
      expect(registersAt(snomed.population, asOf)).toEqual(registersAt(clusters.population, asOf));
    });
  }

  it('registers by hand: asthma diagnosed, resolved and diagnosed again; the diabetic kidney code counts for diabetes and CKD', async () => {
    const { snomed } = await both();
    const at = (asOf: string, cluster: string) => Array.from(conditionRegisters(snomed.population, { asOf }).get(cluster)!.active);
    //                                  S01 S02 S03 S04 S05 S06 S07 S08
    expect(at('2014-01-01', 'asthma')).toEqual([1, 0, 0, 0, 1, 0, 0, 0]);
    expect(at('2015-06-01', 'asthma')).toEqual([0, 0, 0, 0, 1, 0, 0, 0]); // resolved on the day
    expect(at('2018-01-01', 'asthma')).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(at('2024-03-31', 'asthma')).toEqual([1, 0, 0, 0, 0, 0, 0, 0]); // S01 again; S05 resolved 2020; S07 only from 30/04/2024
    expect(at('2024-05-31', 'asthma')).toEqual([1, 0, 0, 0, 0, 0, 1, 0]);
    expect(at('2024-03-31', 'diabetes')).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    expect(at('2024-03-31', 'ckd')).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
    expect(at('2015-01-01', 'ckd')).toEqual([0, 0, 0, 0, 0, 1, 0, 0]); // S06's diabetic kidney code of 2014
    const asthma = conditionRegisters(snomed.population, { asOf: '2024-03-31' }).get('asthma')!;
    expect(asthma.diagnosisDate[0]).toBe(parseDate('2010-03-01')); // the earliest diagnosis code
    expect(asthma.diagnosisDate[6]).toBe(NO_DATE);
    expect(registerSource(asthma.source[0]!)).toBe('gp');
  });

  it('gives the same features and segments (Bridges to Health, age by conditions) as the cluster-named extract', async () => {
    const { snomed, clusters } = await both();
    for (const asOf of ['2024-03-31', '2018-01-01']) {
      const a = buildFeatures(snomed.population, { asOf });
      const b = buildFeatures(clusters.population, { asOf });
      expect(a.names).toEqual(b.names);
      expect(a.conditionClusters).toEqual(['asthma', 'atrial_fibrillation', 'ckd', 'copd', 'diabetes', 'heart_failure', 'hypertension']);
      for (const name of a.names) expect([name, Array.from(a.column(name)!)]).toEqual([name, Array.from(b.column(name)!)]);
      for (const model of [bridgesToHealth(), ageByConditions()]) {
        expect(Array.from(segment(snomed.population, model, { asOf }).labels)).toEqual(Array.from(segment(clusters.population, model, { asOf }).labels));
      }
    }
    const f = buildFeatures(snomed.population, { asOf: '2024-03-31' });
    expect(Array.from(f.column('ltc_count')!)).toEqual([2, 3, 3, 1, 0, 3, 0, 1]);
  });

  it('reports the codes in no list with rows and people, most frequent first, and rejects no row for them', async () => {
    const { snomed } = await both();
    expect(snomed.rejected).toEqual([]);
    expect(snomed.summary.conditions).toEqual({ provided: true, rowsIn: 24, rowsAccepted: 24, rowsRejected: 0 });
    expect(snomed.summary.unknownConditionCodes).toEqual({
      rows: 6, distinct: 4, people: 5,
      top: [{ code: '271737000', rows: 3, people: 2 }, { code: '22298006', rows: 1, people: 1 }, { code: '25064002', rows: 1, people: 1 }, { code: '386661006', rows: 1, people: 1 }],
    });
    expect(snomed.warnings.find((w) => w.code === 'unknown_condition_codes')!.message).toContain('271737000 (3 rows, 2 people)');
  });

  it('a malformed OpenCodelists file fails naming the file and the row', async () => {
    const err = await readCodeLists(`${dir}malformed/manifest.json`).then(() => undefined, (e: unknown) => e);
    expect(isRiskStratifyError(err)).toBe(true);
    expect((err as Error).message).toContain('bad_cod.csv row 2');
    expect((err as Error).message).toContain('is not a snomed code');
    expect(() => loadCodeLists({ manifest: { files: [{ file: 'x.csv', cluster: 'asthma', system: 'snomed' }] }, files: { 'x.csv': 'term\nAsthma\n' } })).toThrow(/x\.csv: has no 'code' column/);
  });
});
