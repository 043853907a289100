import * as z from 'zod/mini';
import { fail } from '../core/errors.js';
import type { RuleCondition, SegmentationModel } from '../segment/rules.js';
import { parseSqlOptions, SqlDialectOption, SqlName, sqlWriter, type SqlWriter } from './sql-parts.js';

const FN = 'segmentsSQL';

/**
 * Options of {@link segmentsSQL}.
 *
 * - `dialect`: `duckdb`, `postgres`, `spark`, `tsql` or `snowflake`.
 * - `table`: the features relation, one row per person, with `buildFeatures`' column names
 *   (`age`, `ltc_count`, `ltc_<cluster>`, `efi_category`, `care_home`, `emergency_admissions`,
 *   `ae_attendances`, ...), e.g. the features step's table.
 * - `idColumn`: its person id column.
 * - `features`: the feature columns the relation has. A rule on a feature not in the list is
 *   false where the rule says `missing: 'false'` (the `ltc_<key>` clusters of Bridges to
 *   Health), and an error otherwise, as `segment` does with a matrix lacking the column.
 * - `columns`: feature name -> column name where they differ (default: the feature name).
 * - `orderBy` (default true): end with `ORDER BY` id; false for a view or a table made from
 *   it (T-SQL refuses `ORDER BY` in a view).
 *
 * @example
 * SegmentsSqlOptions.parse({ dialect: 'duckdb', table: 'features', idColumn: 'id', features: ['age'] }).table; // => 'features'
 */
export const SegmentsSqlOptions = z.strictObject({
  dialect: SqlDialectOption,
  table: SqlName,
  idColumn: SqlName,
  features: z.array(SqlName),
  columns: z.optional(z.record(z.string(), SqlName)),
  orderBy: z._default(z.boolean(), true),
});
/** Input type of {@link SegmentsSqlOptions}. */
export type SegmentsSqlOptions = z.input<typeof SegmentsSqlOptions>;

/**
 * One SELECT statement that puts every row of a features relation in a segment of `model`, as
 * `segment(population, model, { asOf, features })` does: the rules in the model's order, the
 * first that holds wins (`CASE WHEN rule 1 THEN ... WHEN rule 2 ...`), people no rule matches
 * in the model's default segment (without one, where `segment` would refuse them, their
 * `segment` is NULL: a check for the caller). Columns `id`, `segment` (the code), `segment_name` and
 * `rule` (the 0-based index of the rule that assigned the person, NULL for the default), rows
 * in id order. Works for `bridgesToHealth()`, `ageByConditions()`, `frailtyCategories()` and any
 * `rules(config)`, because it is written from the rules themselves. Each comparison is a
 * predicate that is never NULL (a NULL value, which the library's features never have, makes
 * it false, and `ne` true), so `not` and `any` work as the library's 0/1 masks.
 *
 * @param model - The segmentation model.
 * @param options - See {@link SegmentsSqlOptions}.
 * @returns The SQL text.
 * @throws RiskStratifyError `invalid_options` for a bad option; `missing_column` for a rule on a
 *   feature not in `features` without `missing: 'false'`.
 * @example
 * segmentsSQL(ageByConditions({ ageBands: [0, 65], conditionCounts: [0, 2] }),
 *   { dialect: 'duckdb', table: 'features', idColumn: 'id', features: ['age', 'ltc_count'] }).startsWith('WITH sg_features AS ('); // => true
 */
