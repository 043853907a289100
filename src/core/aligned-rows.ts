/**
 * Vectors that carry their rows. `model.score(features)` returns scores for the feature
 * matrix's rows (often fewer than the population: only people registered on the day), and
 * `buildOutcomes` returns outcomes for its rows. Each such vector carries the population row
 * of each of its entries as a non-enumerable `rows` property, so that `selectCohort`,
 * `evaluateScores` and `compareVariants` line them up themselves instead of the caller
 * threading `rows` between calls. Internal: the stages call these.
 *
 * @module
 */
import { fail } from './errors.js';

/** A vector (typed array or array) that may carry the population row of each entry. */
export type WithRows<T> = T & { readonly rows?: Uint32Array };

/**
 * Attaches `rows` (non-enumerable, read-only) to `values` and returns it. Does nothing when
 * `rows` is undefined or its length differs.
 *
 * @example
 * withRows(new Float64Array(2), Uint32Array.of(4, 7)).rows; // => Uint32Array [4, 7]
 */
export function withRows<T extends object>(values: T, rows: Uint32Array | undefined): WithRows<T> {
  if (rows === undefined || (values as unknown as ArrayLike<number>).length !== rows.length) return values;
  Object.defineProperty(values, 'rows', { value: rows, enumerable: false, configurable: true, writable: false });
  return values;
}

/**
 * The rows a vector carries, or `undefined`.
 *
 * @example
 * rowsOf(model.score(features)); // => features.rows
 */
export function rowsOf(values: unknown): Uint32Array | undefined {
  if (values === null || typeof values !== 'object') return undefined;
  const r = (values as { rows?: unknown }).rows;
  return r instanceof Uint32Array && r.length === (values as ArrayLike<number>).length ? r : undefined;
}

/**
 * One value per population row: a vector that carries its rows is spread into a vector of
 * `size`, with `fill` for the rows it does not cover (NaN: not scored; 0: nothing counted);
 * a vector of `size` without rows is returned as it is. Anything else is a `length_mismatch`
 * error that says how to align it.
 *
 * @example
 * toPopulationRows('compareVariants', ['scores'], model.score(features), population.size, Number.NaN);
 */
export function toPopulationRows(fn: string, path: ReadonlyArray<string | number>, values: ArrayLike<number>, size: number, fill: number): ArrayLike<number> {
  const rows = rowsOf(values);
  if (rows === undefined) {
    if (values.length === size) return values;
    fail({
      fn, code: 'length_mismatch', path, value: values.length,
      message: `expected one value per population row (${size}); got ${values.length}. Pass the vector as model.score(features) or buildOutcomes(...) returns it (it carries its population rows and is aligned here), or spread it yourself: out[features.rows[i]] = values[i], with NaN (scores) or 0 (counts) elsewhere`,
    });
  }
  if (rows.length === size && isIdentity(rows)) return values;
  const out = new Float64Array(size).fill(fill);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r >= size) fail({ fn, code: 'invalid_input', path: [...path, 'rows', i], value: r, message: `row ${r} is not a row of the population (0..${size - 1})` });
    out[r] = values[i]!;
  }
  return out;
}

/**
 * `values` (carrying its rows) reordered to `target` rows: entry i of the result is the value
 * at population row `target[i]`. Throws `length_mismatch` naming the first target row
 * `values` does not cover.
 *
 * @example
 * alignTo('evaluateScores', ['outcome'], outcomes.emergencyAdmission, scores.rows); // outcome per score
 */
export function alignTo<T extends ArrayLike<number>>(fn: string, path: ReadonlyArray<string | number>, values: T, target: Uint32Array): T | Float64Array {
  const rows = rowsOf(values);
  if (rows === undefined) return values;
  if (sameRows(rows, target)) return values;
  const at = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) at.set(rows[i]!, i);
  const out = new Float64Array(target.length);
  for (let i = 0; i < target.length; i++) {
    const j = at.get(target[i]!);
    if (j === undefined) {
      fail({
        fn, code: 'length_mismatch', path, value: values.length,
        message: `has no value for population row ${target[i]} (entry ${i} of the scores): the two were built for different people (${values.length} vs ${target.length} rows). Build them on the same rows, e.g. buildOutcomes(population, { asOf, rows: features.rows })`,
      });
    }
    out[i] = values[j]!;
  }
  return out;
}

/** Whether two row vectors are equal. */
export function sameRows(a: Uint32Array, b: Uint32Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isIdentity(rows: Uint32Array): boolean {
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false;
  return true;
}
