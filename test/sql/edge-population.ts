import { NO_DATE, parseDate } from '../../src/core/dates.js';
import { createPopulation, type Population } from '../../src/core/population.js';

/** The as-of day of {@link edgePopulation}: a 29 February, so the 12-month lookback starts after 28 February 2023. */
export const EDGE_AS_OF = '2024-02-29';

const D = (s: string): number => parseDate(s)!;

/**
 * People and events placed on the edges on purpose: births, registrations, deaths and opt-outs
 * on and around the as-of day; turning 18 on it; events on the lookback's first excluded day, its
 * first day, the as-of day and the day after; stays open on the as-of day or longer than it
 * allows; diagnoses lower case, with dots, invalid or missing; conditions resolved on the
 * as-of day or the day after; medicines ending on it; the outcome window's edges likewise.
 */
export function edgePopulation(): Population {
  const people: { id: string; birth: string; sex?: number; from?: string; to?: string; death?: string; imd?: number; care?: number; opt?: number; practice?: number }[] = [
    { id: 'p01', birth: '2006-02-28' }, // 18 on 2024-02-28
    { id: 'p02', birth: '2006-03-01' }, // 17 on asOf
    { id: 'p03', birth: '2000-02-29', sex: 0 }, // 24 on asOf exactly
    { id: 'p04', birth: '2024-02-29', sex: 3 }, // born on asOf
    { id: 'p05', birth: '2024-03-01' }, // not yet born
    { id: 'p06', birth: '1950-01-01', death: '2024-02-29' }, // died on asOf: not eligible
    { id: 'p07', birth: '1950-01-01', death: '2024-03-01' }, // dies the day after
    { id: 'p08', birth: '1960-06-30', to: '2024-02-29' }, // left on asOf
    { id: 'p09', birth: '1960-06-30', to: '2024-03-01' }, // leaves the day after
    { id: 'p10', birth: '1970-01-01', from: '2024-02-29' }, // registered on asOf
    { id: 'p11', birth: '1970-01-01', from: '2024-03-01' }, // registered the day after
    { id: 'p12', birth: '1980-05-05', opt: 1 }, // opted out
    { id: 'p13', birth: '1940-12-31', imd: 0, care: 1 },
    { id: 'p14', birth: '1955-07-15', imd: 10 },
    { id: 'p15', birth: '1945-03-31', imd: 1, practice: 1 },
    { id: 'p16', birth: '1939-02-28', care: 1, practice: 1 },
    { id: 'p17', birth: '1999-12-31', practice: 1 },
    { id: 'p18', birth: '2006-02-29'.replace('29', '28'), death: '2024-06-30', practice: 1 },
    { id: 'p19', birth: '1930-01-01', to: '2024-08-31', practice: 1 },
    { id: 'p20', birth: '1930-01-01', death: '2025-02-28', practice: 1 },
  ];
  const row = (id: string): number => people.findIndex((p) => p.id === id);
  const diagnoses = ['J441', 'j44.1', 'XYZ', 'I10X', 'S720', 'J44.1234', 'J4', 'N390'];
  const act: [string, string, string | null, number, number, number, number][] = []; // id, date, discharge, setting, emergency, bed days (NaN unknown), diagnosis (-1 none)
  for (const dt of ['2023-02-28', '2023-03-01', '2024-02-29', '2024-03-01']) for (const s of [0, 1, 2, 3]) for (const e of [0, 1]) act.push(['p13', dt, null, s, e, s === 0 ? 2 : 0, s === 0 && e === 1 ? 0 : -1]);
  act.push(['p13', '2024-02-26', null, 0, 1, 10, 1]); // 10 bed days given, capped at 3
  act.push(['p13', '2024-02-20', '2024-03-10', 0, 1, Number.NaN, 2]); // from discharge, capped at 9
  act.push(['p13', '2024-02-21', null, 0, 1, Number.NaN, -1]); // unknown stay: 0
  act.push(['p13', '2024-01-10', null, 0, 1, 3.5, 5]);
  act.push(['p13', '2023-12-01', '2023-12-04', 0, 1, Number.NaN, 6]);
  act.push(['p13', '2023-11-01', '2023-11-04', 0, 1, Number.NaN, 3]);
  act.push(['p14', '2023-03-01', '2023-03-02', 0, 1, Number.NaN, 4]);
  act.push(['p15', '2023-03-31', '2023-04-02', 0, 1, Number.NaN, 0]);
  act.push(['p06', '2024-01-01', '2024-01-02', 0, 1, Number.NaN, 0]);
  act.push(['p07', '2024-01-01', '2024-01-05', 0, 1, Number.NaN, 7]);
  act.push(['p02', '2024-02-29', null, 1, 0, 0, -1]);
  // outcome window (2024-02-29, 2025-02-28]: on its edges, after deaths and leavers
  for (const id of ['p13', 'p14', 'p18', 'p19', 'p20', 'p09', 'p07']) {
    act.push([id, '2024-03-01', '2024-03-05', 0, 1, Number.NaN, 0]);
    act.push([id, '2025-02-28', null, 0, 1, Number.NaN, 7]);
    act.push([id, '2025-03-01', '2025-03-02', 0, 1, Number.NaN, 0]);
    act.push([id, '2024-06-29', '2024-07-10', 0, 1, Number.NaN, 2]);
    act.push([id, '2024-06-30', null, 0, 1, 4, 0]);
    act.push([id, '2024-08-30', '2024-09-02', 0, 1, Number.NaN, 7]);
    act.push([id, '2024-08-31', '2024-09-02', 0, 1, Number.NaN, 7]);
    act.push([id, '2024-05-01', '2024-05-02', 0, 0, Number.NaN, 0]);
  }
  const codes = ['COPD', 'Heart failure', 'diabetes', 'hypertension', 'pregnancy', 'dementia', 'falls', 'efi_x_unused'.slice(0, 3) + 'dizziness'];
  const cond: [string, number, string, string | null][] = [
    ['p16', 0, '2024-02-29', null], ['p16', 1, '2020-01-01', '2024-02-29'], ['p16', 2, '2020-01-01', '2024-03-01'], ['p16', 3, '2024-03-01', null],
    ['p16', 4, '2023-06-01', null], ['p16', 5, '2019-01-01', null], ['p16', 0, '2010-01-01', null], ['p13', 6, '2023-01-01', null], ['p13', 1, '2023-01-01', null],
    ['p14', 7, '2023-01-01', null], ['p04', 0, '2024-02-29', null],
  ];
  const medCodes = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', "it's"];
  const meds: [string, number, string, string | null][] = [
    ['p17', 0, '2023-01-01', null], ['p17', 1, '2023-01-01', '2024-03-01'], ['p17', 2, '2024-02-29', null], ['p17', 3, '2022-01-01', null], ['p17', 6, '2022-01-01', null],
    ['p17', 6, '2023-01-01', null], ['p17', 4, '2023-01-01', '2024-02-29'], ['p17', 5, '2024-03-01', null],
    ['p16', 0, '2023-01-01', null], ['p16', 1, '2023-01-01', null], ['p16', 2, '2023-01-01', null], ['p16', 3, '2023-01-01', null], ['p16', 4, '2023-01-01', null],
  ];
  return createPopulation({
    ids: people.map((p) => p.id), practices: ['P1', 'P2'], practice: people.map((p) => p.practice ?? 0),
    sex: people.map((p, i) => p.sex ?? 1 + (i % 2)), birthDate: people.map((p) => D(p.birth)),
    registeredFrom: people.map((p) => (p.from ? D(p.from) : D(p.birth))), registeredTo: people.map((p) => (p.to ? D(p.to) : NO_DATE)),
    deathDate: people.map((p) => (p.death ? D(p.death) : NO_DATE)), imdDecile: people.map((p) => p.imd ?? 3), careHome: people.map((p) => p.care ?? 0), optedOut: people.map((p) => p.opt ?? 0),
    activity: {
      patient: act.map((a) => row(a[0])), date: act.map((a) => D(a[1])), endDate: act.map((a) => (a[2] ? D(a[2]) : NO_DATE)), setting: act.map((a) => a[3]), emergency: act.map((a) => a[4]),
      bedDays: act.map((a) => a[5]), diagnosis: act.map((a) => a[6]), diagnoses,
    },
    conditions: { patient: cond.map((c) => row(c[0])), code: cond.map((c) => c[1]), codes, date: cond.map((c) => D(c[2])), resolvedDate: cond.map((c) => (c[3] ? D(c[3]) : NO_DATE)) },
    medications: { patient: meds.map((m) => row(m[0])), code: meds.map((m) => m[1]), codes: medCodes, date: meds.map((m) => D(m[2])), endDate: meds.map((m) => (m[3] ? D(m[3]) : NO_DATE)) },
    window: { extractDate: D('2025-06-30'), activityFrom: D('2020-01-01') },
  });
}
