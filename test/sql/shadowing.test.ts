import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures } from '../../src/features/build-features.js';
import { buildOutcomes } from '../../src/features/build-outcomes.js';
import { featuresToSQL, INTERNAL_CTES } from '../../src/sql/features-sql.js';
import { outcomesToSQL } from '../../src/sql/outcomes-sql.js';
import { eligibilityToSQL } from '../../src/sql/eligibility-sql.js';
import { thrown } from '../helpers/thrown.js';
import { loadDuckDB, numeric, populationTables, useDuckDB } from '../helpers/warehouse-tables.js';
import { edgePopulation, EDGE_AS_OF } from './edge-population.js';
import { differences, sqlOptionsFor } from './feature-compare.js';

// Every name the generated SQL makes for itself (columns, CTEs, table aliases), and output names,
// given to the caller's columns: results must not change.
const INTERNAL = ['rs_id', 'rs_birth', 'rs_age', 'rs_sex', 'rs_imd', 'rs_care_home', 'rs_reg_from', 'rs_reg_to', 'rs_death', 'rs_opted_out', 'rs_practice', 'rs_day', 'rs_end', 'rs_setting', 'rs_emergency', 'rs_bed_days', 'rs_valid_dx', 'rs_acsc', 'rs_key', 'rs_name', 'rs_flag', 'rs_counted', 'rs_deficit', 'rs_w0', 'rs_meds', 'rs_limit', 'rs_died', 'rs_left', 'rs_reason'];
const ALIASES = ['src', 'p', 'a', 'c', 'm', 'k', 'w', 'e', 'age', 'emergency_admissions', 'efi', 'died', 'included', ...INTERNAL_CTES];
const FIELDS = ['person_id', 'practice', 'birth_date', 'sex', 'imd_decile', 'care_home', 'registered_from', 'registered_to', 'death_date', 'opted_out', 'date', 'discharge_date', 'setting', 'emergency', 'bed_days', 'primary_diagnosis', 'cluster', 'resolved_date', 'code', 'start_date', 'end_date'];

function renaming(names: readonly string[], shift: number): Record<string, string> {
  return Object.fromEntries(FIELDS.map((f, j) => [f, names[(j + shift) % names.length]!]));
}
function columnsFor(r: Record<string, string>) {
  return {
    patients: { id: r['person_id']!, practice: r['practice']!, birthDate: r['birth_date']!, sex: r['sex']!, imdDecile: r['imd_decile']!, careHome: r['care_home']!, registeredFrom: r['registered_from']!, registeredTo: r['registered_to']!, deathDate: r['death_date']!, optedOut: r['opted_out']! },
    activity: { id: r['person_id']!, date: r['date']!, endDate: r['discharge_date']!, setting: r['setting']!, emergency: r['emergency']!, bedDays: r['bed_days']!, diagnosis: r['primary_diagnosis']! },
    conditions: { id: r['person_id']!, cluster: r['cluster']!, date: r['date']!, resolvedDate: r['resolved_date']! },
    medications: { id: r['person_id']!, code: r['code']!, date: r['start_date']!, endDate: r['end_date']! },
  };
}

describe('caller columns named like every internal name change nothing (DuckDB)', () => {
  const duck = useDuckDB();
  const pop = edgePopulation();
  const tables = { patients: 'x.rs_people', activity: 'x.rs_activity', conditions: 'x.rs_conditions', medications: 'x.rs_medications' };
  const cases: [string, Record<string, string>][] = [
    ...[0, 7, 13, 21].map((shift) => [`internal column names (rotation ${shift})`, renaming(INTERNAL, shift)] as [string, Record<string, string>]),
    ['aliases, CTE and output names', renaming(ALIASES, 0)],
    ['aliases, CTE and output names, rotated', renaming(ALIASES, 5)],
  ];
  for (const [what, rename] of cases) {
    it(`${what}: features, outcomes and eligibility as with the default names`, async () => {
      await duck().run('CREATE SCHEMA IF NOT EXISTS x');
      const specs = populationTables(pop, rename, 'x.rs_');
      const real = { patients: 'x.rs_people', activity: 'x.rs_activity', conditions: 'x.rs_conditions', medications: 'x.rs_medications' };
      for (const [t, name] of specs.map((t, j) => [t, Object.values(real)[j]!] as const)) {
        await duck().run(`CREATE OR REPLACE TABLE ${name} AS SELECT 1 AS dummy WHERE 1 = 0`);
        await loadDuckDB(duck(), { ...t, name: 'tmp_load' });
        await duck().run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM tmp_load`);
      }
      const columns = columnsFor(rename);
      const idName = rename['person_id']!;
      const f = buildFeatures(pop, { asOf: EDGE_AS_OF, conditionClusters: sqlOptionsFor(pop, EDGE_AS_OF).conditionClusters });
      const fs = featuresToSQL({ ...sqlOptionsFor(pop, EDGE_AS_OF), tables, columns });
      const rows = numeric((await duck().runAndReadAll(fs.select)).getRowObjectsJS() as Record<string, unknown>[], idName);
      expect(differences(f, rows)).toEqual([]);
      const o = buildOutcomes(pop, { asOf: EDGE_AS_OF });
      const orows = numeric((await duck().runAndReadAll(outcomesToSQL({ dialect: 'duckdb', asOf: EDGE_AS_OF, tables, columns }).select)).getRowObjectsJS() as Record<string, unknown>[], idName);
      o.rowIds.forEach((id, r) => expect([orows.get(id)!['emergency_admissions'], orows.get(id)!['bed_days'], orows.get(id)!['died']]).toEqual([o.emergencyAdmissions[r], o.bedDays[r], o.died[r]]));
      const erows = (await duck().runAndReadAll(eligibilityToSQL({ dialect: 'duckdb', asOf: EDGE_AS_OF, tables, columns }).select)).getRowObjectsJS();
      expect(erows.filter((r) => r['eligible'] === 1).map((r) => r[idName]).sort()).toEqual(['p01', 'p03', 'p07', 'p09', 'p10', 'p13', 'p14', 'p15', 'p16', 'p17', 'p18', 'p19', 'p20']);
    });
  }
  it('a caller table named like an internal CTE (unqualified) is refused, naming it', () => {
    const e = thrown(() => featuresToSQL({ ...sqlOptionsFor(pop, EDGE_AS_OF), tables: { patients: 'rs_people', activity: 'a', conditions: 'c' } }));
    expect(e).toMatchObject({ code: 'invalid_options', path: ['options', 'tables', 'patients'], value: 'rs_people' });
  });
  it('an id column named like a feature is refused', () => {
    const e = thrown(() => featuresToSQL({ ...sqlOptionsFor(pop, EDGE_AS_OF), columns: { patients: { id: 'age' } } }));
    expect(e).toMatchObject({ code: 'invalid_options', path: ['options', 'columns', 'patients', 'id'] });
  });
  it('caller text never reaches the SQL unquoted: a cluster name and a table name with quotes', () => {
    const sql = featuresToSQL({ ...sqlOptionsFor(pop, EDGE_AS_OF), clusterNames: ["x'); DROP TABLE patients; --"], tables: { patients: 's.pa"t', activity: 'a', conditions: 'c' } }).select;
    expect(sql).toContain(`'x''); DROP TABLE patients; --'`);
    expect(sql).toContain('"s"."pa""t"');
  });
});
