import { isBlank } from './is-blank.js';
import { parseBooleanFlag } from './parse-boolean-flag.js';

const WORDS: Readonly<Record<string, number>> = {
  emergency: 1, 'non-elective': 1, nonelective: 1, 'non elective': 1, unplanned: 1,
  elective: 0, planned: 0, maternity: 0, other: 0, 'day case': 0, daycase: 0,
};

/**
 * Every trimmed, lower-cased text `parseAdmissionMethod` reads as emergency (1): the yes flags,
 * the emergency words and the NHS emergency admission method codes, for writers that match the
 * raw value elsewhere (the SQL generator). A blank is not among them: its meaning depends on
 * the setting.
 *
 * @returns The values, sorted.
 * @example
 * emergencyAdmissionMethods().includes('2a'); // => true
 */
export function emergencyAdmissionMethods(): string[] {
  const codes: string[] = [];
  for (const a of '0123456789abcdefghijklmnopqrstuvwxyz') for (const b of '0123456789abcdefghijklmnopqrstuvwxyz') codes.push(a + b);
  const candidates = ['true', 'yes', 'y', 't', '1', 'false', 'no', 'n', 'f', '0', ...Object.keys(WORDS), ...codes];
  return [...new Set(candidates)].filter((v) => parseAdmissionMethod(v, 0) === 1).sort();
}

/**
 * Reads the `emergency` field of an activity row. Accepts a yes/no flag (see
 * `parseBooleanFlag`), the words emergency / non-elective / unplanned (1) and elective /
 * planned / maternity / day case / other (0), and the two-character NHS admission method
 * codes: `21`-`28` and `2A`-`2D` are emergency (1); `11`-`13`, `31`-`32` and `81`-`83` are
 * not (0). A blank value means 1 for A&E attendances and 0 otherwise (pass `blank`).
 *
 * @param value - A raw cell or record value.
 * @param blank - What a blank value means.
 * @returns 1, 0, or -1 when the value is not recognised.
 * @example
 * parseAdmissionMethod('21'); // => 1
 * parseAdmissionMethod('11'); // => 0
 * parseAdmissionMethod('N');  // => 0
 */
export function parseAdmissionMethod(value: unknown, blank = 0): number {
  if (isBlank(value)) return blank;
  const flag = parseBooleanFlag(value, blank);
  if (flag >= 0) return flag;
  const key = String(value).trim().toLowerCase();
  const word = Object.hasOwn(WORDS, key) ? WORDS[key] : undefined; // own keys only ('__proto__' is no code)
  if (word !== undefined) return word;
  if (key.length === 2) {
    const a = key[0]!;
    const b = key[1]!;
    if (a === '2' && ((b >= '1' && b <= '8') || (b >= 'a' && b <= 'd'))) return 1;
    if ((a === '1' && b >= '1' && b <= '3') || (a === '3' && (b === '1' || b === '2')) || (a === '8' && b >= '1' && b <= '3')) return 0;
  }
  return -1;
}
