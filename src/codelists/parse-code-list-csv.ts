import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { parseOptions } from '../core/options.js';
import { parseCsv } from '../data/parse-csv.js';
import { CODE_SYSTEMS, CodeSystemSchema, toCodeSystem, type CodeSystem, type ParsedCodeList } from './code-list.js';
import { codeListError } from './code-list-error.js';
import { hasCodeShape } from './code-shape.js';
import { normaliseCode } from './normalise-code.js';

const FN = 'parseCodeListCsv';

/** Options of {@link parseCodeListCsv}: the file name for errors and defaults for absent columns. */
export const CodeListCsvOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    file: z.string().check(z.minLength(1)),
    /** The system of rows without a `system` column (required when there is none). */
    system: z.optional(CodeSystemSchema),
    source: z.optional(z.string().check(z.trim(), z.minLength(1))),
    version: z._default(z.string().check(z.trim(), z.minLength(1)), 'unversioned'),
  })).shape));
/** Options of {@link parseCodeListCsv}, as you may pass them. */
export type CodeListCsvOptions = z.input<typeof CodeListCsvOptions>;

/**
 * Parses code lists in the long form many ICBs keep: one row per code with columns
 * `cluster,code` and optionally `system` (`snomed`, `read2`, `ctv3`, `icd10`, `local`) and
 * `role` (`diagnosis`, the default, or `resolved`). Rows are grouped into one list per
 * cluster and system, in first-seen order. O(length of the text).
 *
 * @param text - The CSV text.
 * @param options - See {@link CodeListCsvOptions}.
 * @returns The code lists.
 * @throws RiskStratifyError `invalid_input` naming the file and row: a missing `cluster` or
 *   `code` column, a malformed row, a blank cluster or code, an unknown system or role, or a
 *   code not of its system's shape.
 * @example
 * parseCodeListCsv('cluster,code,system\nasthma,195967001,snomed\nckd,127013003,snomed\ndiabetes,127013003,snomed\n', { file: 'lists.csv' })
 *   .map((l) => l.cluster); // => ['asthma', 'ckd', 'diabetes']
 */
export function parseCodeListCsv(text: string, options: CodeListCsvOptions): ParsedCodeList[] {
  const o = parseOptions(FN, CodeListCsvOptions, options);
  const t = parseCsv(text);
  const first = t.issues[0];
  if (first) codeListError(FN, o.file, first.row, '', undefined, first.message);
  const find = (name: string): string[] | undefined => {
    const c = t.header.findIndex((h) => h.trim().toLowerCase() === name);
    return c < 0 ? undefined : t.columns[c];
  };
  const cluster = find('cluster');
  const code = find('code');
  const system = find('system');
  const role = find('role');
  if (!cluster || !code) codeListError(FN, o.file, 0, cluster ? 'code' : 'cluster', t.header.join(','), `needs 'cluster' and 'code' columns (columns: ${t.header.join(', ') || 'none'})`);
  if (!system && !o.system) codeListError(FN, o.file, 0, 'system', t.header.join(','), "has no 'system' column: give the system of every row with the system option");
  const lists = new Map<string, { cluster: string; system: CodeSystem; codes: Set<string>; resolved: Set<string> }>();
  for (let r = 0; r < t.rows; r++) {
    const cl = cluster[r]!.trim();
    if (!/[A-Za-z0-9]/.test(cl)) codeListError(FN, o.file, r + 1, 'cluster', cluster[r], 'has no cluster name');
    const sys: CodeSystem | undefined = system ? toCodeSystem(system[r]!) : o.system!;
    if (sys === undefined) codeListError(FN, o.file, r + 1, 'system', system?.[r], `is not one of ${CODE_SYSTEMS.join(', ')}`);
    const c = normaliseCode(sys, code[r]!);
    if (c === '') codeListError(FN, o.file, r + 1, 'code', code[r], 'has a blank code');
    if (!hasCodeShape(sys, c)) codeListError(FN, o.file, r + 1, 'code', code[r], `is not a ${sys} code`);
    const ro = role ? role[r]!.trim().toLowerCase() || 'diagnosis' : 'diagnosis';
    if (ro !== 'diagnosis' && ro !== 'resolved') codeListError(FN, o.file, r + 1, 'role', role?.[r], "is neither 'diagnosis' nor 'resolved'");
    const key = `${sys}\u0000${cl}`;
    let l = lists.get(key);
    if (!l) lists.set(key, (l = { cluster: cl, system: sys, codes: new Set(), resolved: new Set() }));
    (ro === 'resolved' ? l.resolved : l.codes).add(c);
  }
  return [...lists.values()].map((l) => ({
    cluster: l.cluster, system: l.system, codes: [...l.codes],
    ...(l.resolved.size > 0 ? { resolvedCodes: [...l.resolved] } : {}),
    source: o.source ?? o.file, version: o.version,
  }));
}
