import { z } from 'zod/mini';
import { fail } from '../core/errors.js';
import { BUILT_IN_EXCLUSIONS } from '../cohort/cohort.js';
import { cohortSizeSQL } from '../model/risk-model-to-sql.js';
import { sqlNumber } from './dialect.js';
import { checkTableName, parseSqlOptions, SqlDialectOption, SqlName, sqlWriter } from './sql-parts.js';

const FN = 'cohortSQL';
const count = z.number().check(z.int(), z.nonnegative());
const record = <T extends z.ZodMiniType>(value: T) => z.record(z.string(), value);

/**
 * Options of {@link cohortSQL}.
 *
 * - `dialect`: `duckdb`, `postgres`, `spark`, `tsql` or `snowflake`.
 * - `scores`: the scored people, e.g. a table made from `model.toSQL({ reasons: true })`:
 *   `table`, `idColumn`, `scoreColumn` (default `score`), and `carry`, more columns to bring
 *   along into the output under their own names (e.g. the `reason_<group>` columns). A NULL
 *   score is the library's NaN: excluded as `missingScore` (as `missing: 'exclude'`).
 * - `people`: everyone on the list on the as-of date with their eligibility, one row a
 *   person: `table`, `idColumn`, `practiceColumn`, and `reasonColumn`, the first built-in
 *   reason the person is not eligible, in `selectCohort`'s order and words: `optedOut`,
 *   `deceased`, `leftList`, `notRegistered`, `child` (under 18 on the as-of date), or NULL
 *   when eligible. Scored people missing from it are left out (the library refuses them).
 * - `exclusions`: a table of `(list, id)` pairs (`listColumn`, `idColumn`) and `lists`, the
 *   names of the lists to apply, in order: a person on several lists is excluded under the
 *   first (as the keys of `selectCohort`'s `exclude`). Ids are trimmed of spaces, then
 *   matched exactly, case included.
 * - The variant, as `selectCohort`'s options: `topPercent` or `topN`, `per` (`practice`,
 *   default, or `population`), `adultsOnly` (default true), `policy` (`exact`, default, or
 *   `threshold`), `capacity` (a number, or a record unit -> number) and `groups` (practice ->
 *   MDT, the capacity unit).
 * - `output`: `selected` (default: the cohort) or `all` (every scored person with their
 *   exclusion, rank and whether selected: what {@link churnSQL} reads).
 * - `orderBy` (default true): end with `ORDER BY` group, rank (false for a view, which T-SQL
 *   refuses to order).
 *
 * @example
 * CohortSqlOptions.parse({ dialect: 'duckdb', scores: { table: 's', idColumn: 'id' },
 *   people: { table: 'p', idColumn: 'id', practiceColumn: 'practice', reasonColumn: 'why' }, topPercent: 2 }).policy;
 * // => 'exact'
 */
export const CohortSqlOptions = z
  .strictObject({
    dialect: SqlDialectOption,
    scores: z.strictObject({ table: SqlName, idColumn: SqlName, scoreColumn: z._default(SqlName, 'score'), carry: z._default(z.array(SqlName), []) }),
    people: z.strictObject({ table: SqlName, idColumn: SqlName, practiceColumn: SqlName, reasonColumn: SqlName }),
    exclusions: z.optional(z.strictObject({ table: SqlName, listColumn: SqlName, idColumn: SqlName, lists: z.array(SqlName).check(z.minLength(1)) })),
    topPercent: z.optional(z.number().check(z.positive(), z.lte(100))),
    topN: z.optional(count),
    per: z._default(z.enum(['practice', 'population']), 'practice'),
    adultsOnly: z._default(z.boolean(), true),
    policy: z._default(z.enum(['exact', 'threshold']), 'exact'),
    capacity: z.optional(z.union([count, record(count)])),
    groups: z.optional(record(z.string())),
    output: z._default(z.enum(['selected', 'all']), 'selected'),
    orderBy: z._default(z.boolean(), true),
  })
  .check(
    z.refine((o) => (o.topPercent === undefined) !== (o.topN === undefined), { message: 'give exactly one of topPercent and topN', path: ['topPercent'] }),
  );
