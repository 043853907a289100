import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { dayFromCivil, NO_DATE } from '../core/dates.js';
import { isBlank } from './is-blank.js';
import { parseBooleanFlag } from './parse-boolean-flag.js';
import { parseDecimal } from './parse-decimal.js';
import { parseSexCode } from './parse-sex-code.js';
import { codedField, crossIssue, optionalDay, optionalText, requiredText } from './record-fields.js';

/**
 * Reads an Index of Multiple Deprivation decile (1 = most deprived .. 10 = least). O(1).
 *
 * @param value - A raw cell or record value.
 * @returns The decile; 0 (unknown) for a blank value; -1 when it is not an integer 1..10.
 * @example
 * parseImdDecile('3');  // => 3
 * parseImdDecile('');   // => 0
 * parseImdDecile(11);   // => -1
 */
export function parseImdDecile(value: unknown): number {
  if (isBlank(value)) return 0;
  const x = parseDecimal(value);
  return Number.isInteger(x) && x >= 1 && x <= 10 ? x : -1;
}

/**
 * Reads a birth year (for extracts that give the year only). O(1).
 *
 * @param value - A raw cell or record value.
 * @returns The year (an integer 1800..9999), or `NaN` for anything else.
 * @example
 * parseBirthYear('1950'); // => 1950
 * parseBirthYear('50');   // => NaN
 */
export function parseBirthYear(value: unknown): number {
  const x = parseDecimal(value);
  return Number.isInteger(x) && x >= 1800 && x <= 9999 ? x : Number.NaN;
}

/**
 * One registered patient, as zod validates a record. Fields:
 * `id` (pseudonymised, required), `practiceId` (required), `sex` (F/M/other/unknown or a
 * code in `SEX_CODE_MAP`; blank = unknown), `birthDate` or `birthYear` (one is required; a
 * year alone is placed on 1 July), optional `deathDate`, `registeredFrom` (blank = from
 * birth), optional `registeredTo`, `imdDecile` (1 most deprived .. 10; blank = unknown),
 * `careHome` and `optedOut` (yes/no flags; blank = no), `ethnicity` (free text, interned).
 *
 * The schema checks each field and the rules within one record (death or registration
 * before birth, registration end before start). Rules that need other rows or the
 * reference date (duplicate ids, future dates, impossible ages) are applied by
 * `loadPopulation`, which reads columns directly with the same parsers for speed.
 *
 * @example
 * PatientRecord.parse({ id: 'p1', practiceId: 'A81001', sex: 'female', birthDate: '01/02/1950' }).sex; // => 1
 */
export const PatientRecord = /* @__PURE__ */ lazySchema(() => z.pipe(z
  .object({
    id: requiredText,
    practiceId: requiredText,
    sex: codedField(parseSexCode, 'unknown_sex', 'is not a known sex code (see SEX_CODE_MAP)'),
    birthDate: optionalDay,
    birthYear: z.nullable(z.optional(z.union([z.string(), z.number()]))),
    deathDate: optionalDay,
    registeredFrom: optionalDay,
    registeredTo: optionalDay,
    imdDecile: codedField(parseImdDecile, 'imd_out_of_range', 'must be an integer from 1 to 10'),
    careHome: codedField((v) => parseBooleanFlag(v), 'invalid_boolean', 'is not a yes/no flag'),
    optedOut: codedField((v) => parseBooleanFlag(v), 'invalid_boolean', 'is not a yes/no flag'),
    ethnicity: optionalText,
  }), z.transform((r, ctx) => {
    let birth = r.birthDate;
    let earliest = birth;
    if (birth === NO_DATE) {
      if (isBlank(r.birthYear)) {
        crossIssue(ctx, 'birthDate', 'missing_value', 'birthDate or birthYear is required');
        return z.NEVER;
      }
      const year = parseBirthYear(r.birthYear);
      if (Number.isNaN(year)) {
        crossIssue(ctx, 'birthYear', 'invalid_date', 'is not a year');
        return z.NEVER;
      }
      birth = dayFromCivil(year, 7, 1);
      earliest = dayFromCivil(year, 1, 1);
    }
    if (r.deathDate !== NO_DATE && r.deathDate < earliest) crossIssue(ctx, 'deathDate', 'before_birth', 'is before birth');
    const from = r.registeredFrom === NO_DATE ? birth : r.registeredFrom;
    if (from < earliest) crossIssue(ctx, 'registeredFrom', 'before_birth', 'is before birth');
    if (r.registeredTo !== NO_DATE && r.registeredTo < from) crossIssue(ctx, 'registeredTo', 'end_before_start', 'is before registeredFrom');
    return { ...r, birthDate: birth, registeredFrom: from };
  })));

/** A patient record as you may pass it (strings, numbers, dates, flags). */
export type PatientRecord = z.input<typeof PatientRecord>;
/** A patient record after validation: codes as levels, dates as day numbers. */
export type ParsedPatientRecord = z.output<typeof PatientRecord>;