export function segmentsSQL(model: SegmentationModel, options: SegmentsSqlOptions): string {
  const o = parseSqlOptions(FN, SegmentsSqlOptions, options);
  const w = sqlWriter(o.dialect);
  if (!model || !Array.isArray(model.rules) || !Array.isArray(model.segments)) {
    fail({ fn: FN, code: 'invalid_argument', path: ['model'], value: model, message: 'model must come from rules(), bridgesToHealth(), ageByConditions() or frailtyCategories()' });
  }
  const mapping = o.columns ?? {};
  const have = new Set(o.features);
  // Each feature used is read once under an internal name sg_f1, sg_f2, ...
  const used = new Map<string, string>();
  const ref = (feature: string): string => {
    let name = used.get(feature);
    if (name === undefined) used.set(feature, (name = `sg_f${used.size + 1}`));
    return `f.${name}`;
  };
  const condition = (c: RuleCondition, path: (string | number)[]): string => condSQL(w, c, path, have, ref);
  const arms = model.rules.map((r, j) => ({ when: r.when === undefined ? '1 = 1' : condition(r.when, ['model', 'rules', j, 'when']), segment: r.segment, j }));
  const nameOf = new Map(model.segments.map((s) => [s.code, s.name]));
  const L: string[] = [];
  L.push('WITH sg_features AS (');
  L.push(`  SELECT t.${w.ident(o.idColumn)} AS sg_id${[...used].map(([feature, name]) => `, ${w.double(`t.${w.ident(Object.hasOwn(mapping, feature) ? mapping[feature]! : feature)}`)} AS ${name}`).join('')}`);
  L.push(`  FROM ${w.qualified(o.table)} AS t`);
  L.push('), sg_assigned AS (');
  L.push('  SELECT f.sg_id, CASE');
  for (const a of arms) L.push(`    WHEN ${a.when} THEN ${a.j}`);
  L.push('    END AS sg_rule');
  L.push('  FROM sg_features AS f');
  L.push(')');
  const segmentOf = `CASE a.sg_rule${arms.map((a) => ` WHEN ${a.j} THEN ${a.segment}`).join('')} ELSE ${model.defaultSegment ?? 'NULL'} END`;
  const named = (expr: string) => `CASE ${expr}${model.segments.map((s) => ` WHEN ${s.code} THEN ${w.string(nameOf.get(s.code)!)}`).join('')} END`;
  L.push(`SELECT a.sg_id AS ${w.ident('id')}, ${segmentOf} AS ${w.ident('segment')}, ${named(segmentOf)} AS ${w.ident('segment_name')}, a.sg_rule AS ${w.ident('rule')}`);
  L.push('FROM sg_assigned AS a');
  if (o.orderBy) L.push(`ORDER BY ${w.idText('a.sg_id')}`);
  return L.join('\n');
}

/** A condition as a SQL predicate that is never NULL (so NOT and OR behave as the library's 0/1 masks). */
function condSQL(w: SqlWriter, c: RuleCondition, path: (string | number)[], have: ReadonlySet<string>, ref: (feature: string) => string): string {
  if ('all' in c) return c.all.length === 0 ? '1 = 1' : `(${c.all.map((x, j) => condSQL(w, x, [...path, 'all', j], have, ref)).join(' AND ')})`;
  if ('any' in c) return c.any.length === 0 ? '1 = 0' : `(${c.any.map((x, j) => condSQL(w, x, [...path, 'any', j], have, ref)).join(' OR ')})`;
  if ('not' in c) return `NOT ${condSQL(w, c.not, [...path, 'not'], have, ref)}`;
  if (!have.has(c.feature)) {
    if (c.missing === 'false') return '1 = 0';
    fail({ fn: FN, code: 'missing_column', path: [...path, 'feature'], value: c.feature, message: `rule refers to a feature the relation does not have (features: ${[...have].join(', ')})` });
  }
  const v = ref(c.feature);
  const n = (x: number): string => w.double(w.number(x));
  const parts: string[] = [];
  if (c.eq !== undefined) parts.push(`${v} = ${n(c.eq)}`);
  if (c.gt !== undefined) parts.push(`${v} > ${n(c.gt)}`);
  if (c.gte !== undefined) parts.push(`${v} >= ${n(c.gte)}`);
  if (c.lt !== undefined) parts.push(`${v} < ${n(c.lt)}`);
  if (c.lte !== undefined) parts.push(`${v} <= ${n(c.lte)}`);
  if (c.in !== undefined) parts.push(c.in.length === 0 ? '1 = 0' : `${v} IN (${c.in.map(n).join(', ')})`);
  // The library's NaN: every comparison false except ne (NaN !== x); SQL's NULL made to agree.
  const positive = parts.length > 0 ? `(${v} IS NOT NULL AND ${parts.join(' AND ')})` : undefined;
  const negative = c.ne !== undefined ? `(${v} IS NULL OR ${v} <> ${n(c.ne)})` : undefined;
  return positive !== undefined && negative !== undefined ? `(${positive} AND ${negative})` : (positive ?? negative ?? '1 = 1');
}
