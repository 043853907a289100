import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { fromSyntheaTables, type SyntheaOptions, type SyntheaResult, type SyntheaTables } from '../data/from-synthea-tables.js';
import { readTextFile } from './read-text-file.js';

const FN = 'fromSynthea';

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Node only (`risk-stratify/node`): reads a Synthea CSV export directory (`patients.csv`
 * and `encounters.csv` required; `conditions.csv` and `medications.csv` used when present)
 * and maps it with `fromSyntheaTables` (see there for the mapping rules).
 *
 * @param dir - The export directory (Synthea's `output/csv`).
 * @param options - See `SyntheaOptions`.
 * @returns A promise of the `loadPopulation` result plus `synthea` (what was skipped, why).
 * @throws RiskStratifyError `file_unreadable` naming the file when a required file is
 *   missing or unreadable; `missing_column` when a table is not in Synthea's layout.
 * @example
 * const r = await fromSynthea('output/csv', { referenceDate: '2023-10-16', practice: 'single' });
 * r.synthea.skippedConditions.finding; // => rows like "Full-time employment (finding)"
 * r.population.provenance.optOuts;     // => 'synthetic'
 * r.population.practices;              // => ['SYNTHEA']
 */
export async function fromSynthea(dir: string, options?: SyntheaOptions): Promise<SyntheaResult> {
  const optional = async (name: string) => {
    const path = join(dir, name);
    return (await exists(path)) ? readTextFile(FN, path) : undefined;
  };
  // Read in parallel, but report a failure in a fixed order (patients first), not whichever
  // read happened to fail first.
  const [p, e, c, m] = await Promise.allSettled([
    readTextFile(FN, join(dir, 'patients.csv')), readTextFile(FN, join(dir, 'encounters.csv')),
    optional('conditions.csv'), optional('medications.csv'),
  ]);
  for (const r of [p, e, c, m]) if (r.status === 'rejected') throw r.reason;
  const value = <T>(r: PromiseSettledResult<T>): T => (r as PromiseFulfilledResult<T>).value;
  const tables: SyntheaTables = { patients: value(p), encounters: value(e) };
  const conditions = value(c);
  const medications = value(m);
  if (conditions !== undefined) tables.conditions = conditions;
  if (medications !== undefined) tables.medications = medications;
  return fromSyntheaTables(tables, options);
}
