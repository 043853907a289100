/**
 * Whether a raw input value counts as "not given": `undefined`, `null`, `NaN`, or a string
 * of only white space. Used by every field parser so that an empty CSV cell, a missing
 * record key and an arquero `null` all mean the same thing.
 *
 * @param value - A raw cell or record value.
 * @returns `true` when the value is blank.
 * @example
 * isBlank('  '); // => true
 * isBlank(0);    // => false
 */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') {
    const n = value.length;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return false;
    }
    return true;
  }
  return typeof value === 'number' && Number.isNaN(value);
}
