import { formatDay, NO_DATE } from '../core/dates.js';
import { SETTING_LEVELS, SEX_LEVELS, type Population } from '../core/population.js';

/** One column of a warehouse table: its name, SQL type and values (`null` for SQL NULL). */
export interface WarehouseColumn {
  readonly name: string;
  /** `text`, `integer`, `double` or `date` (values `yyyy-mm-dd`). */
  readonly type: 'text' | 'integer' | 'double' | 'date';
  readonly values: readonly (string | number | null)[];
}

/** The tables {@link populationToTables} returns, each a list of columns of equal length. */
export interface WarehouseTables {
  readonly patients: readonly WarehouseColumn[];
  readonly activity: readonly WarehouseColumn[];
  readonly conditions: readonly WarehouseColumn[];
  /** `undefined` when the population has no medications. */
  readonly medications: readonly WarehouseColumn[] | undefined;
}

const day = (d: number): string | null => (d === NO_DATE ? null : formatDay(d));

/**
 * A population as the warehouse tables `jobToSQL` reads, with the column names the SQL
 * assumes when not told otherwise (`person_id`, `practice`, `birth_date`, ...; the loader
 * finds them by the same names) and values in the forms the SQL expects: dates as dates (no date: NULL), sex `F`, `M`,
 * `other` or NULL (not recorded), flags (`careHome`, `optedOut`, `emergency`) as 0/1
 * integers, the setting as `inpatient`, `ae`, `outpatient` or `gp`, IMD decile 1..10 or NULL,
 * unknown bed days and costs NULL, condition codes as the population holds them (cluster
 * keys after any code-list mapping). Load them into a warehouse to try the generated job on
 * a synthetic or test population, or to check it against the library on your own data.
 *
 * O(people + events).
 *
 * @param population - The population (e.g. `generatePopulation(...).population`, `fromSynthea`).
 * @returns The columns of `patients`, `activity`, `conditions` and `medications`.
 * @example
 * const { population } = generatePopulation({ size: 100, seed: 1 });
 * populationToTables(population).patients.map((c) => c.name);
 * // => ['person_id', 'practice', 'sex', 'birth_date', 'death_date', 'registered_from', 'registered_to', 'imd_decile', 'care_home', 'opted_out', 'ethnicity']
 */
export function populationToTables(population: Population): WarehouseTables {
  const c = population.columns;
  const n = population.size;
  const idx = Array.from({ length: n }, (_, i) => i);
  const patients: WarehouseColumn[] = [
    { name: 'person_id', type: 'text', values: [...population.ids] },
    { name: 'practice', type: 'text', values: idx.map((i) => population.practices[c.practice[i]!]!) },
    { name: 'sex', type: 'text', values: idx.map((i) => (c.sex[i] === 0 ? null : SEX_LEVELS[c.sex[i]!]!)) },
    { name: 'birth_date', type: 'date', values: idx.map((i) => day(c.birthDate[i]!)) },
    { name: 'death_date', type: 'date', values: idx.map((i) => day(c.deathDate[i]!)) },
    { name: 'registered_from', type: 'date', values: idx.map((i) => day(c.registeredFrom[i]!)) },
    { name: 'registered_to', type: 'date', values: idx.map((i) => day(c.registeredTo[i]!)) },
    { name: 'imd_decile', type: 'integer', values: idx.map((i) => (c.imdDecile[i] ? c.imdDecile[i]! : null)) },
    { name: 'care_home', type: 'integer', values: idx.map((i) => c.careHome[i]!) },
    { name: 'opted_out', type: 'integer', values: idx.map((i) => c.optedOut[i]!) },
    { name: 'ethnicity', type: 'text', values: idx.map((i) => population.ethnicities[c.ethnicity[i]!] || null) },
  ];
  const a = population.activity;
  const owner = (offsets: Uint32Array): string[] => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) for (let j = offsets[i]!; j < offsets[i + 1]!; j++) out.push(population.ids[i]!);
    return out;
  };
  const ev = Array.from({ length: a.date.length }, (_, j) => j);
  const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
  const activity: WarehouseColumn[] = [
    { name: 'person_id', type: 'text', values: owner(a.offsets) },
    { name: 'date', type: 'date', values: ev.map((j) => day(a.date[j]!)) },
    { name: 'setting', type: 'text', values: ev.map((j) => SETTING_LEVELS[a.setting[j]!]!) },
    { name: 'emergency', type: 'integer', values: ev.map((j) => a.emergency[j]!) },
    { name: 'discharge_date', type: 'date', values: ev.map((j) => day(a.endDate[j]!)) },
    { name: 'bed_days', type: 'double', values: ev.map((j) => num(a.bedDays[j]!)) },
    { name: 'primary_diagnosis', type: 'text', values: ev.map((j) => (a.diagnosis[j]! >= 0 ? a.diagnoses[a.diagnosis[j]!]! : null)) },
    { name: 'cost', type: 'double', values: ev.map((j) => num(a.cost[j]!)) },
  ];
  const k = population.conditions;
  const cv = Array.from({ length: k.date.length }, (_, j) => j);
  const conditions: WarehouseColumn[] = [
    { name: 'person_id', type: 'text', values: owner(k.offsets) },
    { name: 'cluster', type: 'text', values: cv.map((j) => k.codes[k.code[j]!]!) },
    { name: 'date', type: 'date', values: cv.map((j) => day(k.date[j]!)) },
    { name: 'resolved_date', type: 'date', values: cv.map((j) => day(k.resolvedDate[j]!)) },
  ];
  const m = population.medications;
  let medications: WarehouseColumn[] | undefined;
  if (m !== undefined) {
    const mv = Array.from({ length: m.date.length }, (_, j) => j);
    medications = [
      { name: 'person_id', type: 'text', values: owner(m.offsets) },
      { name: 'code', type: 'text', values: mv.map((j) => m.codes[m.code[j]!]!) },
      { name: 'start_date', type: 'date', values: mv.map((j) => day(m.date[j]!)) },
      { name: 'end_date', type: 'date', values: mv.map((j) => day(m.endDate[j]!)) },
    ];
  }
  return { patients, activity, conditions, medications };
}
