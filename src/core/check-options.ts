import { fail } from './errors.js';

// Options checks without zod, for the steps a dashboard embeds on their own (`selectCohort`,
// `evaluateScores`): zod is most of a bundle that imports only them. Each step keeps its
// exported zod schema (what users validate with); a test checks both agree on the same inputs,
// field by field, with the same paths and messages.

type Path = (string | number)[];

/** A refusal at `path`, turned into a `RiskStratifyError` by {@link checkOptions}. */
class OptionsIssue {
  constructor(
    readonly path: Path,
    readonly message: string,
    /** A bound (too small, too big) rather than a wrong type: zod's "continue". */
    readonly bound = false,
  ) {}
}

/** Refuses the value at `path` with `message`. */
export function issue(path: Path, message: string, bound = false): never {
  throw new OptionsIssue(path, message, bound);
}

/** The type named in a refusal, as zod names it. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'NaN';
  if (typeof v === 'object' && Object.getPrototypeOf(v) !== Object.prototype && (v as { constructor?: { name: string } }).constructor) return (v as { constructor: { name: string } }).constructor.name;
  return typeof v;
}

function expected(path: Path, type: string, v: unknown): never {
  return issue(path, `Invalid input: expected ${type}, received ${typeName(v)}`);
}

/** Bounds of a number, named as zod names them. */
export interface NumberRule {
  int?: boolean;
  gt?: number;
  gte?: number;
  lte?: number;
}

/** A finite number within `rule`, or a refusal with zod's message. */
export function num(v: unknown, path: Path, rule: NumberRule = {}): number {
  if (typeof v !== 'number' || Number.isNaN(v)) return expected(path, 'number', v);
  if (!Number.isFinite(v)) return issue(path, 'Invalid input: expected number, received number');
  if (rule.int && !Number.isSafeInteger(v)) return issue(path, 'Invalid input: expected int, received number');
  if (rule.gt !== undefined && !(v > rule.gt)) return issue(path, `Too small: expected number to be >${rule.gt}`, true);
  if (rule.gte !== undefined && !(v >= rule.gte)) return issue(path, `Too small: expected number to be >=${rule.gte}`, true);
  if (rule.lte !== undefined && !(v <= rule.lte)) return issue(path, `Too big: expected number to be <=${rule.lte}`, true);
  return v;
}

/** A string. */
export function str(v: unknown, path: Path): string {
  return typeof v === 'string' ? v : expected(path, 'string', v);
}

/** A boolean. */
export function bool(v: unknown, path: Path): boolean {
  return typeof v === 'boolean' ? v : expected(path, 'boolean', v);
}

/** One of `values`. */
export function oneOf<T extends string>(v: unknown, path: Path, values: readonly T[]): T {
  if (values.includes(v as T)) return v as T;
  return issue(path, `Invalid option: expected one of ${values.map((x) => JSON.stringify(x)).join('|')}`);
}

/** A plain object (not an array, not null). */
function object(v: unknown, path: Path): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : expected(path, 'object', v);
}

/** An array, each entry checked by `each`. */
export function array<T>(v: unknown, path: Path, each: (x: unknown, path: Path) => T): T[] {
  if (!Array.isArray(v)) return expected(path, 'array', v);
  return v.map((x, i) => each(x, [...path, i]));
}

/** A record of string keys, each value checked by `each`. */
export function record<T>(v: unknown, path: Path, each: (x: unknown, path: Path) => T): Record<string, T> {
  const plain = typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v) as object | null);
  const o = plain ? (v as Record<string, unknown>) : expected(path, 'record', v);
  const out: Record<string, T> = {};
  // own keys only, and set as own properties: a key '__proto__' is an entry, not the prototype
  for (const key of Object.keys(o)) Object.defineProperty(out, key, { value: each(Object.getOwnPropertyDescriptor(o, key)!.value, [...path, key]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * An object read by own keys (any key, `__proto__` too), each own value checked by `each`;
 * the object itself is returned. As `ownRecord` (src/core/own-record.ts) refuses: `expected
 * ${what}` for a non-object, a value's refusal at its key (the latter like a bound: zod adds it
 * in a refinement, which does not abort a union).
 */
export function ownRecord<T>(v: unknown, path: Path, what: string, each: (x: unknown, path: Path) => T): Readonly<Record<string, T>> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return issue(path, `expected ${what}`);
  for (const key of Object.keys(v)) {
    try {
      each(Object.hasOwn(v, key) ? Object.getOwnPropertyDescriptor(v, key)!.value : undefined, [...path, key]);
    } catch (e) {
      if (e instanceof OptionsIssue) issue(e.path, e.message, true);
      throw e;
    }
  }
  return v as Readonly<Record<string, T>>;
}

/** An array or a typed array (not a DataView), refused with `message`. */
export function arrayLike<T>(v: unknown, path: Path, message: string): ArrayLike<T> {
  if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) return v as unknown as ArrayLike<T>;
  return issue(path, message);
}

/**
 * The first of `options` that accepts `v` (each tried in turn), or zod's refusal of a union:
 * the refusal of the one branch that refused only a bound (the others refused the type), else
 * `'Invalid input'`.
 */
export function union<T>(v: unknown, path: Path, options: readonly ((x: unknown, path: Path) => T)[]): T {
  const refusals: OptionsIssue[] = [];
  for (const option of options) {
    try {
      return option(v, path);
    } catch (e) {
      if (!(e instanceof OptionsIssue)) throw e;
      refusals.push(e);
    }
  }
  const bounds = refusals.filter((r) => r.bound);
  if (bounds.length === 1) throw bounds[0]!;
  return issue(path, 'Invalid input');
}

/** A refusal at `path` with `message` when `ok` is false (zod's `refine`). */
export function refine(ok: boolean, path: Path, message: string): void {
  if (!ok) issue(path, message);
}

/**
 * Checks `input` (default `{}`) as a strict object with `keys`: unknown keys are refused, and
 * `check` reads the fields (in the order zod would), then `refinements` check them together. A refusal throws a `RiskStratifyError` (code `invalid_options`)
 * naming `fn`, the field's path under `options` and the value, as {@link parseOptions} does.
 */
export function checkOptions<T>(fn: string, input: unknown, keys: readonly string[], check: (o: Record<string, unknown>) => T, refinements?: (parsed: T) => void): T {
  try {
    const o = object(input ?? {}, []);
    const parsed = check(o);
    const unknown = Object.keys(o).filter((k) => !keys.includes(k));
    if (unknown.length > 0) issue([], `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k)).join(', ')}`);
    refinements?.(parsed);
    return parsed;
  } catch (e) {
    if (!(e instanceof OptionsIssue)) throw e;
    let value: unknown = input;
    for (const key of e.path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    return fail({ fn, code: 'invalid_options', path: ['options', ...e.path], value, message: e.message });
  }
}