/** Input type of {@link CohortSqlOptions}. */
export type CohortSqlOptions = z.input<typeof CohortSqlOptions>;

/** The CTEs of {@link cohortSQL}'s statement. */
const CTES = ['rs_people', 'rs_scores', 'rs_listed', 'rs_decided', 'rs_ranked', 'rs_sized', 'rs_cut', 'rs_picked', 'rs_capped', 'rs_all'];

/** The output columns of {@link cohortSQL}, in order (`exclusion`, `over_capacity` only with `output: 'all'`). */
export const COHORT_SQL_COLUMNS = Object.freeze(['id', 'practice', 'group', 'score', 'rank', 'exclusion', 'selected', 'over_capacity'] as const);

/**
 * One SELECT statement that draws a cohort as `selectCohort` draws it, in the warehouse:
 * among the scored people who are eligible (the `people` reason is NULL, or `child` when not
 * `adultsOnly`; on no exclusion list; score not NULL; each excluded person gets the first
 * reason that applies, in the library's order), ranked per group (practice, or `population`)
 * by score descending then by the id as text in binary order (`ROW_NUMBER`, so ranks are
 * 1, 2, 3 ... as the library's); k = ceil(p/100 · eligible) with the library's rounding
 * (`cohortSize`: within 1e-12 of a whole number counts as it, at least 1), or min(topN,
 * eligible); `exact` keeps ranks 1..k, `threshold` also everyone scoring the k-th score;
 * then capacity: each unit (practice, or MDT through `groups`) keeps its best-ranked people up
 * to its limit, ranks kept with gaps, as the library.
 *
 * Columns: `id`, `practice`, `group` (practice code or `population`), `score`, `rank` (among
 * the eligible of the group; NULL when excluded), the `scores.carry` columns, and with
 * `output: 'all'` also `exclusion` (the reason, NULL when eligible), `selected` (1/0) and
 * `over_capacity` (1/0). The caller's names are read once, qualified, into internal names
 * starting `rs_`, so no caller column can shadow them. Every identifier is quoted and every
 * list, practice and MDT name is a quoted literal; an unqualified table named like one of the
 * statement's CTEs (`rs_…`) is refused (qualify it with its schema). What SQL cannot do as the library does:
 * an exclusion list matching nobody is not an error, and the size warnings are not computed.
 *
 * @param options - See {@link CohortSqlOptions}.
 * @returns The SQL text.
 * @throws RiskStratifyError `invalid_options` for a bad option, a `carry` column named like an
 *   output column, or a list named like a built-in reason.
 * @example
 * cohortSQL({ dialect: 'postgres', scores: { table: 'scores', idColumn: 'id' },
 *   people: { table: 'eligibility', idColumn: 'id', practiceColumn: 'practice', reasonColumn: 'reason' },
 *   topPercent: 2 }).startsWith('WITH rs_people AS ('); // => true
 */
