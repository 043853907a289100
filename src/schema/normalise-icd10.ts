/**
 * Normalises an ICD-10 code as the population stores it: trimmed, upper case, without the
 * dot or spaces, and without the HES filler `X` on a three-character code (`I10X` ->
 * `I10`) or a trailing `-`. A code that does not look like ICD-10 is returned normalised
 * the same way but otherwise kept (it is not a reason to reject a row; see
 * {@link isIcd10Code}). O(length).
 *
 * @param raw - The code as given.
 * @returns The normalised code (`''` for a blank one).
 * @example
 * normaliseIcd10(' j44.1 '); // => 'J441'
 * normaliseIcd10('I10X');    // => 'I10'
 */
export function normaliseIcd10(raw: string): string {
  let s = raw.trim().toUpperCase();
  if (s.includes('.') || s.includes(' ')) s = s.replace(/[. ]/g, '');
  while (s.endsWith('-')) s = s.slice(0, -1);
  if (s.length === 4 && s.charCodeAt(3) === 88 /* X */ && isIcd10Code(s.slice(0, 3))) s = s.slice(0, 3);
  return s;
}

const ICD10 = /^[A-Z][0-9][0-9A-Z][0-9A-Z]{0,3}$/;

/**
 * Whether an already-normalised code has the shape of an ICD-10 code: a letter, two
 * characters (digits, or a digit and a letter as in `U07`), then up to three more.
 * Shape only: it does not check the code exists in a release.
 *
 * @param code - A code from {@link normaliseIcd10}.
 * @returns `true` for ICD-10-shaped codes.
 * @example
 * isIcd10Code('J441');      // => true
 * isIcd10Code('195967001'); // => false
 */
export function isIcd10Code(code: string): boolean {
  return ICD10.test(code);
}
