/**
 * Structural checks of a built Population, written to the demo's validation results beside
 * any rows a loader rejected. O(people + events).
 */
import { NO_DATE, formatDay } from '../core/dates.js';
import type { Population } from '../core/population.js';

export interface PopulationCheck {
  check: string;
  ok: boolean;
  failures: number;
}

export interface PopulationChecks {
  people: number;
  activityEvents: number;
  conditionRecords: number;
  checks: PopulationCheck[];
  /** Rows a loader rejected (row, field, value, reason); empty for a generated population. */
  rejected: { source: string; row: number; field: string; value: unknown; reason: string }[];
}

export function checkPopulation(pop: Population, today: number): PopulationChecks {
  const c = pop.columns;
  const a = pop.activity;
  let dupIds = 0;
  const seen = new Set<string>();
  for (const id of pop.ids) {
    if (seen.has(id)) dupIds++;
    seen.add(id);
  }
  let regBeforeBirth = 0, deathBeforeBirth = 0, futureBirth = 0, eventBeforeBirth = 0, eventAfterDeath = 0, dischargeBeforeAdmission = 0, negativeBedDays = 0, futureEvents = 0;
  for (let i = 0; i < pop.size; i++) {
    const b = c.birthDate[i]!;
    if (b > today) futureBirth++;
    if (c.registeredFrom[i]! < b) regBeforeBirth++;
    if (c.deathDate[i]! !== NO_DATE && c.deathDate[i]! < b) deathBeforeBirth++;
    for (let j = a.offsets[i]!; j < a.offsets[i + 1]!; j++) {
      const d = a.date[j]!;
      if (d < b) eventBeforeBirth++;
      if (d > c.deathDate[i]!) eventAfterDeath++;
      if (d > today) futureEvents++;
      if (a.endDate[j]! !== NO_DATE && a.endDate[j]! < d) dischargeBeforeAdmission++;
      if (a.bedDays[j]! < 0) negativeBedDays++;
    }
  }
  const mk = (check: string, failures: number): PopulationCheck => ({ check, ok: failures === 0, failures });
  return {
    people: pop.size,
    activityEvents: a.date.length,
    conditionRecords: pop.conditions.date.length,
    checks: [
      mk('patient ids are unique', dupIds),
      mk(`no birth date after ${formatDay(today)}`, futureBirth),
      mk('registration starts on or after birth', regBeforeBirth),
      mk('death on or after birth', deathBeforeBirth),
      mk('no activity before birth', eventBeforeBirth),
      mk('no activity after death', eventAfterDeath),
      mk(`no activity after ${formatDay(today)}`, futureEvents),
      mk('discharge on or after admission', dischargeBeforeAdmission),
      mk('bed days not negative', negativeBedDays),
    ],
    rejected: [],
  };
}
