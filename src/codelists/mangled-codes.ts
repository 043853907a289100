/**
 * Codes a spreadsheet or a float conversion has rewritten beyond repair: scientific notation
 * (`1.95967E+08`) or a SNOMED CT id longer than a double holds exactly that ends in zeros after
 * a float round trip cannot be told from a real id, so only the scientific form is caught.
 * Such codes are in no list and their digits are lost: the extract's code column must be
 * exported as text. Internal. O(codes).
 */
export function mangledCodes(codes: Iterable<string>): string[] {
  const out: string[] = [];
  for (const c of codes) if (/^[0-9](?:\.[0-9]+)?e\+?[0-9]+$/i.test(c.trim())) out.push(c);
  return out;
}

/** The sentence a load warning gives for {@link mangledCodes}. Internal. */
export function mangledCodesMessage(mangled: readonly string[]): string {
  return `conditions: ${mangled.length} code(s) are numbers in scientific notation (${mangled.slice(0, 3).join(', ')}): a spreadsheet or a float conversion rewrote them and their digits are lost, so they match no list. Export the code column as text (SNOMED CT ids have up to 18 digits, more than a float holds) and load again.`;
}