export function cohortSQL(options: CohortSqlOptions): string {
  const o = parseSqlOptions(FN, CohortSqlOptions, options);
  const w = sqlWriter(o.dialect);
  for (const [i, c] of o.scores.carry.entries()) {
    if ((COHORT_SQL_COLUMNS as readonly string[]).includes(c.toLowerCase()) || o.scores.carry.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== i) {
      fail({ fn: FN, code: 'invalid_options', path: ['options', 'scores', 'carry', i], value: c, message: `'${c}' would repeat an output column name (${COHORT_SQL_COLUMNS.join(', ')} and the other carried columns)` });
    }
  }
  checkTableName(FN, ['people', 'table'], o.people.table, CTES);
  checkTableName(FN, ['scores', 'table'], o.scores.table, CTES);
  if (o.exclusions !== undefined) checkTableName(FN, ['exclusions', 'table'], o.exclusions.table, CTES);
  const lists = o.exclusions?.lists ?? [];
  for (const [i, name] of lists.entries()) {
    if ((BUILT_IN_EXCLUSIONS as readonly string[]).includes(name) || name === 'notScored') {
      fail({ fn: FN, code: 'invalid_options', path: ['options', 'exclusions', 'lists', i], value: name, message: 'this reason is built in; choose another name for the list' });
    }
  }
  const carried = o.scores.carry.map((c, i) => ({ internal: `rs_c${i + 1}`, output: c }));
  const carry = (alias: string): string => carried.map((c) => ` ${alias}.${c.internal},`).join('');
  const order = (alias: string): string => `${alias}.rs_score DESC, ${w.idText(`${alias}.rs_id`)} ASC`;
  const L: string[] = [];
  L.push('WITH rs_people AS (');
  L.push(`  SELECT p.${w.ident(o.people.idColumn)} AS rs_id, p.${w.ident(o.people.practiceColumn)} AS rs_practice, p.${w.ident(o.people.reasonColumn)} AS rs_reason`);
  L.push(`  FROM ${w.qualified(o.people.table)} AS p`);
  L.push('), rs_scores AS (');
  L.push(`  SELECT s.${w.ident(o.scores.idColumn)} AS rs_id, ${w.double(`s.${w.ident(o.scores.scoreColumn)}`)} AS rs_score${carried.map((c) => `, s.${w.ident(c.output)} AS ${c.internal}`).join('')}`);
  L.push(`  FROM ${w.qualified(o.scores.table)} AS s`);
  if (o.exclusions !== undefined) {
    const x = o.exclusions;
    const listId = `TRIM(x.${w.ident(x.idColumn)})`;
    L.push('), rs_listed AS (');
    L.push(`  SELECT ${listId} AS rs_id, MIN(CASE x.${w.ident(x.listColumn)}${lists.map((name, i) => ` WHEN ${w.string(name)} THEN ${i + 1}`).join('')} END) AS rs_list`);
    L.push(`  FROM ${w.qualified(x.table)} AS x`);
    L.push(`  WHERE x.${w.ident(x.listColumn)} IN (${lists.map(w.string).join(', ')})`);
    L.push(`  GROUP BY ${listId}`);
  }
  const group = o.per === 'practice' ? 'p.rs_practice' : w.string('population');
  L.push('), rs_decided AS (');
  L.push(`  SELECT s.rs_id, p.rs_practice, ${group} AS rs_group, s.rs_score,${carry('s')}`);
  L.push(`    CASE WHEN p.rs_reason IS NOT NULL AND p.rs_reason <> ${w.string('child')} THEN p.rs_reason`);
  if (o.adultsOnly) L.push(`         WHEN p.rs_reason = ${w.string('child')} THEN ${w.string('child')}`);
  lists.forEach((name, i) => L.push(`         WHEN l.rs_list = ${i + 1} THEN ${w.string(name)}`));
  L.push(`         WHEN s.rs_score IS NULL THEN ${w.string('missingScore')} END AS rs_exclusion`);
  L.push(`  FROM rs_scores AS s JOIN rs_people AS p ON ${w.idEquals('s.rs_id', 'p.rs_id')}`);
  if (o.exclusions !== undefined) L.push(`  LEFT JOIN rs_listed AS l ON ${w.idEquals('l.rs_id', 's.rs_id')}`);
  L.push('), rs_ranked AS (');
  L.push(`  SELECT d.rs_id, d.rs_group, d.rs_practice, d.rs_score,`);
  L.push(`    ROW_NUMBER() OVER (PARTITION BY d.rs_group ORDER BY ${order('d')}) AS rs_rank,`);
  L.push('    COUNT(*) OVER (PARTITION BY d.rs_group) AS rs_n');
  L.push('  FROM rs_decided AS d');
  L.push('  WHERE d.rs_exclusion IS NULL');
  const k =
    o.topPercent !== undefined
      ? cohortSizeSQL(o.dialect, `(${w.double(sqlNumber(o.topPercent))} * r.rs_n / 100)`)
      : `CASE WHEN r.rs_n < ${o.topN} THEN r.rs_n ELSE ${o.topN} END`;
  L.push('), rs_sized AS (');
  L.push(`  SELECT r.rs_id, r.rs_group, r.rs_practice, r.rs_score, r.rs_rank, ${k} AS rs_k`);
  L.push('  FROM rs_ranked AS r');
  L.push('), rs_cut AS (');
  L.push('  SELECT z.rs_id, z.rs_group, z.rs_practice, z.rs_score, z.rs_rank, z.rs_k,');
  L.push('    MAX(CASE WHEN z.rs_rank = z.rs_k THEN z.rs_score END) OVER (PARTITION BY z.rs_group) AS rs_threshold');
  L.push('  FROM rs_sized AS z');
  const unitOf = (expr: string): string => {
    const entries = Object.entries(o.groups ?? {});
    return entries.length === 0 ? expr : `CASE ${expr}${entries.map(([p, g]) => ` WHEN ${w.string(p)} THEN ${w.string(g)}`).join('')} ELSE ${expr} END`;
  };
  const inCut = o.policy === 'threshold' ? 'c.rs_rank <= c.rs_k OR c.rs_score = c.rs_threshold' : 'c.rs_rank <= c.rs_k';
  L.push('), rs_picked AS (');
  L.push(`  SELECT c.rs_id, c.rs_score, c.rs_rank, CASE WHEN ${inCut} THEN 1 ELSE 0 END AS rs_in, ${unitOf('c.rs_practice')} AS rs_unit`);
  L.push('  FROM rs_cut AS c');
  const cap = o.capacity;
  const capOf = (expr: string): string =>
    cap === undefined ? 'NULL' : typeof cap === 'number' ? String(cap) : `CASE ${expr}${Object.entries(cap).map(([u, n]) => ` WHEN ${w.string(u)} THEN ${n}`).join('')} END`;
  L.push('), rs_capped AS (');
  L.push(`  SELECT k.rs_id, k.rs_rank, k.rs_in, CASE WHEN k.rs_in = 1 AND ROW_NUMBER() OVER (PARTITION BY k.rs_in, k.rs_unit ORDER BY ${order('k')}) > ${capOf('k.rs_unit')} THEN 1 ELSE 0 END AS rs_over`);
  L.push('  FROM rs_picked AS k');
  L.push('), rs_all AS (');
  L.push(`  SELECT d.rs_id, d.rs_practice, d.rs_group, d.rs_score, c.rs_rank,${carry('d')} d.rs_exclusion,`);
  L.push('    CASE WHEN c.rs_in = 1 AND c.rs_over = 0 THEN 1 ELSE 0 END AS rs_selected, CASE WHEN c.rs_over = 1 THEN 1 ELSE 0 END AS rs_over');
  L.push(`  FROM rs_decided AS d LEFT JOIN rs_capped AS c ON ${w.idEquals('c.rs_id', 'd.rs_id')}`);
  L.push(')');
  const outputs: [string, string][] = [['rs_id', 'id'], ['rs_practice', 'practice'], ['rs_group', 'group'], ['rs_score', 'score'], ['rs_rank', 'rank']];
  for (const c of carried) outputs.push([c.internal, c.output]);
  if (o.output === 'all') outputs.push(['rs_exclusion', 'exclusion'], ['rs_selected', 'selected'], ['rs_over', 'over_capacity']);
  L.push(`SELECT ${outputs.map(([i, name]) => `a.${i} AS ${w.ident(name)}`).join(', ')}`);
  L.push('FROM rs_all AS a');
  if (o.output === 'selected') L.push('WHERE a.rs_selected = 1');
  if (o.orderBy) L.push(`ORDER BY ${w.idText('a.rs_group')}, CASE WHEN a.rs_rank IS NULL THEN 1 ELSE 0 END, a.rs_rank, ${w.idText('a.rs_id')}`);
  return L.join('\n');
}
