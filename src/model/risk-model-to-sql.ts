import { lazySchema } from '../core/lazy-schema.js';
import * as z from 'zod/mini';
import { ownRecord, ownValue } from '../core/own-record.js';
import { fail } from '../core/errors.js';
import { parseOptions } from '../core/options.js';
import { featureGroups } from './score-kernel.js';
import { reasonGroups } from './score-reasons.js';
import { sqlDialect, sqlNumber } from '../sql/dialect.js';

/**
 * Options of `RiskModel.toSQL`.
 *
 * - `dialect`: `duckdb`, `postgres`, `spark` (Spark SQL / Databricks), `tsql` (SQL Server) or `snowflake`.
 * - `table`: the table or view with one row per person (a dotted name is quoted part by part).
 * - `idColumn`: the person id column.
 * - `columns`: feature name -> column name where they differ (default: the feature name).
 * - `scoreColumn` (default `score`): name of the output probability column.
 * - `reasons` (default false): also a column `reason_<group>` per reason group (`reasonGroups`:
 *   `reason_age`, `reason_emergency`, `reason_ltc_heart_failure`, ...), each the group's
 *   contribution to the log-odds against the mean person, sum of b_j x (x_j - training mean_j),
 *   as `scoreReasons` computes it (same terms, same order), so a warehouse list can show the
 *   library's reasons. Needs the model's `featureMeans`.
 * - `cohort`: also select the top `topPercent`% `per` practice (`practiceColumn`) or across
 *   the population, with the library's `exact` policy (as `selectCohort` / `cohortSize`):
 *   x = topPercent * n / 100 in double precision (n = rows in the group), k = x rounded when
 *   within 1e-12 (relative) of a whole number, else ceil(x); ordered by score descending then by the id,
 *   compared as text in binary order (`tieBreak: 'id'`, the only policy): `COLLATE "C"` in
 *   PostgreSQL, `Latin1_General_100_BIN2` in T-SQL, the default binary order in DuckDB,
 *   Spark and Snowflake. For ASCII ids this is JavaScript's string order. The output names
 *   (id, practice, score, `rank`, `reason_<group>`) must differ from each other, case ignored.
 *   Eligibility, exclusion lists, the `threshold` policy and capacity are in `cohortSQL`.
 *
 * @example
 * RiskModelSqlOptions.parse({ dialect: 'duckdb', table: 't', idColumn: 'id' }).scoreColumn; // => 'score'
 */
export const RiskModelSqlOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    dialect: z.enum(['duckdb', 'postgres', 'spark', 'tsql', 'snowflake']),
    table: z.string().check(z.minLength(1)),
    idColumn: z.string().check(z.minLength(1)),
    columns: z.optional(ownRecord(z.string().check(z.minLength(1)), 'a record feature name -> column name')),
    scoreColumn: z._default(z.string().check(z.minLength(1)), 'score'),
    reasons: z._default(z.boolean(), false),
    cohort: z.optional(z.strictObject((z
      .object({
        topPercent: z.number().check(z.gt(0), z.lte(100)),
        per: z._default(z.enum(['practice', 'population']), 'practice'),
        practiceColumn: z.optional(z.string().check(z.minLength(1))),
        tieBreak: z._default(z.enum(['id']), 'id'),
      })).shape).check(z.refine((c) => c.per === 'population' || c.practiceColumn !== undefined, { message: "per: 'practice' needs practiceColumn", path: ['practiceColumn'] }))),
  })).shape));
/** Input type of {@link RiskModelSqlOptions}. */
export type RiskModelSqlOptions = z.input<typeof RiskModelSqlOptions>;

type Dialect = z.output<typeof RiskModelSqlOptions>['dialect'];

/** What the SQL writer needs from a model. */
export interface SqlModel {
  readonly featureNames: readonly string[];
  readonly coefficients: Readonly<Record<string, number>>;
  /** Training means (for `reasons`). */
  readonly featureMeans?: Readonly<Record<string, number>>;
}

const quoteWith = (d: Dialect): ((s: string) => string) => sqlDialect(d).ident;
const idAsText = (d: Dialect): ((q: string) => string) => sqlDialect(d).idText;

export { sqlNumber };

/**
 * The internal names `riskModelToSQL` gives its CTEs, table aliases and intermediate columns.
 * The caller's names (table, id, practice, feature and output columns) are read only through
 * the alias `t` of the caller's table in the first CTE and written only as the final output
 * names, so none of them can shadow these (and a test runs the SQL with caller columns named
 * like each of them).
 */
