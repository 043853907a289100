/**
 * Internal: the number a bed-day or cost cell holds, read strictly: a finite decimal in ASCII
 * digits (an optional sign, digits with an optional point, an optional exponent: `12`,
 * `-0.5`, `.5`, `1e3`, `1.5E+2`), with white space around it allowed. Anything else is NaN:
 * hexadecimal (`0x10`), binary or octal literals, `Infinity`, `NaN`, digit separators
 * (`1_000`, `1,000`), full-width or other non-ASCII digits (`１２`), and a value too large for
 * a double (`1e309`). A number (records, arquero columns) is returned as it is when finite,
 * else NaN. O(length).
 *
 * @param value - A raw cell value.
 * @returns The number, or NaN.
 * @example
 * parseDecimal(' 2.5 '); // => 2.5
 * parseDecimal('0x10');  // => NaN
 * parseDecimal('1e309'); // => NaN
 */
export function parseDecimal(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const s = value.trim();
  if (!DECIMAL.test(s)) return Number.NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : Number.NaN;
}

const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Internal: the message of an `invalid_number` issue for a value {@link parseDecimal} refuses. */
export const NOT_A_DECIMAL = 'is not a finite decimal number (ASCII digits, optional sign, point and exponent; no hexadecimal, Infinity, NaN, digit separators or full-width digits)';
