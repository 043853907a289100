/**
 * A schema built on first use. `lazySchema(() => z.strictObject({...}))` is the schema itself to
 * every caller (`.parse`, `.safeParse`, `.shape`, nesting in other schemas, `instanceof`), but
 * zod constructs it only when a property is first read: importing the library builds none of
 * its few hundred schemas (about half the core's import time), and a bundler can drop the
 * unused ones (the call is marked pure where it is made). Internal.
 *
 * @module
 */

/** `build()`'s value, built on first property access and then forwarded to. O(1) per access. */
export function lazySchema<T extends object>(build: () => T): T {
  let real: T | undefined;
  const get = (): T => (real ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(get(), key),
    set: (_, key, value) => Reflect.set(get(), key, value),
    has: (_, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    defineProperty: (_, key, d) => Reflect.defineProperty(get(), key, d),
    deleteProperty: (_, key) => Reflect.deleteProperty(get(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  });
}