export const RISK_SQL_INTERNAL_NAMES = Object.freeze({
  ctes: Object.freeze(['risk_linear', 'risk_scored', 'risk_ranked']),
  aliases: Object.freeze(['t', 'l', 's', 'r']),
  columns: Object.freeze(['risk_id', 'risk_practice', 'risk_eta', 'risk_score', 'risk_rank', 'risk_x']),
  /** Reason columns are `risk_reason_1`, `risk_reason_2`, ... in `reasonGroups` order. */
  reasonPrefix: 'risk_reason_',
});

/**
 * The SQL expression of the cohort size k = cohortSize(p, n) for x = p · n / 100 (an
 * expression of type double): x rounded when within 1e-12 (relative) of a whole number of at
 * least 1, else ceil(x), so at least 1 when n >= 1 and never more than n.
 */
export function cohortSizeSQL(dialect: Dialect, x: string): string {
  const d = sqlDialect(dialect);
  const round = d.round(x);
  return `CASE WHEN ABS(${x} - ${round}) <= ${d.double('1e-12')} * (CASE WHEN ${x} > 1 THEN ${x} ELSE 1 END) AND ${round} >= 1 THEN ${round} ELSE ${d.ceil(x)} END`;
}


/**
 * The SQL for a model (used by `RiskModel.toSQL`). The linear predictor is written as
 * b0 + (b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4) + (b5 * x5 + ...) + ... in the model's feature
 * order (groups of four, the grouping the library's scoring loop uses), every literal and column cast to a
 * double, so the warehouse adds in the same order as the library; the logistic is the
 * numerically safe form CASE WHEN eta >= 0 THEN 1 / (1 + EXP(-eta)) ELSE EXP(eta) / (1 + EXP(eta)) END
 * (with eta < -745 giving 0, so PostgreSQL's EXP does not raise an underflow).
 *
 * No name of the caller's can shadow a name the SQL makes for itself: the caller's columns are
 * read once, qualified by the table alias `t`, into fixed internal names
 * ({@link RISK_SQL_INTERNAL_NAMES}), every later reference is qualified by its CTE's alias, and
 * the caller's names come back only as the output column names.
 *
 * @param model - The model (its feature names and coefficients).
 * @param options - See {@link RiskModelSqlOptions}.
 * @returns One SELECT statement: columns id and score, or with `cohort`, id, [practice,] score
 *   and rank, ordered by [practice and] rank; with `reasons`, then a `reason_<group>` column per group.
 * @throws RiskStratifyError `invalid_options`, also when two output columns would have the same name.
 * @example
 * riskModelToSQL({ featureNames: ['age'], coefficients: { intercept: -5, age: 0.05 } },
 *   { dialect: 'duckdb', table: 'people', idColumn: 'id' });
 * // => 'WITH risk_linear AS (\n  SELECT t."id" AS risk_id,\n    CAST(-5.0000000000000000e+0 AS DOUBLE) ...'
 */
