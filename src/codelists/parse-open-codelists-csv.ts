import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { parseOptions } from '../core/options.js';
import { parseCsv } from '../data/parse-csv.js';
import { CodeSystemSchema, type ParsedCodeList } from './code-list.js';
import { codeListError } from './code-list-error.js';
import { hasCodeShape } from './code-shape.js';
import { normaliseCode } from './normalise-code.js';

const FN = 'parseOpenCodelistsCsv';
/** Code columns looked for, in order, when `column` is not given (older downloads and other tools name it otherwise). */
const CODE_COLUMNS = ['code', 'id', 'snomedcode', 'snomed_code', 'snomed_id', 'conceptid', 'concept_id', 'ctv3_id', 'ctv3id', 'ctv3_code', 'readcode', 'read_code', 'icd10_code', 'icd_code', 'dmd_id', 'dmd_code'];

/**
 * What an OpenCodelists file is: the `cluster` it marks, its coding `system`, whether it
 * lists diagnosis codes or codes saying the condition has resolved (`role`, default
 * `'diagnosis'`), where it came from (`source`, default the file name) and its `version`
 * (default `'unversioned'`: give the version in the download's URL). `column` names the
 * code column when it is not `code` (older downloads use `id`, `ctv3_id`, `dmd_id`).
 */
export const OpenCodelistsMeta = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    file: z.string().check(z.minLength(1)),
    cluster: z.string().check(z.trim(), z.minLength(1), z.regex(/[A-Za-z0-9]/, 'has no letter or digit')),
    system: CodeSystemSchema,
    role: z._default(z.enum(['diagnosis', 'resolved']), 'diagnosis'),
    source: z.optional(z.string().check(z.trim(), z.minLength(1))),
    version: z._default(z.string().check(z.trim(), z.minLength(1)), 'unversioned'),
    column: z.optional(z.string().check(z.minLength(1))),
  })).shape));
/** The metadata of an OpenCodelists file, as you may pass it. */
export type OpenCodelistsMeta = z.input<typeof OpenCodelistsMeta>;

/**
 * Parses one code list downloaded from OpenCodelists (the "Download CSV" of a codelist
 * version): a `code` column (or, in older downloads, `id`, `ctv3_id`, `snomedcode`, ...),
 * with or without `term` and other columns, one code a row.
 * Every row must have a code of the system's shape (SNOMED CT 6-18 digits, Read v2/CTV3 5
 * characters, ICD-10 as `isIcd10Code` after normalising `J45.0` to `J450`); a repeated code
 * is kept once. Pure: takes the text; `readCodeLists` (risk-stratify/node) reads files.
 * O(length of the text).
 *
 * @param text - The CSV text.
 * @param meta - See {@link OpenCodelistsMeta}; `file` names the file in errors.
 * @returns One code list (`resolvedCodes` filled, `codes` empty, for `role: 'resolved'`).
 * @throws RiskStratifyError `invalid_input` naming the file and row: no code column, a
 *   malformed row, a blank code or a code not of the system's shape; `invalid_options` for bad metadata.
 * @example
 * const list = parseOpenCodelistsCsv('code,term\n195967001,Asthma\n', { file: 'ast_cod.csv', cluster: 'asthma', system: 'snomed', version: '20200812' });
 * list.codes; // => ['195967001']
 */
export function parseOpenCodelistsCsv(text: string, meta: OpenCodelistsMeta): ParsedCodeList {
  const m = parseOptions(FN, OpenCodelistsMeta, meta, 'meta');
  const table = parseCsv(text);
  const first = table.issues[0];
  if (first) codeListError(FN, m.file, first.row, '', undefined, first.message);
  const wanted = m.column ? [m.column] : CODE_COLUMNS;
  const lower = table.header.map((h) => h.trim().toLowerCase());
  const c = wanted.map((w) => lower.indexOf(w.toLowerCase())).find((i) => i >= 0) ?? -1;
  const want = c >= 0 ? table.header[c]! : wanted[0]!;
  if (c < 0) codeListError(FN, m.file, 0, want, table.header.join(','), `has no '${want}' column (columns: ${table.header.join(', ') || 'none'}); an OpenCodelists download has 'code' (and 'term'), or name the column with column`);
  const seen = new Set<string>();
  const codes: string[] = [];
  const col = table.columns[c]!;
  for (let r = 0; r < table.rows; r++) {
    const raw = col[r]!;
    const code = normaliseCode(m.system, raw);
    if (code === '') codeListError(FN, m.file, r + 1, want, raw, 'has a blank code');
    if (!hasCodeShape(m.system, code)) codeListError(FN, m.file, r + 1, want, raw, `is not a ${m.system} code`);
    if (!seen.has(code)) {
      seen.add(code);
      codes.push(code);
    }
  }
  const base = { cluster: m.cluster, system: m.system, source: m.source ?? m.file, version: m.version };
  return m.role === 'resolved' ? { ...base, codes: [], resolvedCodes: codes } : { ...base, codes };
}
