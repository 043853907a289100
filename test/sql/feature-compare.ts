import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSyntheaTables } from '../../src/data/from-synthea-tables.js';
import type { Population } from '../../src/core/population.js';
import type { FeatureSet } from '../../src/features/build-features.js';
import { clusterKey } from '../../src/codelists/cluster-key.js';
import type { FeaturesSqlOptions } from '../../src/sql/features-sql.js';

/** The committed Synthea export (111 people), through fromSyntheaTables. */
const syntheaDir = fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url));
const text = (name: string): string => readFileSync(join(syntheaDir, name), 'utf8');
export const synthea = fromSyntheaTables({ patients: text('patients.csv'), encounters: text('encounters.csv'), conditions: text('conditions.csv'), medications: text('medications.csv') }, { referenceDate: '2023-10-16' }).population;


/** The test tables' names (see test/helpers/warehouse-tables.ts). */
export const TABLES = { patients: 'patients', activity: 'activity', conditions: 'conditions' } as const;

/** The SQL options matching a buildFeatures call on `pop`. */
export function sqlOptionsFor(pop: Population, asOf: string, extra: Partial<FeaturesSqlOptions> = {}): FeaturesSqlOptions {
  return {
    dialect: 'duckdb', asOf, conditionClusters: [...new Set(pop.conditions.codes.map(clusterKey))].filter((k) => k !== '' && !k.startsWith('efi_')).sort(),
    clusterNames: [...pop.conditions.codes],
    tables: { ...TABLES, ...(pop.medications ? { medications: 'medications' } : {}) },
    ...extra,
  };
}

/** Every value of every feature equal, person by person; returns the differences (at most 20). */
export function differences(f: FeatureSet, rows: Map<string, Record<string, number>>, tolerance: Record<string, number> = {}): string[] {
  const out: string[] = [];
  if (rows.size !== f.n) out.push(`rows: SQL ${rows.size}, buildFeatures ${f.n}`);
  for (let r = 0; r < f.n && out.length < 20; r++) {
    const row = rows.get(f.rowIds[r]!);
    if (row === undefined) {
      out.push(`${f.rowIds[r]}: missing from SQL`);
      continue;
    }
    f.names.forEach((nm, j) => {
      const lib = f.columns[j]![r]!;
      const tol = Object.entries(tolerance).find(([p]) => nm.startsWith(p))?.[1] ?? 0;
      if (!(Math.abs(row[nm]! - lib) <= tol) && out.length < 20) out.push(`${f.rowIds[r]} ${nm}: SQL ${row[nm]}, buildFeatures ${lib}`);
    });
  }
  return out;
}

