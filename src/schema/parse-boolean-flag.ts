import { isBlank } from './is-blank.js';

const TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f']);

/**
 * Reads a yes/no flag: `true`/`false`, `1`/`0`, `yes`/`no`, `Y`/`N`, `T`/`F` (any case),
 * JavaScript booleans and the numbers 0/1. O(1).
 *
 * @param value - A raw cell or record value.
 * @param blank - What a blank value means (default 0).
 * @returns 1, 0, or -1 when the value is not a recognised flag.
 * @example
 * parseBooleanFlag('Y');     // => 1
 * parseBooleanFlag('no');    // => 0
 * parseBooleanFlag('maybe'); // => -1
 */
export function parseBooleanFlag(value: unknown, blank = 0): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value === 1 ? 1 : value === 0 ? 0 : Number.isNaN(value) ? blank : -1;
  if (isBlank(value)) return blank;
  const key = String(value).trim().toLowerCase();
  if (TRUE.has(key)) return 1;
  if (FALSE.has(key)) return 0;
  return -1;
}
