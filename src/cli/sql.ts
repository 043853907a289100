import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { formatDay } from '../core/dates.js';
import { isRiskStratifyError } from '../core/errors.js';
import { BUILT_IN_SEGMENTATIONS, jobToSQL, type JobSqlOptions } from '../sql/job-sql.js';
import { rules, type SegmentationModel } from '../segment/rules.js';
import { SQL_DIALECTS, type SqlDialect } from '../sql/dialect.js';
import { defineCommand } from './define-command.js';
import { CliError, UsageError } from './errors.js';
import { MODEL_OPTION, readModel, requireAsOf } from './model-file.js';

type Columns = NonNullable<JobSqlOptions['columns']>;

/** The extract's field names (`inputs.columns`) as the SQL's column options name them. */
const SQL_FIELD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  patients: { id: 'id', practiceId: 'practice', birthDate: 'birthDate', sex: 'sex', imdDecile: 'imdDecile', careHome: 'careHome', registeredFrom: 'registeredFrom', registeredTo: 'registeredTo', deathDate: 'deathDate', optedOut: 'optedOut' },
  activity: { patientId: 'id', date: 'date', dischargeDate: 'endDate', setting: 'setting', emergency: 'emergency', bedDays: 'bedDays', primaryDiagnosis: 'diagnosis' },
  conditions: { patientId: 'id', code: 'cluster', date: 'date', resolvedDate: 'resolvedDate' },
  medications: { patientId: 'id', code: 'code', date: 'date', endDate: 'endDate' },
};

