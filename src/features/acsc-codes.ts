import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';

/**
 * Ambulatory care sensitive conditions (ACSC) as versioned data: ICD-10 prefixes of the
 * primary diagnosis that make an emergency admission "avoidable".
 *
 * @module
 */

/** One named group of ICD-10 prefixes (upper case, no dot). */
export interface AcscGroup {
  /** Condition group, e.g. `'COPD'`. */
  readonly name: string;
  /** Which indicator the group comes from, e.g. `'NHS OF 2.3.i'`. */
  readonly indicator: string;
  /** ICD-10 prefixes without dots: `'J44'` matches `J440`, `J441`, `J449`. */
  readonly prefixes: readonly string[];
}

/** A versioned ACSC code list: pass your own to `buildFeatures` / `buildOutcomes` / {@link isAcsc}. */
export interface AcscCodeList {
  readonly id: string;
  readonly version: string;
  /** Where the codes come from, in words a reader can look up. */
  readonly source: string;
  /** Simplifications against the source specification. */
  readonly notes: readonly string[];
  readonly groups: readonly AcscGroup[];
}

/**
 * The default ACSC list: the union of two NHS Outcomes Framework (NHS OF) indicators'
 * primary-diagnosis code sets, as published by NHS Digital, plus two
 * groups from the list they draw on:
 *
 * - **NHS OF 2.3.i** "Unplanned hospitalisation for chronic ambulatory care sensitive
 *   conditions" (chronic ACSCs: angina, asthma, atrial fibrillation and flutter, congestive
 *   heart failure, convulsions and epilepsy, COPD, dementia, diabetes complications,
 *   hypertension, iron-deficiency anaemia, chronic viral hepatitis B);
 * - **NHS OF 3a** "Emergency admissions for acute conditions that should not usually require
 *   hospital admission" (ear/nose/throat infections, kidney and urinary tract infections,
 *   pneumonia, dental conditions, cellulitis, perforated or bleeding ulcer,
 *   dehydration and gastroenteritis, influenza and other vaccine-preventable diseases);
 * - gangrene and nutritional deficiencies from the common NHS subset of ACSCs (Bardsley M
 *   et al., BMJ Open 2013) that both indicators draw on.
 *
 * Simplifications (listed in `notes`): the specifications' procedure exclusions (e.g. angina
 * and heart failure admissions with a cardiac procedure) and secondary-diagnosis conditions
 * (J20 acute bronchitis counts only with a secondary COPD code) are not applied, because the
 * Population holds only the primary diagnosis; the age restrictions of 2.3.i (under 75 in
 * some versions) are not applied; codes were transcribed from the specification as
 * published for the 2015/16–2019/20 releases and should be checked against the current NHS
 * Digital specification before operational use.
 */
