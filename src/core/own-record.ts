/**
 * A record schema that reads own keys only. zod's `z.record` builds its output on a plain
 * object, so a key `__proto__` is dropped (it sets the prototype instead) and a key
 * `constructor` makes the input look like something other than a record; this schema treats
 * every key, those included, as an ordinary name. Internal.
 *
 * @module
 */
import * as z from 'zod/mini';
import { addIssue, safeParse } from './options.js';
import { ownValue, setOwn } from './own-value.js';

export { ownValue, setOwn };


/**
 * `{ key: value }` with every own value valid for `value` (checked, not transformed: the input
 * object is returned as it is), any key allowed. Problems carry the key in their path.
 * O(keys).
 */
export function ownRecord<T extends z.ZodMiniType>(value: T, what: string, key?: z.ZodMiniType<string>): z.ZodMiniType<Readonly<Record<string, z.output<T>>>, Readonly<Record<string, z.input<T>>>> {
  return z
    .custom<Readonly<Record<string, z.output<T>>>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v), { message: `expected ${what}` })
    .check(
      z.superRefine((rec, ctx) => {
        for (const k of Object.keys(rec)) {
          const kr = key === undefined ? undefined : safeParse(key, k);
          if (kr !== undefined && !kr.success) for (const issue of kr.error.issues) ctx.addIssue({ code: 'custom', path: [k], message: issue.message });
          const r = safeParse(value, ownValue(rec, k));
          if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: [k, ...issue.path], message: issue.message });
        }
      }),
    ) as unknown as z.ZodMiniType<Readonly<Record<string, z.output<T>>>, Readonly<Record<string, z.input<T>>>>;
}


/**
 * As {@link ownRecord}, for values whose schema fills defaults or transforms: the output is a
 * new object holding each own key (any key, `__proto__` too) with its parsed value. O(keys).
 */
export function ownRecordParsed<T extends z.ZodMiniType>(value: T, what: string): z.ZodMiniType<Readonly<Record<string, z.output<T>>>, Readonly<Record<string, z.input<T>>>> {
  return z.pipe(
    z.custom<Readonly<Record<string, z.input<T>>>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v), { message: `expected ${what}` }),
    z.transform((rec, ctx) => {
      const out: Record<string, z.output<T>> = {};
      for (const k of Object.keys(rec)) {
        const r = safeParse(value, ownValue(rec, k));
        if (r.success) setOwn(out, k, r.data as z.output<T>);
        else for (const issue of r.error.issues) addIssue(ctx, { path: [k, ...issue.path], message: issue.message });
      }
      return out;
    }),
  ) as unknown as z.ZodMiniType<Readonly<Record<string, z.output<T>>>, Readonly<Record<string, z.input<T>>>>;
}
