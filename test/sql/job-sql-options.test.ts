// jobToSQL's contract apart from the engines: the steps and their order, the three forms
// (script, folder, dbt), every caller name quoted and never spliced, and errors that name the
// function, the field and the value.
import { describe, expect, it } from 'vitest';
import { buildFeatures, buildOutcomes, fitRiskModel, generatePopulation, selectModelFeatures } from '../../src/index.js';
import { jobToSQL } from '../../src/sql/job-sql.js';
import { churnSQL } from '../../src/sql/churn-sql.js';
import { bridgesToHealth, rules } from '../../src/segment/index.js';
import { thrown } from '../helpers/thrown.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';

const { population } = generatePopulation({ size: 800, seed: 2 });
const past = buildFeatures(population, { asOf: '2023-03-01' });
const model = fitRiskModel(selectModelFeatures(past, ['age', 'ltc_count', 'emergency_admissions']).matrix, buildOutcomes(population, { asOf: '2023-03-01', rows: past.rows }).emergencyAdmission);
const tables = { patients: 'patients', activity: 'activity', conditions: 'conditions' };

describe('jobToSQL(options)', () => {
  it('orders the steps so each comes after the steps it reads, and ends with the cohort and churn tables', () => {
    const job = jobToSQL({ dialect: 'duckdb', tables: { ...tables, previousCohort: 'last_month' }, asOf: '2024-03-01', model, variants: [{ name: 'a', topPercent: 2 }, { name: 'b', topN: 5 }] });
    const names = job.steps.map((s) => s.name);
    for (const [k, s] of job.steps.entries()) for (const dep of s.dependsOn) expect(names.indexOf(dep), `${s.name} reads ${dep}`).toBeLessThan(k);
    expect(names.slice(-2)).toEqual(['stratify_cohort', 'stratify_churn']);
    // Bridges to Health by default: one segments step per segmentation, then their union.
    expect(names.slice(0, 5)).toEqual(['stratify_people', 'stratify_features', 'stratify_segments_1', 'stratify_segments', 'stratify_scores']);
    expect(job.steps[3]!.select).toContain("'Bridges to Health' AS \"segmentation\"");
    // No step's SELECT ends in an ORDER BY (a table has no order; T-SQL refuses one in a view).
    for (const s of job.steps) expect(s.select.split('\n').at(-1), s.name).not.toMatch(/^ORDER BY/);
    // Segmentations by name, or none.
    const some = jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, segmentations: ['frailty', 'age-conditions'] }).steps;
    expect(some.map((s) => s.name).slice(2, 5)).toEqual(['stratify_segments_1', 'stratify_segments_2', 'stratify_segments']);
    expect(some.at(-1)!.name).toBe('stratify_cohort');
    expect(jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, segmentations: [] }).steps.map((s) => s.name).filter((n) => n.includes('segments'))).toEqual([]);
    // Without a previous cohort there is no churn.
    expect(jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model }).steps.map((s) => s.name)).not.toContain('stratify_churn');
  });

  it('writes one script, one numbered file per step, a manifest and dbt models that ref() the earlier steps', () => {
    const job = jobToSQL({ dialect: 'snowflake', tables, asOf: '2024-03-01', model, schema: 'RISK.MONTHLY', prefix: 'rs2025_' });
    const paths = job.files.map((f) => f.path);
    expect(paths).toContain('job.sql');
    expect(paths).toContain('manifest.json');
    expect(paths).toContain('dbt/models/schema.yml');
    expect(paths.filter((p) => p.startsWith('steps/'))).toEqual(job.steps.map((s, k) => `steps/${String(k + 1).padStart(2, '0')}_${s.name}.sql`));
    // The script and the step files write into the schema, quoted part by part; dbt reads through ref().
    expect(job.script).toContain('CREATE OR REPLACE TABLE "RISK"."MONTHLY"."rs2025_features" AS');
    const dbtScores = job.files.find((f) => f.path === 'dbt/models/rs2025_scores.sql')!.text;
    expect(dbtScores).toContain("FROM {{ ref('rs2025_features') }} AS t");
    expect(dbtScores).not.toContain('MONTHLY');
    expect(job.script).not.toContain('__rs_step_');
    for (const f of job.files) expect(f.text, f.path).not.toContain('__rs_step_');
  });

  it('quotes every caller name and writes every caller string as a literal', async () => {
    await sqlParserReady();
    const nasty = 'x"; DROP TABLE patients; --';
    const job = jobToSQL({
      dialect: 'postgres', asOf: '2024-03-01', model,
      tables: { patients: `my schema.${nasty}`, activity: 'a', conditions: 'c', exclusions: 'ex', previousCohort: 'prev' },
      columns: { patients: { id: nasty } },
      exclusionLists: ["it's; DROP TABLE x"],
      variants: [{ name: "top'2", topPercent: 2 }],
    });
    expect(job.script).toContain('"my schema"."x""; DROP TABLE patients; --"');
    expect(job.script).toContain(`'it''s; DROP TABLE x'`);
    expect(job.script).toContain(`'top''2'`);
    // No statement the generator did not write: the parser finds exactly two a step (DROP, CREATE ... AS).
    expect(parseSql(job.script, 'postgres')).toBe(2 * job.steps.length);
  });

  it('throws invalid_options naming jobToSQL, the field and the value', () => {
    const e1 = thrown(() => jobToSQL({ dialect: 'mysql' as 'duckdb', tables, asOf: '2024-03-01', model }));
    expect(e1).toMatchObject({ code: 'invalid_options', fn: 'jobToSQL', path: ['options', 'dialect'], value: 'mysql' });
    const e2 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-02-30', model }));
    expect(e2).toMatchObject({ code: 'invalid_options', path: ['options', 'asOf'], value: '2024-02-30' });
    const e3 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model: { format: 'nope' } }));
    expect(e3).toMatchObject({ code: 'invalid_options', path: ['options', 'model'] });
    expect((e3 as Error).message).toMatch(/jobToSQL: not a risk model: loadRiskModel/);
    const e4 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, variants: [{ name: 'a', topPercent: 2 }, { name: 'a', topN: 3 }] }));
    expect(e4).toMatchObject({ path: ['options', 'variants', 1, 'name'], value: 'a' });
    const e5 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, variants: [{ name: 'a', topPercent: 200 }] }));
    expect(e5).toMatchObject({ path: ['options', 'variants', 0, 'topPercent'], value: 200 });
    const e6 = thrown(() => jobToSQL({ dialect: 'duckdb', tables: { ...tables, patients: 'p{{ var("x") }}' }, asOf: '2024-03-01', model }));
    expect(e6).toMatchObject({ path: ['options', 'tables', 'patients'] });
    const e7 = thrown(() => jobToSQL({ dialect: 'duckdb', tables: { ...tables, exclusions: 'ex' }, asOf: '2024-03-01', model }));
    expect(e7).toMatchObject({ path: ['options', 'exclusionLists'] });
    const e8 = thrown(() => jobToSQL({ dialect: 'tsql', tables, asOf: '2024-03-01', model, schema: 'db.risk' }));
    expect(e8).toMatchObject({ path: ['options', 'schema'], value: 'db.risk' });
    const e9 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, prefix: 'no-dash' }));
    expect(e9).toMatchObject({ path: ['options', 'prefix'], value: 'no-dash' });
    // A prefix that makes a step's table name one of the writers' own CTE names is refused, not silently shadowed.
    const e10 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, prefix: 'rs_' }));
    expect(e10).toMatchObject({ code: 'invalid_options', path: ['options', 'prefix'] });
    // The segments step's own CTE sg_features against a prefix sg_ (no schema): refused too.
    expect(thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, prefix: 'sg_' }))).toMatchObject({ code: 'invalid_options', path: ['options', 'prefix'], value: 'sg_features' });
    const e11 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, segmentations: ['bridges', bridgesToHealth({ acuteEvents: 2 })] }));
    expect(e11).toMatchObject({ code: 'invalid_options', path: ['options', 'segmentations', 1, 'name'], value: 'Bridges to Health' });
    const e12 = thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, segmentations: ['bridgez' as 'bridges'] }));
    expect(e12).toMatchObject({ code: 'invalid_options', fn: 'jobToSQL', path: ['options', 'segmentations', 0], value: 'bridgez' });
    const jinja = rules({ name: 'site', rules: [{ name: '{{ x }}', when: { feature: 'age', gte: 65 } }, { name: 'rest' }] });
    expect(thrown(() => jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model, segmentations: [jinja] }))).toMatchObject({ path: ['options', 'segmentations', 0, 'segments', 0, 'name'] });
  });

  it('churnSQL ends in ORDER BY unless orderBy is false', () => {
    const o = { dialect: 'tsql' as const, current: { table: 'c' }, previous: { table: 'v', idColumn: 'id' }, people: { table: 'p', idColumn: 'id', reasonColumn: 'r' } };
    expect(churnSQL(o).split('\n').at(-1)).toMatch(/^ORDER BY r\.ch_order/);
    const unordered = churnSQL({ ...o, orderBy: false });
    expect(unordered).not.toContain('ORDER BY');
    expect(unordered).toBe(churnSQL(o).split('\n').slice(0, -1).join('\n'));
  });

  it('takes the model as a RiskModel, its JSON object or its JSON text, with the same SQL', () => {
    const a = jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model }).script;
    expect(jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model: model.toJSON() }).script).toBe(a);
    expect(jobToSQL({ dialect: 'duckdb', tables, asOf: '2024-03-01', model: JSON.stringify(model.toJSON()) }).script).toBe(a);
  });
});
