/**
 * The NHS's five high-level ethnic groups, as the evaluation groups use them, plus one group
 * for "not stated" and "not known". Order as the NHS Data Dictionary lists them.
 *
 * @example
 * NHS_ETHNIC_GROUPS[0]; // => 'White'
 */
export const NHS_ETHNIC_GROUPS = Object.freeze([
  'White',
  'Mixed',
  'Asian or Asian British',
  'Black or Black British',
  'Other',
  'Not stated or not known',
] as const);

/** One of {@link NHS_ETHNIC_GROUPS}, or `'Unrecognised'` for a value no rule matches. */
export type NhsEthnicGroup = (typeof NHS_ETHNIC_GROUPS)[number] | 'Unrecognised';

/** NHS Data Dictionary ETHNIC CATEGORY codes (2001 census classification) to their group. */
const CODES: Readonly<Record<string, NhsEthnicGroup>> = Object.freeze({
  A: 'White', B: 'White', C: 'White',
  D: 'Mixed', E: 'Mixed', F: 'Mixed', G: 'Mixed',
  H: 'Asian or Asian British', J: 'Asian or Asian British', K: 'Asian or Asian British', L: 'Asian or Asian British',
  M: 'Black or Black British', N: 'Black or Black British', P: 'Black or Black British',
  R: 'Other', S: 'Other',
  Z: 'Not stated or not known',
  '99': 'Not stated or not known',
});

const NOT_KNOWN = /^(|-|\.|n\/?a|null|none|unknown|not known|not stated|not recorded|not given|refused|declined|prefer not to say|not stated or not known)$|not (stated|known|recorded)|refused|declined/;

/**
 * Groups an ethnicity value as loaded (a code or words) into the NHS's five high-level
 * groups, or "not stated or not known".
 *
 * Codes: the NHS Data Dictionary's ETHNIC CATEGORY, one letter (any case, spaces trimmed):
 * A, B, C White; D, E, F, G Mixed; H, J, K, L Asian or Asian British; M, N, P Black or Black
 * British; R (Chinese), S (any other) Other; Z (not stated) and 99 (not known) "Not stated or
 * not known". Words (case-insensitive), checked in this order so that mixed categories win:
 * empty, "not stated", "not known", "unknown", "refused", "declined", "N/A" → not stated or
 * not known; "mixed", "multiple", "white and ..." → Mixed; "Asian", "Indian", "Pakistani",
 * "Bangladeshi" → Asian or Asian British (so the 2021 census's "Asian ...: Chinese" is
 * Asian); "Black", "African", "Caribbean" → Black or Black British; "White", "Irish",
 * "Gypsy", "Traveller", "Roma" → White; "Chinese", "Arab", "other" → Other (as code R and
 * S). Anything else (another letter, a local code, a US census "native") is
 * `'Unrecognised'`, kept as its own group so it is seen rather than hidden. O(length).
 *
 * @param value - The ethnicity value as loaded (`population.ethnicities[code]`).
 * @returns The group.
 * @example
 * nhsEthnicGroup('A'); // => 'White'
 * nhsEthnicGroup('White and Black Caribbean'); // => 'Mixed'
 * nhsEthnicGroup('Black'); // => 'Black or Black British'
 * nhsEthnicGroup('99'); // => 'Not stated or not known'
 * nhsEthnicGroup('Q'); // => 'Unrecognised'
 */
export function nhsEthnicGroup(value: string): NhsEthnicGroup {
  const t = String(value).trim();
  const code = CODES[t.toUpperCase()];
  if (code !== undefined) return code;
  const w = t.toLowerCase().replace(/\s+/g, ' ');
  if (NOT_KNOWN.test(w)) return 'Not stated or not known';
  if (/mixed|multiple|white and /.test(w)) return 'Mixed';
  if (/asian|indian|pakistani|bangladeshi/.test(w)) return 'Asian or Asian British';
  if (/black|african|caribbean/.test(w)) return 'Black or Black British';
  if (/white|irish|gypsy|traveller|roma\b/.test(w)) return 'White';
  if (/chinese|arab|other/.test(w)) return 'Other';
  return 'Unrecognised';
}
