/**
 * Escapes text for HTML and SVG element content and quoted attribute values: `&`, `<`,
 * `>`, `"` and `'` become character references, so user data (a practice name, a segment
 * label) can never open a tag or close an attribute. O(length).
 *
 * @param text - any value; it is converted with `String()` first.
 * @returns the escaped string.
 * @example
 * escapeHtml('<b>"Dr A & B"</b>'); // => '&lt;b&gt;&quot;Dr A &amp; B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
