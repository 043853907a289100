// risk-stratify sql: the monthly job as SQL from a site config's warehouse tables, and the
// errors a user gets for a missing or wrong option.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFeatures, buildOutcomes, fitRiskModel, generatePopulation, selectModelFeatures } from '../../src/index.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';
import { run, tempDir } from './helpers.js';

const dir = tempDir('rs-sql-');
const { population } = generatePopulation({ size: 1500, seed: 5 });
const past = buildFeatures(population, { asOf: '2023-03-01' });
const model = fitRiskModel(selectModelFeatures(past, ['age', 'ltc_count', 'emergency_admissions']).matrix, buildOutcomes(population, { asOf: '2023-03-01', rows: past.rows }).emergencyAdmission);
writeFileSync(join(dir, 'model.json'), JSON.stringify(model.toJSON()));

function site(name: string, extra: Record<string, unknown>): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({
    warehouse: {
      tables: { patients: 'analytics.gp_registrations', activity: 'analytics.activity', conditions: 'analytics.ltc', exclusions: 'analytics.exclusions', previousCohort: 'risk.cohort_2025_04' },
      columns: { patients: { id: 'nhs_pseudo_id', birthDate: 'dob' }, activity: { id: 'nhs_pseudo_id', date: 'admidate' } },
      exclusionLists: ['end of life', "Mrs O'Neil's list"],
    },
    variants: [{ name: 'top2', topPercent: 2 }, { name: 'top5', topPercent: 5, capacity: 40 }],
    ...extra,
  }));
  return path;
}

