import { dirname, resolve } from 'node:path';
import { loadCodeLists } from '../codelists/load-code-lists.js';
import type { CodeLists } from '../codelists/code-list.js';
import { readTextFile } from './read-text-file.js';

const FN = 'readCodeLists';

/**
 * Reads code lists from disk: a manifest (JSON, `{ files: [{ file, cluster, system, role?,
 * source?, version? }] }`, see `CodeListManifest`) and the files it names, relative to the
 * manifest's folder; a single `.json` code-list file (an array of code lists) is read as it is.
 * OpenCodelists downloads, the long `cluster,code[,system]` CSV and JSON may be mixed.
 *
 * @param path - The manifest, or a JSON file of code lists.
 * @returns Code lists for `loadPopulation`'s `codeLists` option.
 * @throws RiskStratifyError `file_unreadable` for a file that cannot be read; `invalid_input`
 *   naming the file and row of a malformed list (see `loadCodeLists`).
 * @example
 * const codeLists = await readCodeLists('codelists/manifest.json');
 * loadPopulation(extract, { codeLists, extractDate: '2024-03-31' });
 */
export async function readCodeLists(path: string): Promise<CodeLists> {
  const text = await readTextFile(FN, path);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  if (Array.isArray(doc) || (typeof doc === 'object' && doc !== null && 'lists' in doc)) {
    return loadCodeLists({ manifest: { files: [{ file: path, format: 'json' }] }, files: { [path]: text }, manifestFile: path });
  }
  const names = typeof doc === 'object' && doc !== null && Array.isArray((doc as { files?: unknown }).files)
    ? ((doc as { files: unknown[] }).files).map((f) => (typeof f === 'object' && f !== null ? (f as { file?: unknown }).file : undefined)).filter((f): f is string => typeof f === 'string')
    : [];
  const dir = dirname(path);
  const files: Record<string, string> = {};
  for (const name of names) if (files[name] === undefined) files[name] = await readTextFile(FN, resolve(dir, name));
  return loadCodeLists({ manifest: text, files, manifestFile: path });
}
