import { lazySchema } from '../core/lazy-schema.js';
import { safeParse } from '../core/options.js';
import * as z from 'zod/mini';
import { CodeList, type ParsedCodeList } from './code-list.js';
import { codeListError } from './code-list-error.js';
import { hasCodeShape } from './code-shape.js';
import { normaliseCode } from './normalise-code.js';

const FN = 'parseCodeListsJson';
const Plain = /* @__PURE__ */ lazySchema(() => z.array(CodeList));
const Wrapped = /* @__PURE__ */ lazySchema(() => z.strictObject({ lists: z.array(CodeList) }));

/**
 * Parses code lists from JSON: an array of {@link CodeList} objects, or `{ lists: [...] }`.
 * Each list is zod-validated; every code must have its system's shape.
 *
 * @param text - The JSON text.
 * @param file - The file name, for errors.
 * @returns The code lists, codes normalised (ICD-10 upper case without the dot).
 * @throws RiskStratifyError `invalid_input` naming the file and the list (row = list number, 1-based): not JSON, a list
 *   that is not a code list, or a code not of its system's shape.
 * @example
 * parseCodeListsJson('[{"cluster":"copd","system":"icd10","codes":["J44"],"source":"QOF","version":"49"}]', 'lists.json')[0]!.codes; // => ['J44']
 */
export function parseCodeListsJson(text: string, file: string): ParsedCodeList[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return codeListError(FN, file, 0, '', undefined, `is not JSON (${(e as Error).message})`);
  }
  return validateCodeLists(FN, doc, file);
}

/** Validates code lists given as data (`{ lists }` or an array); `file` names them in errors. Internal. */
export function validateCodeLists(fn: string, doc: unknown, file: string): ParsedCodeList[] {
  const wrapped = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'lists' in doc;
  const parsed = safeParse((wrapped ? Wrapped : Plain), doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p) => typeof p !== 'symbol');
    const at = path.findIndex((p) => typeof p === 'number');
    const row = at >= 0 ? (path[at] as number) + 1 : 0;
    const field = at >= 0 ? path.slice(at + 1).join('.') : '';
    return codeListError(fn, file, row, field, undefined, row > 0 ? `list ${field} ${issue.message}`.replace(/\s+/g, ' ') : `is not an array of code lists or { lists: [...] } (${issue.message})`);
  }
  const lists = Array.isArray(parsed.data) ? parsed.data : (parsed.data as { lists: ParsedCodeList[] }).lists;
  return lists.map((l, i) => {
    const norm = (codes: readonly string[], field: string): string[] => {
      const out = [...new Set(codes.map((c) => normaliseCode(l.system, c)))];
      const bad = out.find((c) => !hasCodeShape(l.system, c));
      if (bad !== undefined) codeListError(fn, file, i + 1, field, bad, `list '${l.cluster}': ${JSON.stringify(bad)} is not a ${l.system} code`);
      return out;
    };
    return { ...l, codes: norm(l.codes, 'codes'), ...(l.resolvedCodes ? { resolvedCodes: norm(l.resolvedCodes, 'resolvedCodes') } : {}) };
  });
}