export const ACSC_CODES: AcscCodeList = Object.freeze({
  id: 'nhs-of-2.3.i+3a',
  version: 'NHS Outcomes Framework indicator specifications 2.3.i and 3a (NHS Digital), as transcribed 2026-11 (risk-stratify 0.1.0)',
  source: 'NHS Digital, NHS Outcomes Framework: indicator 2.3.i "Unplanned hospitalisation for chronic ambulatory care sensitive conditions" and indicator 3a "Emergency admissions for acute conditions that should not usually require hospital admission", indicator specifications (ICD-10 primary diagnosis lists).',
  notes: Object.freeze([
    'Procedure-code exclusions of the specifications (angina, congestive heart failure) are not applied: the Population holds no procedure codes.',
    'J20 (acute bronchitis) counts in the specification only with a secondary COPD diagnosis; here it is counted on the primary diagnosis alone.',
    'Age restrictions of 2.3.i are not applied; restrict the rows yourself if you need them.',
    'Prefixes are matched on the upper-case, dot-free code, so I10 matches I10X and J44 matches J440..J449.',
    'Gangrene (R02) and nutritional deficiencies (E40-E43, E55.0, E64.3) are from the common NHS subset of ACSCs (Bardsley et al. 2013) that the two indicators draw on; they are tagged "common NHS ACSC subset".',
    'Pneumonia follows the 3a list (J13, J14, J15.3/4/7/9, J16.8, J18.1, J18.8); wider ACSC lists also count J12, J15-J18 in full (J18.9 pneumonia unspecified) and A02-A09 gastroenteritis: pass your own list for those.',
    'Transcribed from the published specifications from memory and cross-checked against the code table of the HDR UK avoidable admissions collaboration documentation (common NHS subset of ACSCs); check against the current NHS England specification before operational use.',
  ]),
  groups: Object.freeze([
    { name: 'angina', indicator: 'NHS OF 2.3.i', prefixes: ['I20', 'I240', 'I248', 'I249', 'I25', 'Z034'] },
    { name: 'asthma', indicator: 'NHS OF 2.3.i', prefixes: ['J45', 'J46'] },
    { name: 'atrial fibrillation and flutter', indicator: 'NHS OF 2.3.i', prefixes: ['I48'] },
    { name: 'congestive heart failure', indicator: 'NHS OF 2.3.i', prefixes: ['I110', 'I50', 'J81'] },
    { name: 'convulsions and epilepsy', indicator: 'NHS OF 2.3.i', prefixes: ['G40', 'G41', 'R56', 'O15'] },
    { name: 'COPD', indicator: 'NHS OF 2.3.i', prefixes: ['J20', 'J41', 'J42', 'J43', 'J44', 'J47'] },
    { name: 'dementia', indicator: 'NHS OF 2.3.i', prefixes: ['F00', 'F01', 'F02', 'F03'] },
    {
      name: 'diabetes complications',
      indicator: 'NHS OF 2.3.i',
      prefixes: [
        'E100', 'E101', 'E102', 'E103', 'E104', 'E105', 'E106', 'E107', 'E108',
        'E110', 'E111', 'E112', 'E113', 'E114', 'E115', 'E116', 'E117', 'E118',
        'E120', 'E121', 'E122', 'E123', 'E124', 'E125', 'E126', 'E127', 'E128',
        'E130', 'E131', 'E132', 'E133', 'E134', 'E135', 'E136', 'E137', 'E138',
        'E140', 'E141', 'E142', 'E143', 'E144', 'E145', 'E146', 'E147', 'E148',
      ],
    },
    { name: 'hypertension', indicator: 'NHS OF 2.3.i', prefixes: ['I10', 'I119'] },
    { name: 'iron-deficiency anaemia', indicator: 'NHS OF 2.3.i', prefixes: ['D501', 'D508', 'D509'] },
    { name: 'chronic viral hepatitis B', indicator: 'NHS OF 2.3.i', prefixes: ['B180', 'B181'] },
    { name: 'nutritional deficiencies', indicator: 'common NHS ACSC subset', prefixes: ['E40', 'E41', 'E42', 'E43', 'E550', 'E643'] },
    { name: 'ear, nose and throat infections', indicator: 'NHS OF 3a', prefixes: ['H66', 'H67', 'J02', 'J03', 'J06', 'J312'] },
    { name: 'kidney and urinary tract infections', indicator: 'NHS OF 3a', prefixes: ['N10', 'N11', 'N12', 'N136', 'N390'] },
    { name: 'pneumonia', indicator: 'NHS OF 3a', prefixes: ['J13', 'J14', 'J153', 'J154', 'J157', 'J159', 'J168', 'J181', 'J188'] },
    { name: 'influenza', indicator: 'NHS OF 3a', prefixes: ['J10', 'J11'] },
    { name: 'other vaccine-preventable diseases', indicator: 'NHS OF 3a', prefixes: ['A35', 'A36', 'A37', 'A80', 'B05', 'B06', 'B161', 'B169', 'B26', 'G000', 'M014'] },
    { name: 'dental conditions', indicator: 'NHS OF 3a', prefixes: ['A690', 'K02', 'K03', 'K04', 'K05', 'K06', 'K08', 'K098', 'K099', 'K12', 'K13'] },
    { name: 'gangrene', indicator: 'common NHS ACSC subset', prefixes: ['R02'] },
    { name: 'cellulitis', indicator: 'NHS OF 3a', prefixes: ['L03', 'L04', 'L080', 'L088', 'L089', 'L88', 'L980'] },
    {
      name: 'perforated or bleeding ulcer',
      indicator: 'NHS OF 3a',
      prefixes: ['K250', 'K251', 'K252', 'K254', 'K255', 'K256', 'K260', 'K261', 'K262', 'K264', 'K265', 'K266', 'K270', 'K271', 'K272', 'K274', 'K275', 'K276', 'K280', 'K281', 'K282', 'K284', 'K285', 'K286'],
    },
    { name: 'dehydration and gastroenteritis', indicator: 'NHS OF 3a', prefixes: ['E86', 'K522', 'K528', 'K529'] },
  ].map((g) => Object.freeze({ ...g, prefixes: Object.freeze(g.prefixes) }))),
});