describe('risk-stratify sql', () => {
  beforeAll(async () => { await sqlParserReady(); });

  it('writes job.sql, one file per step, the manifest and dbt models, in the dialect asked', async () => {
    const out = join(dir, 'pg');
    const r = await run(['sql', '--config', site('site', {}), '--dialect', 'postgres', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', out]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^the monthly job as of 2025-05-01 for postgres: \d+ steps/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { steps: { name: string; file: string; dbtModel: string; dependsOn: string[] }[] };
    expect(manifest.steps.map((s) => s.name)).toContain('stratify_cohort');
    expect(manifest.steps.map((s) => s.name)).toContain('stratify_churn');
    // Bridges to Health by default.
    expect(manifest.steps.map((s) => s.name)).toEqual(expect.arrayContaining(['stratify_segments_1', 'stratify_segments']));
    expect(readFileSync(join(out, 'dbt/models/stratify_segments_1.sql'), 'utf8')).toContain("{{ ref('stratify_features') }}");
    for (const s of manifest.steps) {
      const text = readFileSync(join(out, s.file), 'utf8');
      expect(parseSql(text, 'postgres'), s.file).toBeGreaterThan(0);
      expect(existsSync(join(out, s.dbtModel)), s.dbtModel).toBe(true);
      // Every step it reads comes earlier in the order.
      for (const dep of s.dependsOn) expect(manifest.steps.findIndex((x) => x.name === dep)).toBeLessThan(manifest.steps.indexOf(s));
    }
    const job = readFileSync(join(out, 'job.sql'), 'utf8');
    expect(parseSql(job, 'postgres')).toBeGreaterThan(manifest.steps.length);
    // The caller's names quoted, never spliced: the list name with a quote is a literal, the dotted tables quoted part by part.
    expect(job).toContain(`'Mrs O''Neil''s list'`);
    expect(job).toContain('"analytics"."gp_registrations"');
    expect(job).toContain('"nhs_pseudo_id"');
    const dbt = readFileSync(join(out, 'dbt/models/stratify_scores.sql'), 'utf8');
    expect(dbt).toContain("{{ ref('stratify_features') }}");
    expect(dbt).toContain("{{ config(materialized='table') }}");
  });

  it('writes T-SQL that a real T-SQL parser reads', async () => {
    const out = join(dir, 'tsql');
    const r = await run(['sql', '--config', site('site', {}), '--dialect', 'tsql', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', out, '--json']);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as { dialect: string; files: string[] };
    expect(o.dialect).toBe('tsql');
    expect(parseSql(readFileSync(join(out, 'job.sql'), 'utf8'), 'tsql')).toBeGreaterThan(5);
  });

  it('refuses a missing or unknown dialect, a config without warehouse tables, and no --out (usage, exit 2)', async () => {
    const base = ['--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', join(dir, 'x')];
    const noDialect = await run(['sql', '--config', site('site', {}), ...base]);
    expect([noDialect.code, noDialect.err]).toEqual([2, expect.stringMatching(/give --dialect NAME \(duckdb, postgres, spark, tsql, snowflake\)/)]);
    const bad = await run(['sql', '--config', site('site', {}), '--dialect', 'mysql', ...base]);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/--dialect must be one of duckdb, postgres, spark, tsql, snowflake; got "mysql"/)]);
    const none = join(dir, 'none.json');
    writeFileSync(none, JSON.stringify({}));
    const noWarehouse = await run(['sql', '--config', none, '--dialect', 'duckdb', ...base]);
    expect([noWarehouse.code, noWarehouse.err]).toEqual([2, expect.stringMatching(/no warehouse tables: add "warehouse"/)]);
    const noOut = await run(['sql', '--config', site('site', {}), '--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json')]);
    expect([noOut.code, noOut.err]).toEqual([2, expect.stringMatching(/give --out DIR/)]);
  });

  it('names the field and value of a wrong warehouse option (exit 1)', async () => {
    const base = ['--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', join(dir, 'y')];
    const col = await run(['sql', '--config', site('badcol', { warehouse: { tables: { patients: 'p', activity: 'a', conditions: 'c' }, columns: { patients: { nhs_number: 'x' } } } }), ...base]);
    expect(col.code).toBe(1);
    expect(col.err).toMatch(/jobToSQL: .*options\.columns\.patients/);
    const lists = await run(['sql', '--config', site('nolists', { warehouse: { tables: { patients: 'p', activity: 'a', conditions: 'c', exclusions: 'e' } } }), ...base]);
    expect(lists.code).toBe(1);
    expect(lists.err).toMatch(/tables\.exclusions needs exclusionLists/);
    const noConditions = await run(['sql', '--config', site('nocond', { warehouse: { tables: { patients: 'p', activity: 'a' } } }), ...base]);
    expect(noConditions.code).toBe(1);
    expect(noConditions.err).toMatch(/field warehouse\.tables\.conditions/);
    const optOuts = await run(['sql', '--config', site('optouts', { warehouse: { tables: { patients: 'p', activity: 'a', conditions: 'c' } }, inputs: { columns: { patients: { optedOut: ['ndoo', 'type_1_opt_out'] } } } }), ...base]);
    expect(optOuts.code).toBe(1);
    expect(optOuts.err).toMatch(/inputs\.columns\.patients\.optedOut names several columns \(ndoo, type_1_opt_out\); the SQL reads one: give it in warehouse\.columns\.patients\.optedOut/);
  });

  it('writes the segmentations the config names: built-ins by name and a rules file; refuses an unknown one (exit 1)', async () => {
    const rulesFile = join(dir, 'site-rules.json');
    writeFileSync(rulesFile, JSON.stringify({ name: 'older or admitted', rules: [{ name: 'older', when: { feature: 'age', gte: 75 } }, { name: 'admitted', when: { feature: 'emergency_admissions', gte: 1 } }, { name: 'others' }] }));
    const tables = { patients: 'p', activity: 'a', conditions: 'c' };
    const out = join(dir, 'seg');
    const r = await run(['sql', '--config', site('seg', { warehouse: { tables, segmentations: ['frailty', rulesFile] } }), '--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', out]);
    expect([r.code, r.err]).toEqual([0, '']);
    const job = readFileSync(join(out, 'job.sql'), 'utf8');
    expect(job).toContain(`'older or admitted' AS "segmentation"`);
    expect(job).not.toContain(`'Bridges to Health'`);
    const none = await run(['sql', '--config', site('noseg', { warehouse: { tables, segmentations: [] } }), '--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', join(dir, 'noseg'), '--json']);
    expect((JSON.parse(none.out) as { steps: { name: string }[] }).steps.map((s) => s.name).filter((n) => n.includes('segments'))).toEqual([]);
    const bad = await run(['sql', '--config', site('badseg', { warehouse: { tables, segmentations: ['bridgez'] } }), '--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', join(dir, 'z')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/warehouse\.segmentations: "bridgez" is not a built-in \(bridges, age-conditions, frailty\)/);
  });

  it('takes the extract\'s column mapping (inputs.columns) when the warehouse gives none', async () => {
    const out = join(dir, 'mapped');
    const r = await run(['sql', '--config', site('mapped', { warehouse: { tables: { patients: 'p', activity: 'a', conditions: 'c' } }, inputs: { columns: { patients: { id: 'pseudo_nhs', practiceId: 'gp_code' }, activity: { patientId: 'pseudo_nhs', primaryDiagnosis: 'diag_01' } } } }), '--dialect', 'duckdb', '--as-of', '2025-05-01', '--model', join(dir, 'model.json'), '--out', out]);
    expect(r.code).toBe(0);
    const job = readFileSync(join(out, 'job.sql'), 'utf8');
    expect(job).toContain('"gp_code"');
    expect(job).toContain('"diag_01"');
    expect(job).toContain('src."pseudo_nhs" AS rs_id');
  });
});
