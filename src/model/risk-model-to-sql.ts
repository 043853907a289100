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
 * - `dialect`: `duckdb`, `postgres`, `spark` (Spark SQL / Databricks) or `tsql` (SQL Server).
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
 *   PostgreSQL, `Latin1_General_100_BIN2` in T-SQL, the default binary order in DuckDB and
 *   Spark. For ASCII ids this is JavaScript's string order.
 *
 * @example
 * RiskModelSqlOptions.parse({ dialect: 'duckdb', table: 't', idColumn: 'id' }).scoreColumn; // => 'score'
 */
export const RiskModelSqlOptions = /* @__PURE__ */ lazySchema(() => z.strictObject((z
  .object({
    dialect: z.enum(['duckdb', 'postgres', 'spark', 'tsql']),
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
const doubleType = (d: Dialect): string => sqlDialect(d).doubleType;
const idAsText = (d: Dialect): ((q: string) => string) => sqlDialect(d).idText;

export { sqlNumber };

/**
 * The SQL for a model (used by `RiskModel.toSQL`). The linear predictor is written as
 * b0 + (b1 * x1 + b2 * x2 + b3 * x3 + b4 * x4) + (b5 * x5 + ...) + ... in the model's feature
 * order (groups of four, the grouping the library's scoring loop uses), every literal and column cast to a
 * double, so the warehouse adds in the same order as the library; the logistic is the
 * numerically safe form CASE WHEN eta >= 0 THEN 1 / (1 + EXP(-eta)) ELSE EXP(eta) / (1 + EXP(eta)) END
 * (with eta < -745 giving 0, so PostgreSQL's EXP does not raise an underflow).
 *
 * @param model - The model (its feature names and coefficients).
 * @param options - See {@link RiskModelSqlOptions}.
 * @returns One SELECT statement: columns id and score, or with `cohort`, id, [practice,] score
 *   and rank, ordered by [practice and] rank; with `reasons`, then a `reason_<group>` column per group.
 * @throws RiskStratifyError `invalid_options`.
 * @example
 * riskModelToSQL({ featureNames: ['age'], coefficients: { intercept: -5, age: 0.05 } },
 *   { dialect: 'duckdb', table: 'people', idColumn: 'id' });
 * // => 'WITH risk_linear AS (\n  SELECT t."id" AS "id",\n    CAST(-5.0000000000000000e+0 AS DOUBLE) ...'
 */
export function riskModelToSQL(model: SqlModel, options: RiskModelSqlOptions): string {
  const fn = 'RiskModel.toSQL';
  const o = parseOptions(fn, RiskModelSqlOptions, options);
  const q = quoteWith(o.dialect);
  const dbl = (s: string): string => `CAST(${s} AS ${doubleType(o.dialect)})`;
  const mapping = o.columns ?? {};
  for (const key of Object.keys(mapping)) {
    if (!model.featureNames.includes(key)) fail({ fn, code: 'invalid_options', path: ['options', 'columns', key], value: key, message: `'${key}' is not a feature of the model (features: ${model.featureNames.join(', ')})` });
  }
  const table = o.table.split('.').map(q).join('.');
  const id = q(o.idColumn);
  const score = q(o.scoreColumn);
  const cohort = o.cohort;
  const practice = cohort?.per === 'practice' ? q(cohort.practiceColumn!) : undefined;

  const term = (name: string): string => `${dbl(sqlNumber(model.coefficients[name]!))} * ${dbl(`t.${q(ownValue(mapping, name) ?? name)}`)}`;
  const terms = [dbl(sqlNumber(model.coefficients['intercept']!))];
  for (const group of featureGroups(model.featureNames.length)) {
    const parts = group.map((j) => term(model.featureNames[j]!));
    terms.push(parts.length === 1 ? parts[0]! : `(${parts.join('\n       + ')})`);
  }
  // Reasons: per group, sum of b_j * (x_j - mean_j) in model order (as scoreReasons adds them).
  const reasonCols: string[] = [];
  const reasonDefs: string[] = [];
  if (o.reasons) {
    const means = model.featureMeans;
    if (means === undefined) fail({ fn, code: 'invalid_options', path: ['options', 'reasons'], value: true, message: 'the model has no training means (featureMeans), so reasons cannot be written' });
    for (const g of reasonGroups(model.featureNames)) {
      const col = q(`reason_${g.key}`);
      reasonCols.push(col);
      const parts = g.features.map((nm) => `${dbl(sqlNumber(model.coefficients[nm]!))} * (${dbl(`t.${q(mapping[nm] ?? nm)}`)} - ${dbl(sqlNumber(means[nm]!))})`);
      reasonDefs.push(`    ${parts.join('\n      + ')} AS ${col}`);
    }
  }
  const carry = reasonCols.length > 0 ? ` ${reasonCols.join(', ')},` : '';
  const lines: string[] = [];
  lines.push('WITH risk_linear AS (');
  lines.push(`  SELECT t.${id} AS ${id},${practice !== undefined ? ` t.${practice} AS ${practice},` : ''}`);
  lines.push(`    ${terms.join('\n    + ')} AS risk_eta${reasonDefs.length > 0 ? ',' : ''}`);
  if (reasonDefs.length > 0) lines.push(reasonDefs.join(',\n'));
  lines.push(`  FROM ${table} AS t`);
  lines.push('), risk_scored AS (');
  lines.push(`  SELECT ${id},${practice !== undefined ? ` ${practice},` : ''}${carry}`);
  lines.push('    CASE WHEN risk_eta >= 0 THEN 1 / (1 + EXP(-risk_eta))');
  lines.push('         WHEN risk_eta < -745 THEN 0');
  lines.push(`         ELSE EXP(risk_eta) / (1 + EXP(risk_eta)) END AS ${score}`);
  lines.push('  FROM risk_linear');
  lines.push(')');
  if (cohort === undefined) {
    lines.push(`SELECT ${id}, ${score}${reasonCols.length > 0 ? `, ${reasonCols.join(', ')}` : ''} FROM risk_scored`);
    return lines.join('\n');
  }
  const partition = practice !== undefined ? `PARTITION BY ${practice} ` : '';
  lines[lines.length - 1] = '), risk_ranked AS (';
  lines.push(`  SELECT ${id},${practice !== undefined ? ` ${practice},` : ''} ${score},${carry}`);
  lines.push(`    ROW_NUMBER() OVER (${partition}ORDER BY ${score} DESC, ${idAsText(o.dialect)(id)} ASC) AS risk_rank,`);
  lines.push(`    ${dbl(sqlNumber(cohort.topPercent))} * COUNT(*) OVER (${partition.trimEnd()}) / 100 AS risk_x`);
  lines.push('  FROM risk_scored');
  lines.push(')');
  lines.push(`SELECT ${id},${practice !== undefined ? ` ${practice},` : ''} ${score}, risk_rank AS ${q('rank')}${reasonCols.length > 0 ? `, ${reasonCols.join(', ')}` : ''}`);
  lines.push('FROM risk_ranked');
  const round = sqlDialect(o.dialect).round('risk_x');
  lines.push(`WHERE risk_rank <= CASE WHEN ABS(risk_x - ${round}) <= ${dbl('1e-12')} * (CASE WHEN risk_x > 1 THEN risk_x ELSE 1 END)`);
  lines.push(`                   THEN ${round} ELSE ${sqlDialect(o.dialect).ceil('risk_x')} END`);
  lines.push(`ORDER BY ${practice !== undefined ? `${practice}, ` : ''}risk_rank`);
  return lines.join('\n');
}
