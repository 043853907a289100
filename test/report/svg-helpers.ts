// Test helpers: read marks out of our SVG strings without a DOM.

/** Every element with class="mark" (or the given class), as tag name plus attributes. */
export function elements(svg: string, cls = 'mark'): Array<{ tag: string; attrs: Record<string, string> }> {
  const out: Array<{ tag: string; attrs: Record<string, string> }> = [];
  for (const m of svg.matchAll(/<(\w+)\s([^>]*?)\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    if ((attrs['class'] ?? '').split(' ').includes(cls)) out.push({ tag: m[1]!, attrs });
  }
  return out;
}

/** Numeric attribute. */
export const num = (e: { attrs: Record<string, string> }, name: string): number => Number(e.attrs[name]);

/** Deep-freezes a value so a test fails if a function mutates its input. */
export function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x as object)) deepFreeze(v);
  }
  return x;
}
