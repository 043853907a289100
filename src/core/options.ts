import type { z } from 'zod';
import { fail } from './errors.js';

/**
 * Validates `input` against a zod schema at a public boundary, filling defaults. A failure
 * throws a `RiskStratifyError` (code `invalid_options`) naming the function, the field and
 * the value.
 */
export function parseOptions<S extends z.ZodType>(fn: string, schema: S, input: unknown, root = 'options'): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = [root, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  let value: unknown = input;
  for (const key of issue.path) {
    if (value === null || typeof value !== 'object') {
      value = undefined;
      break;
    }
    value = (value as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
  return fail({ fn, code: 'invalid_options', path, value, message: issue.message });
}
