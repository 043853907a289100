import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import { parseDate } from '../core/dates.js';
import { loadRiskModel } from '../model/load-risk-model.js';
import type { RiskModel } from '../model/risk-model.js';
import { RefreshVariant } from '../refresh/monthly-refresh-options.js';
import { KNOWN_CONDITION_CLUSTERS } from '../data/known-condition-clusters.js';
import { bridgesToHealth } from '../segment/bridges-to-health.js';
import { ageByConditions } from '../segment/age-by-conditions.js';
import { frailtyCategories } from '../segment/frailty-categories.js';
import type { SegmentationModel } from '../segment/rules.js';
import { jobSteps, type PlannedStep } from './job-steps.js';
import { ActivityColumns, ConditionColumns, MedicationColumns, PatientColumns } from './source-tables.js';
import { renderQuery, sqlDialect, SQL_DIALECTS, type Dialect, type SqlDialect, type SqlQuery } from './dialect.js';

const FN = 'jobToSQL';

/** Letters, digits and `_`, not starting with a digit: names that are also safe file names. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The prefix of the placeholders the generator uses for its own tables while it writes. */
export const STEP_TOKEN = '__rs_step_';

const text = z.string().check(z.minLength(1));
const plain = (what: string) => z.string().check(z.regex(PLAIN_NAME, `${what}: letters, digits and _, not starting with a digit`));

/** The built-in segmentations by the names the `segment` command gives them. */
export const BUILT_IN_SEGMENTATIONS: Readonly<Record<'bridges' | 'age-conditions' | 'frailty', () => SegmentationModel>> = Object.freeze({
  bridges: () => bridgesToHealth(),
  'age-conditions': () => ageByConditions(),
  frailty: () => frailtyCategories(),
});

const isSegmentation = (v: unknown): v is SegmentationModel =>
  typeof v === 'object' && v !== null && typeof (v as SegmentationModel).name === 'string' && Array.isArray((v as SegmentationModel).rules) && Array.isArray((v as SegmentationModel).segments);

const isModel = (v: unknown): v is RiskModel => typeof v === 'object' && v !== null && typeof (v as RiskModel).score === 'function' && Array.isArray((v as RiskModel).featureNames);

/**
 * Options of {@link jobToSQL}.
 *
 * - `dialect`: `duckdb`, `postgres`, `spark` (Spark SQL, Databricks), `tsql` (SQL Server,
 *   Synapse) or `snowflake`.
 * - `tables`: the warehouse tables the job reads (a dotted name is quoted part by part):
 *   `patients` (one row per person), `activity` (one row per contact or admission),
 *   `conditions` and `medications` where you have them; `codeLists` where the conditions
 *   table holds codes (SNOMED CT, Read, ICD-10) rather than cluster names: rows of (`cluster`,
 *   `code`, `system`, `resolved` 0/1), registers by QOF's rule (see `featuresToSQL`); `exclusions` (rows of `list`, `id`:
 *   already case-managed, end of life, ...: nobody on them is selected) and `previousCohort`
 *   (last month's cohort table as this job wrote it, rows of `variant`, `id`) for churn.
 * - `columns`: per table, the column names where they differ from the defaults (`person_id`,
 *   `practice`, `birth_date`, ...: `featuresToSQL`'s `DEFAULT_COLUMNS`; `null` for a column the
 *   table lacks); `exclusions` has `list` and `id`, `previousCohort` `variant` and `id`.
 * - `asOf` (`yyyy-mm-dd`), `lookbackMonths` (default 12), `horizonMonths` (default 12, for the
 *   `outcomes` step when `outcomes` is true).
 * - `conditionClusters`: the condition clusters flagged as `ltc_<key>` (SQL cannot look at the
 *   data first; default: every cluster the library knows by name, `KNOWN_CONDITION_CLUSTERS`),
 *   and `clusterNames`, every name as written in the conditions table when they differ (see
 *   `featuresToSQL`).
 * - `exclusionLists`: the names of the lists in `tables.exclusions` to apply, in order (a
 *   person on several is excluded under the first, as the keys of `selectCohort`'s `exclude`).
 * - `segmentations` (default `['bridges']`): the segmentations of the `segments` step, each a
 *   built-in by the `segment` command's name (`bridges`: Bridges to Health, `age-conditions`,
 *   `frailty`) or a `SegmentationModel` (`rules(config)`, `bridgesToHealth({...})`, ...), with
 *   different `name`s; `[]` for no segments step.
 * - `model`: a `RiskModel` or its saved JSON (object or text).
 * - `variants`: as `runMonthlyRefresh`'s (default top 2% and top 5% of adults per practice).
 * - `reasons` (default 3): reasons per selected person on the cohort table.
 * - `prefix` (default `stratify_`): the generated tables are `<prefix>features`, `<prefix>scores`, ...;
 *   `schema`: the schema (or `catalog.schema`) they are written in (default: the connection's).
 *
 * @example
 * JobSqlOptions.parse({ dialect: 'duckdb', tables: { patients: 'p', activity: 'a' }, asOf: '2025-05-01', model: json }).prefix; // => 'stratify_'
 */
