import { createPopulation, type Population } from '../../src/core/population.js';

/**
 * The same population with some activity events dropped: `keep(row, event)` is called for
 * each event (its index in the population's CSR arrays) and returns false to drop it. Used to
 * make populations whose recorded history differs from their need, or whose admission rate
 * changes at a known month.
 */
export function rebuildWithActivity(pop: Population, keep: (row: number, event: number) => boolean): Population {
  const a = pop.activity;
  const idx: number[] = [];
  const patient: number[] = [];
  for (let i = 0; i < pop.size; i++) {
    for (let e = a.offsets[i]!; e < a.offsets[i + 1]!; e++) {
      if (keep(i, e)) {
        idx.push(e);
        patient.push(i);
      }
    }
  }
  const pick = <T extends ArrayLike<number>>(arr: T): number[] => idx.map((e) => arr[e]!);
  const c = pop.columns;
  const k = pop.conditions;
  const condPatient: number[] = [];
  for (let i = 0; i < pop.size; i++) for (let e = k.offsets[i]!; e < k.offsets[i + 1]!; e++) condPatient.push(i);
  return createPopulation({
    ids: pop.ids, practices: pop.practices, practice: c.practice, sex: c.sex, birthDate: c.birthDate, deathDate: c.deathDate,
    registeredFrom: c.registeredFrom, registeredTo: c.registeredTo, imdDecile: c.imdDecile, careHome: c.careHome, optedOut: c.optedOut,
    ethnicity: c.ethnicity, ethnicities: pop.ethnicities,
    activity: { patient, date: pick(a.date), endDate: pick(a.endDate), setting: pick(a.setting), emergency: pick(a.emergency), bedDays: pick(a.bedDays), diagnosis: pick(a.diagnosis), diagnoses: a.diagnoses, cost: pick(a.cost) },
    conditions: { patient: condPatient, code: k.code, codes: k.codes, date: k.date, resolvedDate: k.resolvedDate },
    window: { extractDate: pop.window.extractDate, activityFrom: pop.window.activityFrom },
    provenance: pop.provenance,
  });
}
