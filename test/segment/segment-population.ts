/**
 * One person per Bridges to Health rule (plus a few overlaps), at 2024-03-31. Helper for the
 * segment tests (not a test file itself).
 */
import { createPopulation, type Population } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';

export const AS_OF = '2024-03-31';
const d = (s: string) => parseDate(s)!;

interface Person { id: string; born: string; sex?: number; careHome?: number; clusters?: string[]; emergency?: string[]; ae?: string[]; practice?: number }

const NINE = ['hypertension', 'atrial_fibrillation', 'diabetes', 'osteoporosis', 'falls', 'arthritis', 'hearing_impairment', 'visual_impairment', 'thyroid_disease'];
const FOURTEEN = [...NINE, 'peptic_ulcer', 'skin_ulcer', 'dizziness', 'housebound', 'incontinence'];
const FIVE = ['hypertension', 'diabetes', 'osteoporosis', 'arthritis', 'thyroid_disease'];

/** People, the rule each should land on, and the Bridges to Health code. */
export const PEOPLE: (Person & { rule: string; bth: number })[] = [
  { id: 'dementia', born: '1944-01-01', clusters: ['dementia'], rule: 'dementia', bth: 8 },
  { id: 'frail', born: '1944-01-01', clusters: NINE, rule: 'frailty', bth: 8 }, // 9/36 = 0.25: moderate
  { id: 'carehome_old', born: '1954-01-01', careHome: 1, rule: 'older care-home resident', bth: 8 },
  { id: 'heart_failure', born: '1964-01-01', clusters: ['heart_failure'], rule: 'organ failure', bth: 7 },
  { id: 'palliative', born: '1964-01-01', clusters: ['palliative_care'], rule: 'end of life', bth: 6 },
  { id: 'cancer_admitted', born: '1969-01-01', clusters: ['cancer'], emergency: ['2024-01-10'], rule: 'cancer with emergency admission', bth: 6 },
  { id: 'learning_disability', born: '1994-01-01', clusters: ['learning_disability'], rule: 'disability', bth: 5 },
  { id: 'carehome_young', born: '1984-01-01', careHome: 1, rule: 'care-home resident', bth: 5 },
  { id: 'asthma', born: '1999-01-01', clusters: ['asthma'], rule: 'long-term condition', bth: 4 },
  { id: 'acute', born: '1994-01-01', ae: ['2023-12-01'], rule: 'acute activity', bth: 3 },
  { id: 'infant', born: '2023-10-01', rule: 'infant', bth: 2 },
  { id: 'pregnant', born: '1996-01-01', sex: 1, clusters: ['pregnancy'], rule: 'pregnancy', bth: 2 },
  { id: 'healthy', born: '1984-01-01', rule: 'healthy', bth: 1 },
  { id: 'cancer_not_admitted', born: '1969-01-01', clusters: ['cancer'], rule: 'long-term condition', bth: 4 },
  { id: 'severe', born: '1939-01-01', clusters: FOURTEEN, rule: 'frailty', bth: 8 }, // 14/36 = 0.389: severe
  { id: 'mild', born: '1974-01-01', clusters: FIVE, rule: 'long-term condition', bth: 4 }, // 5/36 = 0.139: mild
];

export function segmentPopulation(): Population {
  const codes = [...new Set(PEOPLE.flatMap((p) => p.clusters ?? []))];
  const cond = PEOPLE.flatMap((p, i) => (p.clusters ?? []).map((c) => [i, codes.indexOf(c)] as const));
  const act = PEOPLE.flatMap((p, i) => [
    ...(p.emergency ?? []).map((day) => ({ i, day, setting: 0, emergency: 1 })),
    ...(p.ae ?? []).map((day) => ({ i, day, setting: 1, emergency: 0 })),
  ]);
  return createPopulation({
    ids: PEOPLE.map((p) => p.id),
    practices: ['P1', 'P2'],
    practice: PEOPLE.map((_, i) => i % 2),
    sex: PEOPLE.map((p) => p.sex ?? 2),
    birthDate: PEOPLE.map((p) => d(p.born)),
    careHome: PEOPLE.map((p) => p.careHome ?? 0),
    window: { extractDate: d('2024-04-30'), activityFrom: d('2023-01-01') }, // the extract's window: more than a year of data around AS_OF
    conditions: { patient: cond.map((c) => c[0]), code: cond.map((c) => c[1]), codes, date: cond.map(() => d('2020-01-01')) },
    activity: {
      patient: act.map((a) => a.i),
      date: act.map((a) => d(a.day)),
      setting: act.map((a) => a.setting),
      emergency: act.map((a) => a.emergency),
      bedDays: act.map(() => 1),
      diagnosis: act.map(() => 0),
      diagnoses: ['R69'],
    },
  });
}
