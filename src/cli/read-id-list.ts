import { readFileSync } from 'node:fs';
import { CliError } from './errors.js';

/**
 * Reads a list of person ids for an exclusion (already case-managed, end-of-life register):
 * either one id per line, or a CSV whose header has an `id` (or `patientId`) column. Blank
 * lines are skipped. O(file size).
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
  const col = header.length > 1 || ['id', 'patientId', 'patient_id'].includes(header[0] ?? '')
    ? header.findIndex((h) => h === 'id' || h === 'patientId' || h === 'patient_id')
    : -1;
  if (header.length > 1 && col < 0) throw new CliError(`${path}, row 0: an id list with several columns needs an 'id' column; got ${header.join(', ')}`);
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
