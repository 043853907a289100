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
  // Number() reads every decimal this grammar allows and, beyond it, only what is refused
  // here: hexadecimal, binary and octal literals (0x.., 0b.., 0o..), Infinity (not finite),
  // and a blank string (0). So the fast parse runs first and only those are checked for: a
  // regular expression per cell costs more than the parse on an extract's millions of rows
  const x = Number(value);
  if (!Number.isFinite(x)) return Number.NaN;
  let digit = false;
  for (let a = 0; a < value.length; a++) {
    const c = value.charCodeAt(a);
    const lower = c | 0x20;
    // a decimal holds no x, b or o (0x.., 0b.., 0o..)
    if (lower === 120 || lower === 98 || lower === 111) return Number.NaN;
    if (c >= 48 && c <= 57) digit = true;
  }
  // a blank string is 0 to Number(): a decimal has a digit
  return digit ? x : Number.NaN;
}

/** Internal: the message of an `invalid_number` issue for a value {@link parseDecimal} refuses. */
export const NOT_A_DECIMAL = 'is not a finite decimal number (ASCII digits, optional sign, point and exponent; no hexadecimal, Infinity, NaN, digit separators or full-width digits)';
