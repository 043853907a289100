// Internal: the codeLists and hospitalConditions options of loadPopulation.
import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import type { CodeList, CodeLists, ParsedCodeList } from './code-list.js';
import { isCodeLists } from './load-code-lists.js';
import { validateCodeLists } from './parse-code-lists-json.js';

/** `codeLists`: what `loadCodeLists` returns, or an array of code lists as data. */
export const CodeListsOption = /* @__PURE__ */ lazySchema(() => z.custom<CodeLists | readonly CodeList[]>(
  (v) => isCodeLists(v) || Array.isArray(v),
  'must be code lists from loadCodeLists or an array of { cluster, system, codes, resolvedCodes?, source, version }',
));

/** `hospitalConditions`: `true` to derive registers from every diagnosis column found by name, or the columns to read. */
export const HospitalConditionsOption = /* @__PURE__ */ lazySchema(() => z.union([
  z.boolean(),
  z.strictObject({ diagnosisColumns: z.optional(z.array(z.string().check(z.minLength(1)))) }),
]));

/** The lists of a `codeLists` option (validated when given as data). */
export function resolveCodeListsOption(v: CodeLists | readonly CodeList[] | undefined): readonly ParsedCodeList[] {
  if (v === undefined) return [];
  return isCodeLists(v) ? v.lists : validateCodeLists('loadPopulation', v, 'options.codeLists');
}
