import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { NO_DATE } from '../core/dates.js';
import { crossIssue, optionalDay, requiredDay, requiredText } from './record-fields.js';

/**
 * One long-term condition, as zod validates a record: `patientId`, `code` (a condition
 * cluster such as `COPD`, `heart_failure`, `dementia`, or a clinical code that
 * `loadPopulation` maps through the `conditionCodes` option), `date` recorded, optional
 * `resolvedDate` (not before `date`).
 *
 * @example
 * ConditionRecord.parse({ patientId: 'p1', code: 'COPD', date: '2019-05-01' }).code; // => 'COPD'
 */
export const ConditionRecord = /* @__PURE__ */ lazySchema(() => z
  .object({ patientId: requiredText, code: requiredText, date: requiredDay, resolvedDate: optionalDay }).check(z.superRefine((r, ctx) => {
    if (r.resolvedDate !== NO_DATE && r.resolvedDate < r.date) crossIssue(ctx, 'resolvedDate', 'end_before_start', 'is before the recorded date');
  })));

/** A condition record as you may pass it. */
export type ConditionRecord = z.input<typeof ConditionRecord>;
/** A condition record after validation. */
export type ParsedConditionRecord = z.output<typeof ConditionRecord>;
