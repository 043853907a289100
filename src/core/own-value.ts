/**
 * Own-property reads and writes for records keyed by anything (`__proto__` and `constructor`
 * included), apart from the zod schemas in `own-record.ts` so that the steps that need only
 * these (`selectCohort`, `evaluateScores`) bundle without zod. Internal.
 *
 * @module
 */

/** The value of `rec`'s own property `key`, never one inherited from the prototype. */
export function ownValue<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? (Object.getOwnPropertyDescriptor(rec, key)!.value as T) : undefined;
}

/**
 * Sets `rec[key] = value` as an own, enumerable property, whatever the key: an assignment
 * with a key `__proto__` would set the prototype instead of adding the entry. O(1).
 */
export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