export const JobSqlOptions = z.strictObject({
  dialect: z.enum(SQL_DIALECTS),
  tables: z.strictObject({
    patients: text,
    activity: text,
    conditions: text,
    medications: z.optional(text),
    codeLists: z.optional(text),
    exclusions: z.optional(text),
    previousCohort: z.optional(text),
  }),
  columns: z._default(z.strictObject({
    patients: z.optional(PatientColumns),
    activity: z.optional(ActivityColumns),
    conditions: z.optional(ConditionColumns),
    medications: z.optional(MedicationColumns),
    codeLists: z.optional(z.strictObject({ cluster: z.optional(text), code: z.optional(text), system: z.optional(text), resolved: z.optional(text) })),
    exclusions: z.optional(z.strictObject({ list: z.optional(text), id: z.optional(text) })),
    previousCohort: z.optional(z.strictObject({ variant: z.optional(text), id: z.optional(text) })),
  }), {}),
  asOf: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'asOf must be a yyyy-mm-dd date')),
  lookbackMonths: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(120)), 12),
  horizonMonths: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(60)), 12),
  outcomes: z._default(z.boolean(), false),
  conditionClusters: z.optional(z.array(text).check(z.minLength(1))),
  clusterNames: z.optional(z.array(text)),
  exclusionLists: z._default(z.array(text), []),
  segmentations: z._default(z.array(z.union([
    z.enum(['bridges', 'age-conditions', 'frailty']),
    z.custom<SegmentationModel>(isSegmentation, { message: 'expected bridges, age-conditions, frailty or a SegmentationModel (rules(), bridgesToHealth(), ...)' }),
  ])), ['bridges']),
  model: z.custom<RiskModel | object | string>((v) => isModel(v) || typeof v === 'string' || (typeof v === 'object' && v !== null), { message: 'expected a RiskModel or its saved JSON' }),
  variants: z._default(z.array(z.unknown()).check(z.minLength(1)), [
    { name: 'top2', topPercent: 2 },
    { name: 'top5', topPercent: 5 },
  ]),
  reasons: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10)), 3),
  prefix: z._default(plain('prefix'), 'stratify_'),
  schema: z.optional(text),
});
/** Input type of {@link JobSqlOptions}. */
export type JobSqlOptions = z.input<typeof JobSqlOptions>;

/** One step of the generated job: a table it makes, the SELECT that makes it, the steps it reads. */
export interface JobStep {
  /** The table the step makes (unqualified, e.g. `stratify_features`); the folder's file and the dbt model are named after it. */
  readonly name: string;
  /** What the step makes, in words. */
  readonly description: string;
  /** The step as one SELECT, reading the input tables and earlier steps by their qualified names. */
  readonly select: string;
  /** The statements that make the table (`CREATE OR REPLACE TABLE ... AS ...` or the dialect's equivalent), ending in `;`. */
  readonly sql: string;
  /** Names of the steps it reads. */
  readonly dependsOn: readonly string[];
}

/** One generated file: a path relative to the output folder and its text. */
export interface JobFile {
  readonly path: string;
  readonly text: string;
}

/** What {@link jobToSQL} returns. */
export interface JobSQL {
  readonly dialect: SqlDialect;
  readonly asOf: string;
  /** The steps in an order that runs (each after the steps it reads). */
  readonly steps: readonly JobStep[];
  /** The whole job as one script, the steps in order. */
  readonly script: string;
  /**
   * One file per step, numbered in run order (`steps/01_stratify_people.sql`, ...), `job.sql` (the
   * script), `manifest.json` (steps, order, dependencies, options) and a dbt folder:
   * `dbt/models/<step>.sql` (a SELECT with `{{ config(materialized='table') }}`, earlier steps
   * read through `{{ ref('<step>') }}`, so dbt orders them) and `dbt/models/schema.yml`.
   */
  readonly files: readonly JobFile[];
}

