import { safeParse } from '../core/options.js';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../core/errors.js';
import { PreviousRefreshJson, type PreviousRefresh } from '../refresh/index.js';

/** The file a refresh saves for next month, under its run folder's `internal/`. */
export const REFRESH_STATE_FILE = 'refresh-state.json';

/**
 * Last month's refresh, read back from its run folder (`<dir>/internal/refresh-state.json`,
 * as `risk-stratify refresh` writes it), from that `internal/` folder, or from the file
 * itself; pass it as `runMonthlyRefresh(population, { ..., previous })`.
 *
 * @param path - Last month's run folder (e.g. `output/2025-04`), its `internal/` folder, or the JSON file.
 * @returns The {@link PreviousRefresh}: last month's as-of date and, per variant, the ids selected and everyone ever selected.
 * @throws RiskStratifyError `invalid_input` when no state file is found or it is not a saved refresh.
 * @example
 * const previous = readPreviousRefresh('output/2025-04');
 * runMonthlyRefresh(population, { asOf: '2025-05-01', model, previous });
 */
export function readPreviousRefresh(path: string): PreviousRefresh {
  const FN = 'readPreviousRefresh';
  const candidates = existsSync(path) && statSync(path).isFile() ? [path] : [join(path, 'internal', REFRESH_STATE_FILE), join(path, REFRESH_STATE_FILE)];
  const file = candidates.find((f) => existsSync(f));
  if (file === undefined) {
    fail({ fn: FN, code: 'invalid_input', path: ['path'], value: path, message: `no ${REFRESH_STATE_FILE} found (looked for ${candidates.join(', ')}): give last month's run folder as 'risk-stratify refresh' wrote it` });
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    fail({ fn: FN, code: 'invalid_input', path: ['path'], value: file, message: `not JSON: ${(e as Error).message}` });
  }
  const parsed = safeParse(PreviousRefreshJson, json);
  if (!parsed.success) fail({ fn: FN, code: 'invalid_input', path: ['path'], value: file, message: `not a saved refresh: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  return parsed.data;
}
