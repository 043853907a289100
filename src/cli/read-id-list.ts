import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';
import { looseName, SOURCE_FIELDS } from '../data/source-fields.js';

/**
 * Header names of an id column, loosely (case and punctuation ignored), in the order they are
 * preferred: `id`, `patientId`, then the loader's person-id aliases (`nhs_pseudo_id`, ...).
 */
const ID_HEADERS: readonly string[] = (() => {
  const spec = SOURCE_FIELDS.activity.find((s) => s.name === 'patientId')!;
  return [...new Set(['id', spec.name, ...spec.aliases].map(looseName))];
})();

/** The column of `header` holding ids, by {@link ID_HEADERS} order; -1 when none. */
function idColumn(header: readonly string[]): number {
  const loose = header.map(looseName);
  for (const want of ID_HEADERS) {
    const k = loose.indexOf(want);
    if (k >= 0) return k;
  }
  return -1;
}

/**
 * Reads a list of person ids for an exclusion (already case-managed, end-of-life register):
 * either one id per line, or a CSV whose header has an id column: `id`, `patientId` or one of
 * the loader's person-id names (`nhs_pseudo_id`, `pseudo_nhs_number`, ...), case and
 * punctuation ignored, as the loader finds the id column. A one-column file whose first line
 * is such a name reads it as the header. Blank lines are skipped; ids are trimmed, and
 * `selectCohort` then matches them exactly (case included). O(file size).
 *
 * @throws CliError naming the file when it cannot be read, or the line of a ragged CSV row.
 */
export function readIdList(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read id list ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0]?.split(',').map((h) => h.trim().replace(/^"|"$/g, '')) ?? [];
  const col = idColumn(header);
  if (header.length > 1 && col < 0) throw new CliError(`${path}, row 0: an id list with several columns needs an id column ('id', 'patientId' or a person-id name such as nhs_pseudo_id); got ${header.join(', ')}`);
  const ids: string[] = [];
  for (let i = col >= 0 ? 1 : 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (col < 0) {
      ids.push(line.replace(/^"|"$/g, ''));
      continue;
    }
    const cells = line.split(',');
    if (cells.length !== header.length) throw new CliError(`${path}, row ${i}: has ${cells.length} fields but the header has ${header.length}`);
    ids.push(cells[col]!.trim().replace(/^"|"$/g, ''));
  }
  return ids;
}
