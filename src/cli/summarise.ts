/**
 * Population summary for the command (interim, until the synth stage's
 * `summarisePopulation` lands): people, practices, age bands, sex, conditions and the
 * emergency admission rate in the last year before `asOf`. O(people + events).
 */
import { ageInYears, addMonths } from '../core/dates.js';
import { isEligible, type Population } from '../core/population.js';

export type SummaryRow = {
  group: string;
  level: string;
  people: number;
  emergencyAdmissions: number;
  admissionsPer1000: number;
};

export interface PopulationSummary {
  asOf: string;
  people: number;
  eligible: number;
  practices: number;
  optedOut: number;
  activityEvents: number;
  conditionRecords: number;
  emergencyAdmissionsLastYear: number;
  admissionsPer1000: number;
  rows: SummaryRow[];
}

const BANDS = [0, 18, 40, 65, 75, 85, 200];

export function summariseForCli(pop: Population, asOf: number, asOfText: string): PopulationSummary {
  const from = addMonths(asOf, -12);
  const c = pop.columns;
  const a = pop.activity;
  const groups = new Map<string, { people: number; adm: number }>();
  const add = (g: string, adm: number) => {
    const e = groups.get(g) ?? { people: 0, adm: 0 };
    e.people++;
    e.adm += adm;
    groups.set(g, e);
  };
  let eligible = 0;
  let optedOut = 0;
  let total = 0;
  for (let i = 0; i < pop.size; i++) {
    if (c.optedOut[i]) optedOut++;
    if (!isEligible(pop, i, asOf)) continue;
    eligible++;
    let adm = 0;
    for (let j = a.offsets[i]!; j < a.offsets[i + 1]!; j++) {
      if (a.setting[j] === 0 && a.emergency[j] === 1 && a.date[j]! > from && a.date[j]! <= asOf) adm++;
    }
    total += adm;
    const age = ageInYears(c.birthDate[i]!, asOf);
    let b = 0;
    while (b < BANDS.length - 2 && age >= BANDS[b + 1]!) b++;
    add(`ageBand|${BANDS[b]}${b === BANDS.length - 2 ? '+' : `-${BANDS[b + 1]! - 1}`}`, adm);
    add(`sex|${['unknown', 'F', 'M', 'other'][c.sex[i]!] ?? 'unknown'}`, adm);
    add(`practice|${pop.practices[c.practice[i]!]}`, adm);
    add(`imdDecile|${c.imdDecile[i] || 'unknown'}`, adm);
  }
  const rows: SummaryRow[] = [...groups.entries()].map(([k, v]) => {
    const [group, level] = k.split('|') as [string, string];
    return { group, level, people: v.people, emergencyAdmissions: v.adm, admissionsPer1000: v.people ? Math.round((1000 * v.adm) / v.people * 10) / 10 : 0 };
  });
  const order = ['ageBand', 'sex', 'imdDecile', 'practice'];
  rows.sort((x, y) => order.indexOf(x.group) - order.indexOf(y.group) || x.level.localeCompare(y.level, 'en', { numeric: true }));
  return {
    asOf: asOfText,
    people: pop.size,
    eligible,
    practices: pop.practices.length,
    optedOut,
    activityEvents: a.date.length,
    conditionRecords: pop.conditions.date.length,
    emergencyAdmissionsLastYear: total,
    admissionsPer1000: eligible ? Math.round((1000 * total) / eligible * 10) / 10 : 0,
    rows,
  };
}
