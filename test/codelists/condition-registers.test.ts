import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { conditionRegisters, registerSource } from '../../src/codelists/condition-registers.js';
import { loadCodeLists } from '../../src/codelists/load-code-lists.js';
import { formatDay, parseDate } from '../../src/core/dates.js';
import { loadPopulation } from '../../src/data/load-population.js';
import { buildFeatures } from '../../src/features/build-features.js';
import { generatePopulation } from '../../src/synth/generate-population.js';

const patients = 'id,practiceId,birthDate,optedOut\np0,A,1950-01-01,N\np1,A,1950-01-01,N\np2,A,1950-01-01,N\n';
const lists = loadCodeLists([
  { cluster: 'asthma', system: 'snomed', codes: ['195967001'], resolvedCodes: ['162660004'], source: 'test', version: '1' },
  { cluster: 'diabetes', system: 'snomed', codes: ['44054006', '127013003'], resolvedCodes: ['315051004'], source: 'test', version: '1' },
  { cluster: 'ckd', system: 'snomed', codes: ['127013003'], source: 'test', version: '1' },
]);
const CODES = ['195967001', '162660004', '44054006', '127013003', '315051004', '386661006'];
const DIAG: Record<string, string[]> = { asthma: ['195967001'], diabetes: ['44054006', '127013003'], ckd: ['127013003'] };
const RES: Record<string, string[]> = { asthma: ['162660004'], diabetes: ['315051004'], ckd: [] };
const BASE = parseDate('2000-01-01')!;

type Ev = [number, number, number]; // person, code index, day offset
const csv = (evs: readonly Ev[]) => `patientId,code,date\n${evs.map(([p, c, d]) => `p${p},${CODES[c]},${formatDay(BASE + d)}`).join('\n')}\n`;

/** QOF's rule, read straight from its words: latest diagnosis on or before t later than latest resolved on or before t. */
function qof(evs: readonly Ev[], person: number, cluster: string, t: number): number {
  let diag = -Infinity;
  let res = -Infinity;
  for (const [p, c, d] of evs) {
    if (p !== person || BASE + d > t) continue;
    if (DIAG[cluster]!.includes(CODES[c]!)) diag = Math.max(diag, BASE + d);
    if (RES[cluster]!.includes(CODES[c]!)) res = Math.max(res, BASE + d);
  }
  return diag > -Infinity && diag > res ? 1 : 0;
}

const events = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: CODES.length - 1 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 40 });

describe('conditionRegisters', () => {
  test.prop([events, fc.integer({ min: 0, max: 3000 })])('a register is active exactly when QOF\'s rule says, for every person, cluster and as-of date', (evs, at) => {
    const r = loadPopulation({ patients, conditions: csv(evs) }, { extractDate: formatDay(BASE + 4000), codeLists: lists });
    const regs = conditionRegisters(r.population, { asOf: BASE + at });
    for (const cluster of ['asthma', 'diabetes', 'ckd']) {
      const g = regs.get(cluster)!;
      expect(Array.from(g.active)).toEqual([0, 1, 2].map((p) => qof(evs, p, cluster, BASE + at)));
    }
  });

  test.prop([events, events, fc.integer({ min: 0, max: 3000 })])('events after the as-of date never change a register (active, diagnosis date, source)', (before, later, at) => {
    const kept = before.filter(([, , d]) => d <= at);
    const after = later.map(([p, c, d]): Ev => [p, c, at + 1 + (d % 900)]);
    const opts = { extractDate: formatDay(BASE + 4000), codeLists: lists };
    const a = conditionRegisters(loadPopulation({ patients, conditions: csv(kept) }, opts).population, { asOf: BASE + at });
    const b = conditionRegisters(loadPopulation({ patients, conditions: csv([...after, ...kept]) }, opts).population, { asOf: BASE + at });
    expect(b.registers.map((g) => g.cluster)).toEqual(a.registers.map((g) => g.cluster));
    for (const g of a.registers) {
      const h = b.get(g.cluster)!;
      expect([Array.from(h.active), Array.from(h.diagnosisDate), Array.from(h.source)]).toEqual([Array.from(g.active), Array.from(g.diagnosisDate), Array.from(g.source)]);
    }
  });

  it('every cluster of the lists has a register even when nobody is on it, so feature names do not depend on the data', () => {
    const r = loadPopulation({ patients, conditions: 'patientId,code,date\np0,195967001,2010-01-01\n' }, { extractDate: '2024-01-01', codeLists: lists });
    expect(conditionRegisters(r.population, { asOf: '2024-01-01' }).registers.map((g) => [g.cluster, g.count])).toEqual([['asthma', 1], ['ckd', 0], ['diabetes', 0]]);
  });

  it('a diagnosis and a resolved code on the same day leave the register resolved; a later diagnosis reopens it', () => {
    const conditions = 'patientId,code,date\np0,195967001,2010-01-01\np0,162660004,2012-01-01\np0,195967001,2012-01-01\np0,195967001,2013-01-01\n';
    const r = loadPopulation({ patients, conditions }, { extractDate: '2024-01-01', codeLists: lists });
    const at = (d: string) => conditionRegisters(r.population, { asOf: d }).get('asthma')!.active[0];
    expect([at('2011-12-31'), at('2012-01-01'), at('2012-06-01'), at('2013-01-01')]).toEqual([1, 0, 0, 1]);
  });

  it('refuses an as-of date after the extract date', () => {
    const r = loadPopulation({ patients }, { extractDate: '2024-01-01' });
    expect(() => conditionRegisters(r.population, { asOf: '2024-01-02' })).toThrow(/extract date/);
  });

  it('the features\' ltc_<cluster> flags are the registers at the as-of date (on a synthetic population, at several dates)', () => {
    const { population } = generatePopulation({ size: 3000, seed: 7 });
    for (const asOf of [population.window.extractDate, population.window.extractDate - 400, population.window.extractDate - 900]) {
      const f = buildFeatures(population, { asOf });
      const regs = conditionRegisters(population, { asOf });
      expect(f.conditionClusters.length).toBeGreaterThan(5);
      for (const k of f.conditionClusters) {
        const active = regs.get(k)!.active;
        expect([k, Array.from(f.column(`ltc_${k}`)!)]).toEqual([k, Array.from(f.rows, (i) => active[i]!)]);
      }
    }
  });

  it('registerSource reads the source bits', () => {
    expect([0, 1, 2, 3].map(registerSource)).toEqual([undefined, 'gp', 'hospital', 'both']);
  });
});
