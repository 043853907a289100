/**
 * Writes a Population back out as the CSV extract `loadPopulation` reads (patients,
 * activity, conditions, medications), so the demo validates the synthetic population
 * through the same door a site's extract goes through, and can save a sample for users to
 * try `risk-stratify validate` on. O(people + events).
 */
import { NO_DATE, formatDay } from '../core/dates.js';
import { SETTING_LEVELS, SEX_LEVELS, type Population } from '../core/population.js';

export interface ExtractCsv {
  patients: string;
  activity: string;
  conditions: string;
  medications: string | undefined;
}

const q = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const num = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 100) / 100) : '');

/**
 * The extract of the people `keep(i)` accepts (default everyone), as CSV text per source.
 * Values are written as a GP/hospital extract would hold them (ISO dates, F/M codes); a
 * discharge after `extractDate` is left blank (still in hospital when the extract was taken).
 */
export function populationToExtract(pop: Population, keep: (i: number) => boolean = () => true, extractDate = NO_DATE): ExtractCsv {
  const c = pop.columns;
  const p: string[] = ['id,practiceId,sex,birthDate,deathDate,registeredFrom,registeredTo,imdDecile,careHome,optedOut,ethnicity'];
  const a: string[] = ['patientId,date,setting,emergency,dischargeDate,bedDays,primaryDiagnosis,cost'];
  const k: string[] = ['patientId,code,date,resolvedDate'];
  const m: string[] = ['patientId,code,date,endDate'];
  const act = pop.activity;
  const cond = pop.conditions;
  const med = pop.medications;
  for (let i = 0; i < pop.size; i++) {
    if (!keep(i)) continue;
    const id = q(pop.ids[i]!);
    p.push([
      id, q(pop.practices[c.practice[i]!]!), SEX_LEVELS[c.sex[i]!] ?? 'unknown', formatDay(c.birthDate[i]!), formatDay(c.deathDate[i]!),
      formatDay(c.registeredFrom[i]!), formatDay(c.registeredTo[i]!), c.imdDecile[i] ? String(c.imdDecile[i]) : '',
      c.careHome[i] ? 'yes' : 'no', c.optedOut[i] ? 'yes' : 'no', q(pop.ethnicities[c.ethnicity[i]!] ?? ''),
    ].join(','));
    for (let j = act.offsets[i]!; j < act.offsets[i + 1]!; j++) {
      const inpatient = act.setting[j] === 0;
      const end = act.endDate[j]! > extractDate ? NO_DATE : act.endDate[j]!;
      a.push([
        id, formatDay(act.date[j]!), SETTING_LEVELS[act.setting[j]!]!, act.emergency[j] ? 'yes' : 'no',
        inpatient && end !== NO_DATE ? formatDay(end) : '', inpatient && act.endDate[j] === NO_DATE ? num(act.bedDays[j]!) : '',
        act.diagnosis[j]! >= 0 ? act.diagnoses[act.diagnosis[j]!]! : '', num(act.cost[j]!),
      ].join(','));
    }
    for (let j = cond.offsets[i]!; j < cond.offsets[i + 1]!; j++) {
      k.push([id, q(cond.codes[cond.code[j]!]!), formatDay(cond.date[j]!), formatDay(cond.resolvedDate[j]!)].join(','));
    }
    if (med) {
      for (let j = med.offsets[i]!; j < med.offsets[i + 1]!; j++) {
        m.push([id, q(med.codes[med.code[j]!]!), formatDay(med.date[j]!), formatDay(med.endDate[j]!)].join(','));
      }
    }
  }
  const join = (lines: string[]): string => `${lines.join('\n')}\n`;
  return { patients: join(p), activity: join(a), conditions: join(k), medications: med ? join(m) : undefined };
}
