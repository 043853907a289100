import { SEX } from '../core/population.js';
import { isBlank } from './is-blank.js';

/**
 * The accepted sex codes (matched after trimming and lower-casing) and the level each maps
 * to. Numeric codes follow the NHS Data Dictionary "Person Stated Gender Code"
 * (1 male, 2 female, 9 indeterminate, 0/X not known). A blank value means `unknown`;
 * anything not listed is rejected with reason `unknown_sex`.
 */
export const SEX_CODE_MAP: Readonly<Record<string, 'F' | 'M' | 'other' | 'unknown'>> = Object.freeze({
  f: 'F', female: 'F', woman: 'F', w: 'F', '2': 'F',
  m: 'M', male: 'M', man: 'M', '1': 'M',
  other: 'other', o: 'other', i: 'other', indeterminate: 'other', '9': 'other',
  unknown: 'unknown', u: 'unknown', x: 'unknown', '0': 'unknown', 'not known': 'unknown', 'not stated': 'unknown', unk: 'unknown',
});

/**
 * Maps a raw sex value to the population's sex level (0 unknown, 1 F, 2 M, 3 other; see
 * core `SEX`) through {@link SEX_CODE_MAP}. O(1).
 *
 * @param value - A raw cell or record value.
 * @returns The level, or -1 when the code is not recognised.
 * @example
 * parseSexCode('female'); // => 1
 * parseSexCode('2');      // => 1
 * parseSexCode('Q');      // => -1
 */
export function parseSexCode(value: unknown): number {
  if (isBlank(value)) return SEX.unknown;
  const key = String(value).trim().toLowerCase();
  // own keys only: '__proto__', 'constructor' or 'toString' are unknown codes, not Object's members
  const level = Object.hasOwn(SEX_CODE_MAP, key) ? SEX_CODE_MAP[key] : undefined;
  return level === undefined ? -1 : SEX[level];
}