export const sqlCommand = defineCommand({
  name: 'sql',
  summary: 'the monthly job as SQL for your warehouse: features, scores, cohorts and churn, one script or one file per step (dbt models too)',
  usage: '--config FILE --dialect NAME --as-of DATE --model FILE --out DIR',
  options: {
    ...MODEL_OPTION,
    dialect: { type: 'string', arg: 'NAME', help: `the warehouse's SQL: ${SQL_DIALECTS.join(', ')}` },
  },
  examples: [
    'risk-stratify sql --config site.json --dialect postgres --as-of 2025-05-01 --model model.json --out sql/',
  ],
  description:
    "Writes the monthly job (what 'refresh' computes: features as of --as-of, segments (Bridges to Health\n" +
    'unless warehouse.segmentations names others), the model\'s scores and\n' +
    "reasons, each variant's cohort, churn against last month's cohort table) as SQL for the warehouse\n" +
    "tables named in the config's \"warehouse\" (tables, and columns where they differ from our field\n" +
    'names). Under --out: job.sql (the whole job, one script), steps/NN_<step>.sql (one file per step,\n' +
    'in run order), manifest.json (the steps, their order and what each reads) and dbt/models/ (a dbt\n' +
    "project's models: each step a SELECT reading the earlier ones through ref()). The SQL reads no file\n" +
    'and runs nothing here: run job.sql in the warehouse, or copy dbt/models into a dbt project.\n' +
    'Exit codes: 0 written; 1 an error (bad config, model or option); 2 a usage mistake.',
  async run(ctx) {
    const asOf = requireAsOf(ctx);
    const dialect = ctx.string('dialect');
    if (dialect === undefined) throw new UsageError(`give --dialect NAME (${SQL_DIALECTS.join(', ')})`);
    if (!(SQL_DIALECTS as readonly string[]).includes(dialect)) throw new UsageError(`--dialect must be one of ${SQL_DIALECTS.join(', ')}; got ${JSON.stringify(dialect)}`);
    const wh = ctx.config.warehouse;
    if (wh === undefined) {
      throw new UsageError('no warehouse tables: add "warehouse": { "tables": { "patients": "...", "activity": "...", "conditions": "..." } } to --config (see docs/warehouse.md)');
    }
    if (ctx.common.out === undefined) throw new UsageError('give --out DIR (the folder the SQL is written to)');
    const model = readModel(ctx);
    // Columns: the warehouse's own mapping, else the extract's (its field names translated, single columns only).
    let columns: Columns = {};
    if (wh.columns !== undefined) columns = wh.columns as Columns;
    else {
      const ext = ctx.config.inputs.columns ?? {};
      const pick: Record<string, Record<string, string>> = {};
      for (const [table, m] of Object.entries(ext)) {
        const fields = SQL_FIELD[table] ?? {};
        for (const [field, col] of Object.entries(m ?? {})) {
          const to = fields[field];
          if (to === undefined) continue; // read by the loader only (ethnicity, cost, ...)
          if (Array.isArray(col)) throw new CliError(`config: inputs.columns.${table}.${field} names several columns (${col.join(', ')}); the SQL reads one: give it in warehouse.columns.${table}.${to}`);
          (pick[table] ??= {})[to] = col;
        }
      }
      columns = pick as Columns;
    }
    const excluded = Object.keys(ctx.config.exclusions);
    if (excluded.length > 0 && wh.tables.exclusions === undefined) {
      ctx.log(`note: the config's exclusion files (${excluded.join(', ')}) are not read by the SQL: load them into a table of (list, id) and name it in warehouse.tables.exclusions`);
    }
    // Segmentations: a built-in by name, else a rules JSON file (as the segment command's --scheme).
    const segmentations = wh.segmentations?.map((name): string | SegmentationModel => {
      if (Object.hasOwn(BUILT_IN_SEGMENTATIONS, name)) return name;
      const path = ctx.path(name);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new CliError(`config: warehouse.segmentations: ${JSON.stringify(name)} is not a built-in (${Object.keys(BUILT_IN_SEGMENTATIONS).join(', ')}) and not a readable JSON rules file: ${(e as Error).message}`);
      }
      try {
        return rules(json as Parameters<typeof rules>[0]);
      } catch (e) {
        throw new CliError(`${path}: ${(e as Error).message}`);
      }
    });
    let job;
    try {
      job = jobToSQL({
        dialect: dialect as SqlDialect,
        tables: wh.tables,
        columns,
        asOf: formatDay(asOf),
        lookbackMonths: ctx.config.lookbackMonths,
        horizonMonths: ctx.config.horizonMonths,
        model,
        variants: ctx.config.variants.map((v) => ({ ...v })),
        ...(wh.schema !== undefined ? { schema: wh.schema } : {}),
        ...(wh.prefix !== undefined ? { prefix: wh.prefix } : {}),
        ...(wh.exclusionLists !== undefined ? { exclusionLists: wh.exclusionLists } : {}),
        ...(wh.conditionClusters !== undefined ? { conditionClusters: wh.conditionClusters } : {}),
        ...(segmentations !== undefined ? { segmentations: segmentations as JobSqlOptions['segmentations'] } : {}),
      });
    } catch (e) {
      if (isRiskStratifyError(e)) throw new CliError(e.message);
      throw e;
    }
    const out = ctx.common.out;
    for (const f of job.files) {
      const path = join(out, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
    }
    if (ctx.common.json) {
      ctx.printJSON({ dialect: job.dialect, asOf: job.asOf, out, steps: job.steps.map((s) => ({ name: s.name, dependsOn: s.dependsOn })), files: job.files.map((f) => f.path) });
    } else {
      ctx.print([
        `the monthly job as of ${job.asOf} for ${job.dialect}: ${job.steps.length} steps (${job.steps.map((s) => s.name).join(' -> ')})`,
        `  ${relative(ctx.io.cwd, join(out, 'job.sql')) || 'job.sql'}: the whole job, one script`,
        `  ${relative(ctx.io.cwd, join(out, 'steps'))}/: one file per step, in run order (manifest.json lists them)`,
        `  ${relative(ctx.io.cwd, join(out, 'dbt', 'models'))}/: the steps as dbt models (ref() between them)`,
      ].join('\n'));
    }
    return 0;
  },
});
