import { SETTING } from '../core/population.js';

/**
 * Accepted names for the activity setting (matched after trimming and lower-casing) and the
 * setting each maps to, including the point-of-delivery (POD) codes of SUS/PbR extracts:
 * `EL` elective, `DC` day case, `RDN` regular day or night attender, `NEL`, `NELNE`, `NELST`
 * non-elective (admissions, so inpatient; whether one is an emergency comes from the
 * admission method); `OPFA`, `OPFUP`, `OPPROC` outpatient; `AandE` A&E. Anything else is
 * rejected with reason `unknown_setting`.
 */
export const SETTING_CODE_MAP: Readonly<Record<string, 'inpatient' | 'ae' | 'outpatient' | 'gp'>> = Object.freeze({
  inpatient: 'inpatient', ip: 'inpatient', apc: 'inpatient', admission: 'inpatient', 'admitted patient care': 'inpatient',
  el: 'inpatient', dc: 'inpatient', rdn: 'inpatient', nel: 'inpatient', nelne: 'inpatient', nelst: 'inpatient',
  ae: 'ae', 'a&e': 'ae', 'a and e': 'ae', aande: 'ae', ed: 'ae', ecds: 'ae', 'emergency department': 'ae',
  outpatient: 'outpatient', op: 'outpatient', opa: 'outpatient', opfa: 'outpatient', opfup: 'outpatient', opproc: 'outpatient',
  gp: 'gp', 'primary care': 'gp', primary_care: 'gp', primarycare: 'gp',
});

/**
 * Maps a raw setting to the population's setting level (0 inpatient, 1 A&E, 2 outpatient,
 * 3 GP; see core `SETTING`) through {@link SETTING_CODE_MAP}. O(1).
 *
 * @param value - A raw cell or record value.
 * @returns The level, or -1 when the setting is blank or not recognised.
 * @example
 * parseSettingCode('A&E'); // => 1
 * parseSettingCode('ward'); // => -1
 */
export function parseSettingCode(value: unknown): number {
  if (value === undefined || value === null) return -1;
  const key = String(value).trim().toLowerCase();
  // own keys only: '__proto__', 'constructor' or 'toString' are unknown codes, not Object's members
  const s = Object.hasOwn(SETTING_CODE_MAP, key) ? SETTING_CODE_MAP[key] : undefined;
  return s === undefined ? -1 : SETTING[s];
}
