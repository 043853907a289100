import { lazySchema } from '../core/lazy-schema.js';
import { safeParse } from '../core/options.js';
import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { CodeSystemSchema, type CodeList, type CodeLists, type ParsedCodeList } from './code-list.js';
import { codeListError } from './code-list-error.js';
import { parseCodeListCsv } from './parse-code-list-csv.js';
import { validateCodeLists, parseCodeListsJson } from './parse-code-lists-json.js';
import { parseOpenCodelistsCsv } from './parse-open-codelists-csv.js';

const FN = 'loadCodeLists';

const ManifestEntry = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    /** The file, relative to the manifest. */
    file: z.string().check(z.minLength(1)),
    /** `opencodelists` (one list a file: `code[,term]`), `long` (`cluster,code[,system][,role]`) or `json`; default by the file: `.json` is json, a CSV with a `cluster` column long, else opencodelists. */
    format: z.optional(z.enum(['opencodelists', 'long', 'json'])),
    cluster: z.optional(z.string().check(z.trim(), z.minLength(1))),
    system: z.optional(CodeSystemSchema),
    role: z.optional(z.enum(['diagnosis', 'resolved'])),
    source: z.optional(z.string().check(z.trim(), z.minLength(1))),
    version: z.optional(z.string().check(z.trim(), z.minLength(1))),
    column: z.optional(z.string().check(z.minLength(1))),
  })).shape));

/**
 * The small manifest that names each downloaded file: `{ files: [{ file, cluster, system,
 * role?, source?, version?, format?, column? }] }`. An OpenCodelists file needs `cluster` and
 * `system`; `role: 'resolved'` marks a list of resolved codes (OpenCodelists publishes them
 * as their own lists, e.g. `astres_cod` beside `ast_cod`).
 *
 * @example
 * CodeListManifest.parse({ files: [{ file: 'ast_cod.csv', cluster: 'asthma', system: 'snomed' }] }).files.length; // => 1
 */
export const CodeListManifest = /* @__PURE__ */ lazySchema(() => z.strictObject({ files: z.array(ManifestEntry).check(z.minLength(1)) }));
/** A manifest as you may pass it. */
export type CodeListManifest = z.input<typeof CodeListManifest>;

/** What {@link loadCodeLists} takes: code lists as data, or a manifest with the text of each file it names. */
export type CodeListInput =
  | readonly CodeList[]
  | { readonly manifest: CodeListManifest | string; readonly files: Readonly<Record<string, string>>; readonly manifestFile?: string };

/** How a file is read when the manifest does not say. Internal. */
export function formatOf(file: string, text: string): 'opencodelists' | 'long' | 'json' {
  if (/\.json$/i.test(file)) return 'json';
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/, 1)[0]!.toLowerCase().split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  return header.includes('cluster') ? 'long' : 'opencodelists';
}

/**
 * Loads code lists into the {@link CodeLists} that `loadPopulation` takes (`codeLists`
 * option): from code lists as data (zod-validated), or from a {@link CodeListManifest} and
 * the text of each file it names (OpenCodelists CSV, the long `cluster,code[,system]` CSV, or
 * JSON). Pure: `readCodeLists` (risk-stratify/node) reads the manifest and its files from disk.
 *
 * @param input - Lists, or `{ manifest, files }` (`files` by the name the manifest uses).
 * @returns The validated lists.
 * @throws RiskStratifyError `invalid_input` naming the file and row of the first bad line,
 *   or a manifest file that is not in `files`; `invalid_options` for a bad manifest.
 * @example
 * const lists = loadCodeLists({
 *   manifest: { files: [{ file: 'ast_cod.csv', cluster: 'asthma', system: 'snomed', version: '20200812' }] },
 *   files: { 'ast_cod.csv': 'code,term\n195967001,Asthma\n' },
 * });
 * lists.lists[0]!.cluster; // => 'asthma'
 */
export function loadCodeLists(input: CodeListInput): CodeLists {
  if (Array.isArray(input)) return freeze(validateCodeLists(FN, input, 'codeLists'));
  const given = input as Exclude<CodeListInput, readonly CodeList[]>;
  if (typeof given !== 'object' || given === null || given.manifest === undefined || typeof given.files !== 'object' || given.files === null) {
    return fail({ fn: FN, code: 'invalid_input', path: ['input'], value: input, message: 'takes an array of code lists or { manifest, files }' });
  }
  const manifestFile = given.manifestFile ?? 'manifest';
  let doc: unknown = given.manifest;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch (e) {
      return codeListError(FN, manifestFile, 0, '', undefined, `is not JSON (${(e as Error).message})`);
    }
  }
  const parsed = safeParse(CodeListManifest, doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const i = issue.path[1];
    return codeListError(FN, manifestFile, typeof i === 'number' ? i + 1 : 0, issue.path.slice(2).join('.'), undefined, `${issue.path.slice(2).join('.') || 'manifest'} ${issue.message}`);
  }
  const lists: ParsedCodeList[] = [];
  parsed.data.files.forEach((e, i) => {
    const text = given.files[e.file];
    if (text === undefined) codeListError(FN, manifestFile, i + 1, 'file', e.file, `names ${e.file}, which was not given`);
    const format = e.format ?? formatOf(e.file, text);
    if (format === 'json') lists.push(...parseCodeListsJson(text, e.file));
    else if (format === 'long') {
      lists.push(...parseCodeListCsv(text, { file: e.file, ...(e.system ? { system: e.system } : {}), ...(e.source ? { source: e.source } : {}), ...(e.version ? { version: e.version } : {}) }));
    } else {
      if (!e.cluster || !e.system) codeListError(FN, manifestFile, i + 1, e.cluster ? 'system' : 'cluster', e.file, `an OpenCodelists file (${e.file}) needs its cluster and system in the manifest`);
      lists.push(parseOpenCodelistsCsv(text, {
        file: e.file, cluster: e.cluster, system: e.system,
        ...(e.role ? { role: e.role } : {}), ...(e.source ? { source: e.source } : {}), ...(e.version ? { version: e.version } : {}), ...(e.column ? { column: e.column } : {}),
      }));
    }
  });
  return freeze(lists);
}

function freeze(lists: ParsedCodeList[]): CodeLists {
  return Object.freeze({ kind: 'code-lists' as const, lists: Object.freeze(lists.map((l) => Object.freeze({ ...l, codes: Object.freeze([...l.codes]) as string[] }))) });
}

/** Whether a value is a {@link CodeLists} from {@link loadCodeLists}. Internal. */
export function isCodeLists(v: unknown): v is CodeLists {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'code-lists' && Array.isArray((v as { lists?: unknown }).lists);
}