/** The options after validation: the model loaded, the variants checked. */
export interface ParsedJobOptions extends Omit<z.output<typeof JobSqlOptions>, 'model' | 'variants' | 'conditionClusters' | 'segmentations'> {
  readonly model: RiskModel;
  readonly segmentations: readonly SegmentationModel[];
  readonly conditionClusters: readonly string[];
  readonly variants: readonly z.output<typeof RefreshVariant>[];
}

function parseJobOptions(options: JobSqlOptions): ParsedJobOptions {
  const parsed = z.safeParse(JobSqlOptions, options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    let value: unknown = options;
    for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    fail({ fn: FN, code: 'invalid_options', path: ['options', ...path], value, message: issue.message });
  }
  const o = parsed.data;
  if (parseDate(o.asOf) === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'asOf'], value: o.asOf, message: 'asOf is not a calendar date' });
  let model: RiskModel;
  if (isModel(o.model)) model = o.model;
  else {
    try {
      model = loadRiskModel(o.model);
    } catch (e) {
      return fail({ fn: FN, code: 'invalid_options', path: ['options', 'model'], value: o.model, message: `not a risk model: ${(e as Error).message}` });
    }
  }
  const names = new Set<string>();
  const variants = o.variants.map((raw, k) => {
    const r = RefreshVariant.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const sub = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let value: unknown = raw;
      for (const key of sub) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
      return fail({ fn: FN, code: 'invalid_options', path: ['options', 'variants', k, ...sub], value, message: issue.message });
    }
    if (names.has(r.data.name)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'variants', k, 'name'], value: r.data.name, message: 'variant names must be unique' });
    names.add(r.data.name);
    return r.data;
  });
  const segmentations = o.segmentations.map((m) => (typeof m === 'string' ? BUILT_IN_SEGMENTATIONS[m]() : m));
  const segNames = new Set<string>();
  segmentations.forEach((m, k) => {
    if (segNames.has(m.name)) fail({ fn: FN, code: 'invalid_options', path: ['options', 'segmentations', k, 'name'], value: m.name, message: 'segmentation names must be unique (they label the rows of the segments table)' });
    segNames.add(m.name);
  });
  // The generator's own placeholders may not appear in anything the caller names.
  const named: [readonly (string | number)[], string][] = [];
  for (const [k, v] of Object.entries(o.tables)) if (typeof v === 'string') named.push([['tables', k], v]);
  for (const [t, m] of Object.entries(o.columns)) for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'string') named.push([['columns', t, k], v]);
  if (o.schema !== undefined) named.push([['schema'], o.schema]);
  variants.forEach((v, k) => named.push([['variants', k, 'name'], v.name]));
  o.exclusionLists.forEach((v, k) => named.push([['exclusionLists', k], v]));
  (o.clusterNames ?? []).forEach((v, k) => named.push([['clusterNames', k], v]));
  (o.conditionClusters ?? []).forEach((v, k) => named.push([['conditionClusters', k], v]));
  segmentations.forEach((m, k) => {
    named.push([['segmentations', k, 'name'], m.name]);
    m.segments.forEach((g, j) => named.push([['segmentations', k, 'segments', j, 'name'], g.name]));
  });
  for (const [path, v] of named) {
    if (v.includes(STEP_TOKEN)) fail({ fn: FN, code: 'invalid_options', path: ['options', ...path], value: v, message: `names may not contain ${STEP_TOKEN} (the generator's own placeholder)` });
    // dbt reads every model file as a Jinja template, quoted names included.
    if (/\{[{%#]/.test(v)) fail({ fn: FN, code: 'invalid_options', path: ['options', ...path], value: v, message: 'names may not contain {{, {% or {# (dbt would read them as Jinja)' });
  }
  if (o.dialect === 'tsql' && o.schema !== undefined && o.schema.includes('.')) fail({ fn: FN, code: 'invalid_options', path: ['options', 'schema'], value: o.schema, message: 'in T-SQL give the schema only (CREATE VIEW takes no database name): connect to the database' });
  if (o.tables.exclusions !== undefined && o.exclusionLists.length === 0) fail({ fn: FN, code: 'invalid_options', path: ['options', 'exclusionLists'], value: o.exclusionLists, message: 'tables.exclusions needs exclusionLists: the names of the lists to apply, in order' });
  if (o.exclusionLists.length > 0 && o.tables.exclusions === undefined) fail({ fn: FN, code: 'invalid_options', path: ['options', 'tables', 'exclusions'], value: undefined, message: 'exclusionLists needs tables.exclusions (a table of list, id rows)' });
  return { ...o, model, variants, segmentations, conditionClusters: o.conditionClusters ?? KNOWN_CONDITION_CLUSTERS };
}

/** A step's placeholder table name: quoted as any table name, replaced once the SQL is written. */
export function stepToken(step: string): string {
  return `${STEP_TOKEN}${step}`;
}

/** `text` with each step placeholder (as the dialect quotes it) replaced by `to(step)`. */
function resolveRefs(d: Dialect, text: string, steps: readonly string[], to: (step: string) => string): string {
  let out = text;
  for (const s of steps) out = out.replaceAll(d.ident(stepToken(s)), to(s));
  return out;
}

/** CTE names a statement defines (`WITH a AS (`, `, b AS (`), any quoting, lower case. */
function cteNames(q: SqlQuery | string): Set<string> {
  if (typeof q !== 'string') return new Set(q.with.map(([n]) => n.toLowerCase()));
  const out = new Set<string>();
  for (const m of q.matchAll(/(?:\bWITH\s+|,\s*)[`"[]?([A-Za-z_][A-Za-z0-9_]*)[`"\]]?\s+AS\s*\(/gi)) out.add(m[1]!.toLowerCase());
  return out;
}

/**
 * Refuses a plan in which a step defines a CTE named like a table it reads (the CTE would be
 * read instead): possible only when the prefix makes a step's name equal to a writer's own
 * CTE name and the tables are not schema-qualified.
 */
function checkShadowing(plan: readonly PlannedStep[]): void {
  for (const s of plan) {
    const ctes = cteNames(s.query);
    for (const dep of s.dependsOn) {
      if (ctes.has(dep.toLowerCase())) fail({ fn: FN, code: 'invalid_options', path: ['options', 'prefix'], value: dep, message: `the step ${s.name} names one of its own CTEs ${dep}, like the table it reads: choose another prefix or give a schema` });
    }
  }
}

/** A step's query as one SELECT without ORDER BY (a table has no order; the writers of text queries are asked for none). */
function selectOf(d: Dialect, q: SqlQuery | string): string {
  if (typeof q === 'string') return q;
  const { orderBy: _, ...unordered } = q;
  return renderQuery(d, unordered);
}

/**
 * The statements that make table `target` from the step, each ending in `;`. `refs` turns the
 * step placeholders into table names: applied before the T-SQL text is quoted into a string.
 */
function materialise(d: Dialect, target: string, view: string, q: SqlQuery | string, refs: (t: string) => string): string {
  if (typeof q !== 'string') {
    const { orderBy: _, ...unordered } = q;
    return refs(d.createTable(target, unordered).map((t) => `${t};`).join('\n'));
  }
  const select = refs(selectOf(d, q));
  if (d.name === 'tsql') {
    // SELECT ... INTO cannot wrap a statement that starts WITH: a view holds it, then is copied.
    // CREATE VIEW must be alone in its batch: EXEC runs it as one (no GO, so any client can run the script).
    return [`DROP VIEW IF EXISTS ${view};`, `EXEC(${d.string(`CREATE VIEW ${view} AS\n${select}`)});`, `DROP TABLE IF EXISTS ${target};`, `SELECT * INTO ${target} FROM ${view};`, `DROP VIEW ${view};`].join('\n');
  }
  if (d.name === 'postgres') return `DROP TABLE IF EXISTS ${target};\nCREATE TABLE ${target} AS\n${select};`;
  return `CREATE OR REPLACE TABLE ${target} AS\n${select};`;
}

/**
 * The whole monthly job as SQL for a warehouse: features as of `asOf` for everyone eligible
 * that day, the model's scores and reasons, each variant's cohort and churn against last
 * month's cohort table, as the library's `runMonthlyRefresh` computes them, for `duckdb`,
 * `postgres`, `spark` (Databricks), `tsql` (SQL Server, Synapse) or `snowflake`. Every
 * identifier is quoted per dialect and every value from the options is written as a literal
 * the generator makes (numbers, dates) or a quoted string; no caller text is spliced into SQL
 * as it is. The tables it makes are named `<prefix><step>`; the caller's columns cannot
 * shadow the names the SQL makes for itself.
 *
 * Returns the steps in run order, the whole job as one script, and the files of a folder
 * (one file per step, a manifest, and a dbt `models/` folder).
 *
 * Cost: generating is O(features + variants); the warehouse does the work.
 *
 * @param options - {@link JobSqlOptions}.
 * @returns The {@link JobSQL}.
 * @throws RiskStratifyError `invalid_options` naming the field and value (an unknown
 *   dialect, a bad date, a model that does not load, a bad variant, a caller name holding the
 *   generator's placeholder).
 * @example
 * const job = jobToSQL({ dialect: 'duckdb', tables: { patients: 'patients', activity: 'activity' }, asOf: '2025-05-01', model });
 * job.steps.map((s) => s.name); // => ['stratify_people', 'stratify_features', 'stratify_segments_1', 'stratify_segments', 'stratify_scores', 'stratify_ranked_1', 'stratify_ranked_2', 'stratify_cohort']
 */
export function jobToSQL(options: JobSqlOptions): JobSQL {
  const o = parseJobOptions(options);
  const d = sqlDialect(o.dialect);
  const plan: readonly PlannedStep[] = jobSteps(o, d, stepToken);
  if (o.schema === undefined) checkShadowing(plan);
  const stepNames = plan.map((s) => s.name);
  const qualified = (name: string): string => (o.schema === undefined ? d.ident(name) : d.qualified([...o.schema.split('.'), name]));
  const refs = (t: string, to: (step: string) => string = qualified): string => resolveRefs(d, t, stepNames, to);
  const steps: JobStep[] = plan.map((s) => {
    const select = refs(selectOf(d, s.query));
    return { name: s.name, description: s.description, select, dependsOn: s.dependsOn, sql: materialise(d, qualified(s.name), qualified(`${s.name}_view`), s.query, refs) };
  });
  const width = String(steps.length).length < 2 ? 2 : String(steps.length).length;
  const header = (s: JobStep, k: number): string => `-- step ${k + 1} of ${steps.length}: ${s.name}: ${s.description}${s.dependsOn.length ? ` (reads ${s.dependsOn.join(', ')})` : ''}`;
  const banner = `-- risk-stratify monthly job as of ${o.asOf} for ${o.dialect}, model ${o.model.featureNames.length} features; generated by jobToSQL: edit the options, not this file`;
  const script = [banner, ...steps.map((s, k) => `${header(s, k)}\n${s.sql}`)].join('\n\n') + '\n';
  const files: JobFile[] = [{ path: 'job.sql', text: script }];
  steps.forEach((s, k) => files.push({ path: `steps/${String(k + 1).padStart(width, '0')}_${s.name}.sql`, text: `${banner}\n${header(s, k)}\n${s.sql}\n` }));
  files.push({
    path: 'manifest.json',
    text: `${JSON.stringify({
      generator: 'risk-stratify jobToSQL', dialect: o.dialect, asOf: o.asOf, lookbackMonths: o.lookbackMonths, horizonMonths: o.horizonMonths,
      tables: o.tables, schema: o.schema ?? null, variants: o.variants.map((v) => v.name),
      steps: steps.map((s, k) => ({ order: k + 1, name: s.name, file: files[k + 1]!.path, dbtModel: `dbt/models/${s.name}.sql`, dependsOn: s.dependsOn, description: s.description })),
    }, null, 2)}\n`,
  });
  for (const s of plan) {
    const body = refs(selectOf(d, s.query), (n) => `{{ ref('${n}') }}`);
    files.push({ path: `dbt/models/${s.name}.sql`, text: `-- ${s.description}\n{{ config(materialized='table') }}\n${body}\n` });
  }
  files.push({
    path: 'dbt/models/schema.yml',
    text: ['version: 2', '', 'models:', ...plan.flatMap((s) => [`  - name: ${s.name}`, `    description: ${JSON.stringify(s.description)}`]), ''].join('\n'),
  });
  return { dialect: o.dialect, asOf: o.asOf, steps, script, files };
}
