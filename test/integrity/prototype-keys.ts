// The names every plain JavaScript object answers to: Object.prototype's own property names
// plus '__proto__' (an accessor on Object.prototype, listed by getOwnPropertyNames already, but
// named here in case an engine hides it). Not a test file.
export const PROTOTYPE_KEYS: readonly string[] = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];
