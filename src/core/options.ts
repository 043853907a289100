import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { fail } from './errors.js';

let english: z.core.$ZodErrorMap | undefined;

/**
 * `schema.safeParse(input)` with zod's English messages ("Invalid input: expected number,
 * received string"), whatever locale the user's own zod is configured with: `zod/mini` loads no
 * locale and the library never sets zod's global config. Internal.
 */
export function safeParse<S extends z.core.$ZodType>(schema: S, input: unknown): z.core.util.SafeParseResult<z.output<S>> {
  english ??= en().localeError;
  return z.safeParse(schema, input, { error: english });
}

/**
 * Adds a custom problem to a zod check or transform in progress (`zod/mini`'s transforms get
 * the bare parse payload, with no `addIssue`). Internal.
 */
export function addIssue(ctx: z.core.ParsePayload, issue: { message: string; path?: PropertyKey[]; params?: Record<string, unknown> }): void {
  ctx.issues.push({ code: 'custom', input: ctx.value, ...issue });
}

/**
 * Validates `input` against a zod schema at a public boundary, filling defaults. A failure
 * throws a `RiskStratifyError` (code `invalid_options`) naming the function, the field and
 * the value.
 */
export function parseOptions<S extends z.core.$ZodType>(fn: string, schema: S, input: unknown, root = 'options'): z.output<S> {
  const parsed = safeParse(schema, input ?? {});
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