/** zod schema of {@link AcscCodes}: a non-empty prefix array or a versioned list. */
export const AcscCodesSchema = /* @__PURE__ */ lazySchema(() => z.union([
  z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  z.object({
    id: z.string(),
    version: z.string(),
    source: z.string(),
    notes: z._default(z.array(z.string()), []),
    groups: z.array(z.object({ name: z.string(), indicator: z.string(), prefixes: z.array(z.string().check(z.minLength(1))) })).check(z.minLength(1)),
  }),
]));

/** A list of prefixes or a full {@link AcscCodeList}. */
export type AcscCodes = AcscCodeList | readonly string[];

/** ICD-10 code shape after normalising: a letter, two digits, then up to 4 letters/digits (e.g. `I10X`, `J441`, `U071`). */
const ICD10 = /^[A-Z][0-9]{2}[0-9A-Z]{0,4}$/;

/** Upper case, without dots, spaces or a trailing `-`/`*`/`+` dagger-asterisk marker. */
export function normaliseIcd10(code: string): string {
  return code.toUpperCase().replace(/[.\s]/g, '').replace(/[-*+†]+$/, '');
}

/**
 * Whether `code` looks like an ICD-10 code (upper-cased, dots and spaces removed): a letter, two
 * digits, then up to four letters or digits.
 *
 * @example
 * isValidIcd10('J44.1'); // => true
 * isValidIcd10('COPD'); // => false
 */
export function isValidIcd10(code: string): boolean {
  return ICD10.test(normaliseIcd10(code));
}

/** Prefix set of a code list, for O(code length) matching. Internal. */
export function acscPrefixSet(list: AcscCodes): Set<string> {
  const prefixes = isPrefixArray(list) ? list : list.groups.flatMap((g) => g.prefixes);
  return new Set(prefixes.map(normaliseIcd10));
}

function isPrefixArray(list: AcscCodes): list is readonly string[] {
  return Array.isArray(list);
}

/** Whether a normalised code starts with one of the prefixes in `set`. Internal. */
export function matchesPrefix(code: string, set: ReadonlySet<string>): boolean {
  for (let len = 1; len <= code.length; len++) {
    if (set.has(code.slice(0, len))) return true;
  }
  return false;
}

/**
 * Whether an ICD-10 primary diagnosis is an ambulatory care sensitive condition in `list`
 * (default {@link ACSC_CODES}): true when the normalised code (upper case, no dot) starts
 * with one of the list's prefixes. Invalid or empty codes are never ACSC. O(code length)
 * after building the list's prefix set, O(list size) per call when a list is passed; build
 * features and outcomes with the list instead of calling this per event.
 *
 * @param code - ICD-10 code, with or without the dot, any case.
 * @param list - prefixes or an {@link AcscCodeList}; default {@link ACSC_CODES}.
 * @returns true when the code matches a prefix.
 * @example
 * isAcsc('J44.1'); // => true  (COPD)
 * isAcsc('I10X'); // => true  (hypertension)
 * isAcsc('S72.0'); // => false (fractured neck of femur)
 * isAcsc('R69', ['R6']); // => true
 */
export function isAcsc(code: string, list: AcscCodes = ACSC_CODES): boolean {
  const c = normaliseIcd10(code);
  if (!ICD10.test(c)) return false;
  return matchesPrefix(c, list === ACSC_CODES ? DEFAULT_SET : acscPrefixSet(list));
}

const DEFAULT_SET = acscPrefixSet(ACSC_CODES);
