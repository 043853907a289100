import { checkAsOf } from '../core/check-window.js';
import { NO_DATE, toDay } from '../core/dates.js';
import { fail } from '../core/errors.js';
import type { Population } from '../core/population.js';
import { clusterKey } from './cluster-key.js';

/** One condition register as it stood at an as-of date, one value per population row. */
export interface ConditionRegister {
  /** The cluster key (`clusterKey`), e.g. `'asthma'`. */
  readonly cluster: string;
  /** 1 when the person is on the register at the as-of date. */
  readonly active: Uint8Array;
  /** Earliest diagnosis on or before the as-of date (day number), or NO_DATE when never diagnosed by then. */
  readonly diagnosisDate: Int32Array;
  /** Where diagnoses on or before the as-of date were recorded: bit 1 GP, bit 2 hospital, 0 none (see {@link registerSource}). */
  readonly source: Uint8Array;
  /** People on the register (active). */
  readonly count: number;
}

/** The registers of {@link conditionRegisters}. */
export interface ConditionRegisters {
  readonly asOf: number;
  /** One register per cluster key in the population, sorted by key. */
  readonly registers: readonly ConditionRegister[];
  /** A register by cluster (compared as `clusterKey` compares). */
  get(cluster: string): ConditionRegister | undefined;
}

/**
 * The population's long-term-condition registers as they stood at `asOf`, by the rule every
 * feature and segment uses: a person is on a cluster's register when a register row of theirs
 * began on or before `asOf` and ends after it. For coded extracts `loadPopulation` builds the
 * rows by QOF's rule (active when the latest diagnosis code on or before the date is later than
 * the latest resolved code on or before it), so events after `asOf` never change a register.
 * O(people + condition rows).
 *
 * @param population - The population.
 * @param options - `asOf`: day number, `yyyy-mm-dd` / `dd/mm/yyyy` or `Date`, on or before the extract date.
 * @returns One register per cluster, sorted by cluster key.
 * @throws RiskStratifyError `invalid_options` for a bad date; `window_past_extract` for an as-of date after the extract date.
 * @example
 * const r = conditionRegisters(population, { asOf: '2024-03-31' });
 * r.get('asthma')!.count; // => people on the asthma register on 31 March 2024
 */
export function conditionRegisters(population: Population, options: { asOf: number | string | Date }): ConditionRegisters {
  const fn = 'conditionRegisters';
  const asOf = toDay(options?.asOf as number | string | Date);
  if (asOf === undefined) return fail({ fn, code: 'invalid_options', path: ['options', 'asOf'], value: options?.asOf, message: 'is not a date (use a day number, yyyy-mm-dd or a Date)' });
  checkAsOf(fn, population.window, asOf, ['options', 'asOf']);
  const cond = population.conditions;
  const keys = cond.codes.map(clusterKey);
  const sorted = [...new Set(keys)].filter((k) => k !== '').sort();
  const slot = new Map(sorted.map((k, j) => [k, j]));
  const ofCode = Int32Array.from(keys, (k) => slot.get(k) ?? -1);
  const n = population.size;
  const active = sorted.map(() => new Uint8Array(n));
  const diagnosed = sorted.map(() => new Int32Array(n).fill(NO_DATE));
  const source = sorted.map(() => new Uint8Array(n));
  for (let i = 0; i < n; i++) {
    for (let k = cond.offsets[i]!, end = cond.offsets[i + 1]!; k < end; k++) {
      if (cond.date[k]! > asOf) break;
      const j = ofCode[cond.code[k]!]!;
      if (j < 0) continue;
      if (cond.date[k]! < diagnosed[j]![i]!) diagnosed[j]![i] = cond.date[k]!;
      source[j]![i]! |= cond.source[k]!;
      if (cond.resolvedDate[k]! > asOf) active[j]![i] = 1;
    }
  }
  const registers = sorted.map((cluster, j) => {
    let count = 0;
    for (let i = 0; i < n; i++) count += active[j]![i]!;
    return Object.freeze({ cluster, active: active[j]!, diagnosisDate: diagnosed[j]!, source: source[j]!, count });
  });
  return Object.freeze({ asOf, registers: Object.freeze(registers), get: (c: string) => registers[slot.get(clusterKey(c)) ?? -1] });
}

/**
 * Where a register's diagnoses were recorded, from a {@link ConditionRegister} `source` value.
 *
 * @param bits - `register.source[i]`.
 * @returns `'gp'`, `'hospital'`, `'both'`, or `undefined` when there is no diagnosis.
 * @example
 * registerSource(3); // => 'both'
 */
export function registerSource(bits: number): 'gp' | 'hospital' | 'both' | undefined {
  return bits === 3 ? 'both' : bits === 1 ? 'gp' : bits === 2 ? 'hospital' : undefined;
}
