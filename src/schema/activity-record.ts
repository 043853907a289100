import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { NO_DATE } from '../core/dates.js';
import { SETTING } from '../core/population.js';
import { isBlank } from './is-blank.js';
import { normaliseIcd10 } from './normalise-icd10.js';
import { parseAdmissionMethod } from './parse-admission-method.js';
import { NOT_A_DECIMAL, parseDecimal } from './parse-decimal.js';
import { parseSettingCode } from './parse-setting-code.js';
import { codedField, crossIssue, optionalDay, optionalNumber, requiredDay, requiredText } from './record-fields.js';

/**
 * One hospital or GP contact, as zod validates a record. Fields: `patientId` (required),
 * `date` (admission / attendance, required), `setting` (inpatient / ae / outpatient / gp or
 * a name in `SETTING_CODE_MAP`), `emergency` (admission method: a yes/no flag, emergency /
 * elective, or an NHS admission method code; blank = yes for A&E, no otherwise), optional
 * `dischargeDate` and/or `bedDays` (bed days default to discharge minus admission),
 * optional `primaryDiagnosis` (ICD-10, normalised to upper case without the dot; a code
 * that is not ICD-10-shaped is kept, not rejected) and optional `cost` (>= 0).
 *
 * The schema checks each field and the rules within one record (discharge before
 * admission, negative bed days). Rules that need the patients or the reference date are
 * applied by `loadPopulation`.
 *
 * @example
 * ActivityRecord.parse({ patientId: 'p1', date: '2024-03-01', setting: 'inpatient',
 *   emergency: '21', dischargeDate: '2024-03-05', primaryDiagnosis: 'j44.1' }).bedDays; // => 4
 */
export const ActivityRecord = /* @__PURE__ */ lazySchema(() => z.pipe(z
  .object({
    patientId: requiredText,
    date: requiredDay,
    setting: z.nullable(z.union([z.string(), z.number()])),
    emergency: z.nullable(z.optional(z.union([z.string(), z.number(), z.boolean()]))),
    dischargeDate: optionalDay,
    bedDays: z.nullable(z.optional(z.union([z.string(), z.number()]))),
    primaryDiagnosis: z.nullable(z.optional(z.union([z.string(), z.number()]))),
    cost: optionalNumber('invalid_number', 'is not a non-negative number'),
  }), z.transform((r, ctx) => {
    if (isBlank(r.setting)) {
      crossIssue(ctx, 'setting', 'missing_value', 'is required');
      return z.NEVER;
    }
    const setting = parseSettingCode(r.setting);
    if (setting < 0) {
      crossIssue(ctx, 'setting', 'unknown_setting', 'is not a known setting (see SETTING_CODE_MAP)');
      return z.NEVER;
    }
    const emergency = parseAdmissionMethod(r.emergency, setting === SETTING.ae ? 1 : 0);
    if (emergency < 0) crossIssue(ctx, 'emergency', 'invalid_admission_method', 'is not an admission method');
    let bedDays = setting === SETTING.inpatient ? Number.NaN : 0;
    if (!isBlank(r.bedDays)) {
      const x = parseDecimal(r.bedDays);
      if (Number.isNaN(x)) crossIssue(ctx, 'bedDays', 'invalid_number', NOT_A_DECIMAL);
      else if (x < 0) crossIssue(ctx, 'bedDays', 'negative_bed_days', 'is negative');
      bedDays = x;
    } else if (r.dischargeDate !== NO_DATE && setting === SETTING.inpatient) {
      bedDays = r.dischargeDate - r.date;
    }
    if (r.dischargeDate !== NO_DATE && r.dischargeDate < r.date) {
      crossIssue(ctx, 'dischargeDate', 'discharge_before_admission', 'is before the admission date');
    }
    const diagnosis = isBlank(r.primaryDiagnosis) ? '' : normaliseIcd10(String(r.primaryDiagnosis));
    return { patientId: r.patientId, date: r.date, setting, emergency, dischargeDate: r.dischargeDate, bedDays, primaryDiagnosis: diagnosis, cost: r.cost };
  })));

/** An activity record as you may pass it. */
export type ActivityRecord = z.input<typeof ActivityRecord>;
/** An activity record after validation: setting as a level, dates as day numbers. */
export type ParsedActivityRecord = z.output<typeof ActivityRecord>;
