import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { NO_DATE } from '../core/dates.js';
import { crossIssue, optionalDay, requiredDay, requiredText } from './record-fields.js';

/**
 * One medication issue (optional input; later stages count concurrent medicines for
 * polypharmacy): `patientId`, `date` issued / started, optional `endDate` (not before
 * `date`), `code` (any drug code, e.g. dm+d, BNF or RxNorm; interned as given).
 *
 * @example
 * MedicationRecord.parse({ patientId: 'p1', date: '2024-01-10', code: '0212000B0' }).endDate === NO_DATE; // => true
 */
export const MedicationRecord = /* @__PURE__ */ lazySchema(() => z
  .object({ patientId: requiredText, date: requiredDay, endDate: optionalDay, code: requiredText }).check(z.superRefine((r, ctx) => {
    if (r.endDate !== NO_DATE && r.endDate < r.date) crossIssue(ctx, 'endDate', 'end_before_start', 'is before the start date');
  })));

/** A medication record as you may pass it. */
export type MedicationRecord = z.input<typeof MedicationRecord>;
/** A medication record after validation. */
export type ParsedMedicationRecord = z.output<typeof MedicationRecord>;