export function riskModelToSQL(model: SqlModel, options: RiskModelSqlOptions): string {
  const fn = 'RiskModel.toSQL';
  const o = parseOptions(fn, RiskModelSqlOptions, options);
  const q = quoteWith(o.dialect);
  const dbl = (s: string): string => sqlDialect(o.dialect).double(s);
  const mapping = o.columns ?? {};
  for (const key of Object.keys(mapping)) {
    if (!model.featureNames.includes(key)) fail({ fn, code: 'invalid_options', path: ['options', 'columns', key], value: key, message: `'${key}' is not a feature of the model (features: ${model.featureNames.join(', ')})` });
  }
  const table = sqlDialect(o.dialect).qualified(o.table);
  const cohort = o.cohort;
  const practiceColumn = cohort?.per === 'practice' ? cohort.practiceColumn! : undefined;
  const column = (name: string): string => `t.${q(ownValue(mapping, name) ?? name)}`;

  const term = (name: string): string => `${dbl(sqlNumber(model.coefficients[name]!))} * ${dbl(column(name))}`;
  const terms = [dbl(sqlNumber(model.coefficients['intercept']!))];
  for (const group of featureGroups(model.featureNames.length)) {
    const parts = group.map((j) => term(model.featureNames[j]!));
    terms.push(parts.length === 1 ? parts[0]! : `(${parts.join('\n       + ')})`);
  }
  // Reasons: per group, sum of b_j * (x_j - mean_j) in model order (as scoreReasons adds them).
  const reasons: { internal: string; output: string; def: string }[] = [];
  if (o.reasons) {
    const means = model.featureMeans;
    if (means === undefined) fail({ fn, code: 'invalid_options', path: ['options', 'reasons'], value: true, message: 'the model has no training means (featureMeans), so reasons cannot be written' });
    reasonGroups(model.featureNames).forEach((g, k) => {
      const parts = g.features.map((nm) => `${dbl(sqlNumber(model.coefficients[nm]!))} * (${dbl(column(nm))} - ${dbl(sqlNumber(means[nm]!))})`);
      reasons.push({ internal: `${RISK_SQL_INTERNAL_NAMES.reasonPrefix}${k + 1}`, output: `reason_${g.key}`, def: parts.join('\n      + ') });
    });
  }
  // Output columns: caller's names, which must differ from each other.
  const outputs: [string, string][] = [['risk_id', o.idColumn]];
  if (practiceColumn !== undefined) outputs.push(['risk_practice', practiceColumn]);
  outputs.push(['risk_score', o.scoreColumn]);
  if (cohort !== undefined) outputs.push(['risk_rank', 'rank']);
  for (const r of reasons) outputs.push([r.internal, r.output]);
  const seen = new Set<string>();
  for (const [, name] of outputs) {
    const key = name.toLowerCase(); // several engines match quoted names case-insensitively
    if (seen.has(key)) fail({ fn, code: 'invalid_options', path: ['options'], value: name, message: `two output columns would both be called '${name}' (id, practice, score, rank and reason_<group> columns must have different names)` });
    seen.add(key);
  }
  const carry = (alias: string): string => reasons.map((r) => ` ${alias}.${r.internal},`).join('');

  const lines: string[] = [];
  lines.push('WITH risk_linear AS (');
  lines.push(`  SELECT t.${q(o.idColumn)} AS risk_id,${practiceColumn !== undefined ? ` t.${q(practiceColumn)} AS risk_practice,` : ''}`);
  lines.push(`    ${terms.join('\n    + ')} AS risk_eta${reasons.length > 0 ? ',' : ''}`);
  if (reasons.length > 0) lines.push(reasons.map((r) => `    ${r.def} AS ${r.internal}`).join(',\n'));
  lines.push(`  FROM ${table} AS t`);
  lines.push('), risk_scored AS (');
  lines.push(`  SELECT l.risk_id,${practiceColumn !== undefined ? ' l.risk_practice,' : ''}${carry('l')}`);
  lines.push('    CASE WHEN l.risk_eta >= 0 THEN 1 / (1 + EXP(-l.risk_eta))');
  lines.push('         WHEN l.risk_eta < -745 THEN 0');
  lines.push('         ELSE EXP(l.risk_eta) / (1 + EXP(l.risk_eta)) END AS risk_score');
  lines.push('  FROM risk_linear AS l');
  const select = (alias: string): string => outputs.map(([internal, name]) => `${alias}.${internal} AS ${q(name)}`).join(', ');
  if (cohort === undefined) {
    lines.push(')');
    lines.push(`SELECT ${select('s')} FROM risk_scored AS s`);
    return lines.join('\n');
  }
  const partition = practiceColumn !== undefined ? 'PARTITION BY s.risk_practice ' : '';
  lines.push('), risk_ranked AS (');
  lines.push(`  SELECT s.risk_id,${practiceColumn !== undefined ? ' s.risk_practice,' : ''} s.risk_score,${carry('s')}`);
  lines.push(`    ROW_NUMBER() OVER (${partition}ORDER BY s.risk_score DESC, ${idAsText(o.dialect)('s.risk_id')} ASC) AS risk_rank,`);
  lines.push(`    ${dbl(sqlNumber(cohort.topPercent))} * COUNT(*) OVER (${partition.trimEnd()}) / 100 AS risk_x`);
  lines.push('  FROM risk_scored AS s');
  lines.push(')');
  lines.push(`SELECT ${select('r')}`);
  lines.push('FROM risk_ranked AS r');
  lines.push(`WHERE r.risk_rank <= ${cohortSizeSQL(o.dialect, 'r.risk_x')}`);
  lines.push(`ORDER BY ${practiceColumn !== undefined ? 'r.risk_practice, ' : ''}r.risk_rank`);
  return lines.join('\n');
}
