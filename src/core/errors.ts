/**
 * One error family for the whole library. Every error the library throws on purpose is a
 * {@link RiskStratifyError} with a machine-readable `code`, a `path` to the offending
 * field, the name of the function that refused (`fn`) and the bad `value`.
 *
 * @module
 */

/** Codes a program can switch on. */
export type ErrorCode =
  | 'invalid_argument'
  | 'invalid_options'
  | 'invalid_input'
  | 'file_unreadable'
  | 'csv_malformed'
  | 'length_mismatch'
  | 'missing_column'
  | 'non_finite'
  | 'separation'
  | 'collinear'
  | 'constant_column'
  | 'no_events'
  | 'not_converged'
  | 'invalid_model'
  | 'unsupported'
  // a window (as-of date, lookback, horizon, before/after period) outside the extract's data
  | 'window_past_extract'
  | 'window_before_data'
  // a privacy field the extract does not have and the caller did not waive
  | 'missing_opt_out'
  // an exclusion list (end of life, already case-managed) whose ids match nobody
  | 'exclusion_list_unmatched';

/** A key that marks our errors across the ESM and CJS builds (a class check would not). */
const BRAND = Symbol.for('risk-stratify.error');

/** Everything needed to build a {@link RiskStratifyError}. */
export interface RiskStratifyErrorInit {
  /** The public function that refused, e.g. `'selectCohort'`. */
  fn: string;
  code: ErrorCode;
  /** Path to the bad field, e.g. `['options', 'topPercent']`. */
  path?: ReadonlyArray<string | number>;
  /** The bad value (kept short in the message). */
  value?: unknown;
  /** What is wrong, in plain words; the function name and value are added for you. */
  message: string;
  /** Extra structured detail (e.g. the list of missing columns). */
  details?: Readonly<Record<string, unknown>>;
}

/** Short, printable rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) return `array(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<number>).length})`;
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * The library's error. Test for it with {@link isRiskStratifyError}, which works whichever
 * build (ESM or CJS) threw it.
 *
 * @example
 * try { selectCohort(scores, population, { topPercent: 200 }); }
 * catch (e) { if (isRiskStratifyError(e)) e.code; } // => 'invalid_options'
 */
export class RiskStratifyError extends Error {
  readonly code: ErrorCode;
  readonly path: ReadonlyArray<string | number>;
  readonly fn: string;
  readonly value: unknown;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(init: RiskStratifyErrorInit) {
    const where = init.path && init.path.length > 0 ? ` (${init.path.join('.')})` : '';
    const shown = 'value' in init ? `; got ${describeValue(init.value)}` : '';
    super(`${init.fn}: ${init.message}${where}${shown}`);
    this.name = 'RiskStratifyError';
    this.code = init.code;
    this.path = init.path ?? [];
    this.fn = init.fn;
    this.value = init.value;
    this.details = init.details;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True when `e` is an error thrown by this library (from either the ESM or the CJS build).
 *
 * @example
 * isRiskStratifyError(new Error('x')); // => false
 */
export function isRiskStratifyError(e: unknown): e is RiskStratifyError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** Throws a {@link RiskStratifyError}. */
export function fail(init: RiskStratifyErrorInit): never {
  throw new RiskStratifyError(init);
}

/** The result of a `safe…` function: a value, or the error it would have thrown. */
export type SafeResult<T> = { ok: true; value: T } | { ok: false; error: RiskStratifyError };

/**
 * Runs `f` and returns its value, or the {@link RiskStratifyError} it threw, as a result.
 * Errors that are not ours (bugs) are rethrown.
 */
export function toSafe<T>(f: () => T): SafeResult<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isRiskStratifyError(e)) return { ok: false, error: e };
    throw e;
  }
}

/** Async form of {@link toSafe}. */
export async function toSafeAsync<T>(f: () => Promise<T>): Promise<SafeResult<T>> {
  try {
    return { ok: true, value: await f() };
  } catch (e) {
    if (isRiskStratifyError(e)) return { ok: false, error: e };
    throw e;
  }
}
