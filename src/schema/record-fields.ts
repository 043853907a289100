// Internal zod building blocks shared by the record schemas. Each field schema runs the same
// parser the column-wise loader uses, so a record the schema accepts is a row the loader
// accepts (apart from the rules that need other rows or the reference date).
import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { NO_DATE } from '../core/dates.js';
import { addIssue } from '../core/options.js';
import { invalidDateMessage } from './invalid-date-message.js';
import { isBlank } from './is-blank.js';
import { parseDayValue } from './parse-day-value.js';
import { parseDecimal } from './parse-decimal.js';
import type { ValidationCode } from './validation-issue.js';

/** A raw scalar as it may come from a record, a CSV cell or an arquero column. */
export const RawScalar = /* @__PURE__ */ lazySchema(() => z.union([z.string(), z.number(), z.boolean(), z.date(), z.null(), z.undefined()]));

function reject(ctx: z.core.ParsePayload, reason: ValidationCode, message: string): typeof z.NEVER {
  addIssue(ctx, { message, params: { reason } });
  return z.NEVER;
}

/** Required non-blank text, trimmed (the key must be present; a blank value is `missing_value`). */
export const requiredText = /* @__PURE__ */ lazySchema(() => z.pipe(z.nullable(z.union([z.string(), z.number()])), z.transform((v, ctx) => {
  if (isBlank(v)) return reject(ctx, 'missing_value', 'is required');
  return String(v).trim();
})));

/** Optional text, trimmed, '' when blank. */
export const optionalText = /* @__PURE__ */ lazySchema(() => z.pipe(z.nullable(z.optional(z.union([z.string(), z.number()]))), z.transform((v) => (isBlank(v) ? '' : String(v).trim()))));

/** Required date -> day number (the key must be present). */
export const requiredDay = /* @__PURE__ */ lazySchema(() => z.pipe(z.nullable(z.union([z.string(), z.number(), z.date()])), z.transform((v, ctx) => {
  if (isBlank(v)) return reject(ctx, 'missing_value', 'is required');
  const d = parseDayValue(v);
  return Number.isNaN(d) ? reject(ctx, 'invalid_date', invalidDateMessage(v)) : d;
})));

/** Optional date -> day number or NO_DATE. */
export const optionalDay = /* @__PURE__ */ lazySchema(() => z.pipe(z.nullable(z.optional(z.union([z.string(), z.number(), z.date()]))), z.transform((v, ctx) => {
  if (isBlank(v)) return NO_DATE;
  const d = parseDayValue(v);
  return Number.isNaN(d) ? reject(ctx, 'invalid_date', invalidDateMessage(v)) : d;
})));

/** A coded field read by `parse` (which returns -1 for unknown values). */
export function codedField(parse: (v: unknown) => number, reason: ValidationCode, message: string) {
  return z.pipe(z.nullable(z.optional(z.union([z.string(), z.number(), z.boolean()]))), z.transform((v, ctx) => {
    const r = parse(v);
    return r < 0 ? reject(ctx, reason, message) : r;
  }));
}

/** Optional non-negative number (NaN when blank). */
export function optionalNumber(reason: ValidationCode, message: string) {
  return z.pipe(z.nullable(z.optional(z.union([z.string(), z.number()]))), z.transform((v, ctx) => {
    if (isBlank(v)) return Number.NaN;
    const x = parseDecimal(v);
    return Number.isFinite(x) && x >= 0 ? x : reject(ctx, reason, message);
  }));
}

/** Adds a cross-field issue with a reason code. */
export function crossIssue(ctx: z.core.ParsePayload, path: string, reason: ValidationCode, message: string): void {
  addIssue(ctx, { path: [path], message, params: { reason } });
}
