import { fail } from '../core/errors.js';
import type { FeatureColumn, FeatureMatrix } from '../core/feature-matrix.js';
import { toFeatureArena } from '../core/feature-arena.js';

/** Options for {@link toFeatureMatrix}. */
export interface ToFeatureMatrixOptions {
  /** Person id of each row. */
  rowIds?: readonly string[];
  /** Population row of each matrix row. */
  rows?: ArrayLike<number>;
  /** Day number the features stood at. */
  asOf?: number;
  /**
   * Copy the columns into shared memory (a shared WebAssembly memory, as
   * `buildFeatures({ shared: true })` does), so `model.score` reads them in place and the
   * worker threads of `createScoringPool` (risk-stratify/node) share them. Default false:
   * typed arrays are kept as they are.
   */
  shared?: boolean;
}

/**
 * Builds a {@link FeatureMatrix} from a user's own columns, so every later stage works on
 * features computed elsewhere. Typed-array columns are kept as they are (not copied, unless
 * `shared`); plain arrays become `Float64Array`s. Non-finite values are refused.
 *
 * @throws RiskStratifyError `length_mismatch` when columns differ in length,
 *   `non_finite` when a value is NaN or infinite, `invalid_argument` when there are none.
 * @example
 * const m = toFeatureMatrix({ age: [70, 80], copd: [1, 0] });
 * m.n; // => 2
 * m.names; // => ['age', 'copd']
 */
export function toFeatureMatrix(columns: Readonly<Record<string, ArrayLike<number>>>, options: ToFeatureMatrixOptions = {}): FeatureMatrix {
  const fn = 'toFeatureMatrix';
  const names = Object.keys(columns);
  if (names.length === 0) fail({ fn, code: 'invalid_argument', path: ['columns'], message: 'needs at least one column' });
  const n = columns[names[0]!]!.length;
  const cols: FeatureColumn[] = names.map((name) => {
    const src = columns[name]!;
    if (src.length !== n) {
      fail({ fn, code: 'length_mismatch', path: ['columns', name], value: src.length, message: `column has ${src.length} values, expected ${n}` });
    }
    const col: FeatureColumn = ArrayBuffer.isView(src) && !(src instanceof DataView) && !(src instanceof BigInt64Array) && !(src instanceof BigUint64Array) && !(src instanceof Uint8ClampedArray)
      ? (src as FeatureColumn)
      : Float64Array.from(src);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i]!)) fail({ fn, code: 'non_finite', path: ['columns', name, i], value: col[i], message: 'feature values must be finite numbers' });
    }
    return col;
  });
  const rowIds = options.rowIds ? [...options.rowIds] : new Array<string>(n).fill('');
  if (rowIds.length !== n) fail({ fn, code: 'length_mismatch', path: ['options', 'rowIds'], value: rowIds.length, message: `rowIds has ${rowIds.length} values, expected ${n}` });
  let rows: Uint32Array;
  if (options.rows) {
    if (options.rows.length !== n) fail({ fn, code: 'length_mismatch', path: ['options', 'rows'], value: options.rows.length, message: `rows has ${options.rows.length} values, expected ${n}` });
    rows = Uint32Array.from(options.rows);
  } else {
    rows = new Uint32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
  }
  return makeFeatureMatrix(names, options.shared === true ? toFeatureArena(cols, n) : cols, rowIds, rows, options.asOf);
}

/** Internal constructor shared with `buildFeatures`: no checks, no copies. */
export function makeFeatureMatrix(names: readonly string[], columns: readonly FeatureColumn[], rowIds: readonly string[], rows: Uint32Array, asOf: number | undefined): FeatureMatrix {
  const byName = new Map(names.map((name, j) => [name, j]));
  return Object.freeze({
    n: rows.length,
    names: Object.freeze([...names]),
    columns: Object.freeze([...columns]),
    rowIds: Object.freeze(rowIds),
    rows,
    asOf,
    column: (name: string) => {
      const j = byName.get(name);
      return j === undefined ? undefined : columns[j];
    },
  });
}
