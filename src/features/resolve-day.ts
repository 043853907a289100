import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { toDay } from '../core/dates.js';

/** A date accepted at a boundary: a day number, `yyyy-mm-dd` / `dd/mm/yyyy` text or a `Date`. Internal. */
export const DayInput = /* @__PURE__ */ lazySchema(() => z.union([z.number().check(z.int()), z.string(), z.date()]));

/** Turns a {@link DayInput} into a day number or throws `invalid_options`. Internal. */
export function resolveDay(fn: string, path: readonly (string | number)[], value: number | string | Date): number {
  const day = toDay(value);
  if (day === undefined || Math.abs(day) > 1e7) {
    fail({ fn, code: 'invalid_options', path, value, message: 'is not a date (use a day number, yyyy-mm-dd or a Date)' });
  }
  return day;
}
