import * as z from 'zod/mini';
import { checkTableName, parseSqlOptions, SqlDialectOption, SqlName, sqlWriter } from './sql-parts.js';

const FN = 'churnSQL';

/**
 * Options of {@link churnSQL}.
 *
 * - `dialect`: `duckdb`, `postgres`, `spark`, `tsql` or `snowflake`.
 * - `current`: this month's decisions, a table made from `cohortSQL({ output: 'all' })` (its
 *   columns `id`, `group`, `rank`, `exclusion`, `selected`, `over_capacity`).
 * - `previous`: last month's cohort, a table with one row per person selected (`idColumn`),
 *   e.g. last month's `cohortSQL` output kept.
 * - `people`: this month's eligibility relation, as `cohortSQL`'s `people` (`idColumn`,
 *   `reasonColumn`: `optedOut`, `deceased`, `leftList`, `notRegistered`, `child` or NULL).
 * - `orderBy` (default true): end with `ORDER BY` (status, group, rank, id); false for a
 *   view or a table made from it (T-SQL refuses `ORDER BY` in a view), as `cohortSQL`'s.
 *
 * @example
 * ChurnSqlOptions.parse({ dialect: 'duckdb', current: { table: 'cohort_all' },
 *   previous: { table: 'cohort_2024_02', idColumn: 'id' },
 *   people: { table: 'eligibility', idColumn: 'id', reasonColumn: 'reason' } }).dialect; // => 'duckdb'
 */
export const ChurnSqlOptions = z.strictObject({
  dialect: SqlDialectOption,
  current: z.strictObject({ table: SqlName }),
  previous: z.strictObject({ table: SqlName, idColumn: SqlName }),
  people: z.strictObject({ table: SqlName, idColumn: SqlName, reasonColumn: SqlName }),
  orderBy: z._default(z.boolean(), true),
});
/** Input type of {@link ChurnSqlOptions}. */
export type ChurnSqlOptions = z.input<typeof ChurnSqlOptions>;

/**
 * One SELECT statement for the churn between last month's cohort and this month's, as
 * `cohortChurn(previous, current, { population })` gives it: columns `status` (`entered`,
 * `stayed`, `left`), `id`, `reason` and `detail` (for leavers; NULL otherwise). A leaver's
 * reason is, in the library's order: opted out since (`opted out`, with a NULL id: counted,
 * never listed, as the library's `counts.optedOut`); an exclusion of this month's run
 * (`deceased` -> `died`, `leftList` -> `left the list`, `notRegistered` -> `not registered`,
 * anything else -> `excluded` with `detail` the list name, `child` or `missingScore`);
 * `over capacity`; not on this month's list (`not in population`); the person's record
 * (`died`, `left the list`); otherwise `risk fell`. Rows come entered, left, stayed; the
 * cohort's order (group, rank) within entered and stayed, ids in binary order among leavers
 * (without `orderBy: false`).
 * The caller's names are read once, qualified, into internal `ch_…` names; an unqualified
 * table named like one of the CTEs is refused (qualify it with its schema).
 *
 * @param options - See {@link ChurnSqlOptions}.
 * @returns The SQL text.
 * @throws RiskStratifyError `invalid_options` for a bad option or a table named like a CTE.
 * @example
 * churnSQL({ dialect: 'postgres', current: { table: 'cohort_all' }, previous: { table: 'cohort_prev', idColumn: 'id' },
 *   people: { table: 'eligibility', idColumn: 'id', reasonColumn: 'reason' } }).startsWith('WITH ch_previous AS ('); // => true
 */
export function churnSQL(options: ChurnSqlOptions): string {
  const o = parseSqlOptions(FN, ChurnSqlOptions, options);
  const w = sqlWriter(o.dialect);
  const ctes = ['ch_previous', 'ch_current', 'ch_people', 'ch_rows'];
  checkTableName(FN, ['current', 'table'], o.current.table, ctes);
  checkTableName(FN, ['previous', 'table'], o.previous.table, ctes);
  checkTableName(FN, ['people', 'table'], o.people.table, ctes);
  const t = w.string;
  const L: string[] = [];
  L.push('WITH ch_previous AS (');
  L.push(`  SELECT DISTINCT v.${w.ident(o.previous.idColumn)} AS ch_id FROM ${w.qualified(o.previous.table)} AS v`);
  L.push('), ch_current AS (');
  L.push(`  SELECT c.${w.ident('id')} AS ch_id, c.${w.ident('group')} AS ch_group, c.${w.ident('rank')} AS ch_rank, c.${w.ident('exclusion')} AS ch_exclusion,`);
  L.push(`    c.${w.ident('selected')} AS ch_selected, c.${w.ident('over_capacity')} AS ch_over`);
  L.push(`  FROM ${w.qualified(o.current.table)} AS c`);
  L.push('), ch_people AS (');
  L.push(`  SELECT p.${w.ident(o.people.idColumn)} AS ch_id, p.${w.ident(o.people.reasonColumn)} AS ch_reason FROM ${w.qualified(o.people.table)} AS p`);
  L.push('), ch_rows AS (');
  L.push(`  SELECT CASE WHEN v.ch_id IS NULL THEN ${t('entered')} ELSE ${t('stayed')} END AS ch_status,`);
  L.push(`    CASE WHEN v.ch_id IS NULL THEN 1 ELSE 3 END AS ch_order, c.ch_id, c.ch_group, c.ch_rank,`);
  L.push(`    CAST(NULL AS ${w.textType}) AS ch_reason, CAST(NULL AS ${w.textType}) AS ch_detail`);
  L.push(`  FROM ch_current AS c LEFT JOIN ch_previous AS v ON ${w.idEquals('v.ch_id', 'c.ch_id')}`);
  L.push('  WHERE c.ch_selected = 1');
  L.push('  UNION ALL');
  L.push(`  SELECT ${t('left')}, 2, CASE WHEN p.ch_reason = ${t('optedOut')} THEN NULL ELSE v.ch_id END, NULL, NULL,`);
  L.push(`    CASE WHEN p.ch_reason = ${t('optedOut')} THEN ${t('opted out')}`);
  L.push(`         WHEN c.ch_exclusion = ${t('deceased')} THEN ${t('died')}`);
  L.push(`         WHEN c.ch_exclusion = ${t('leftList')} THEN ${t('left the list')}`);
  L.push(`         WHEN c.ch_exclusion = ${t('notRegistered')} THEN ${t('not registered')}`);
  L.push(`         WHEN c.ch_exclusion IS NOT NULL THEN ${t('excluded')}`);
  L.push(`         WHEN c.ch_over = 1 THEN ${t('over capacity')}`);
  L.push(`         WHEN p.ch_id IS NULL THEN ${t('not in population')}`);
  L.push(`         WHEN p.ch_reason = ${t('deceased')} THEN ${t('died')}`);
  L.push(`         WHEN p.ch_reason = ${t('leftList')} THEN ${t('left the list')}`);
  L.push(`         ELSE ${t('risk fell')} END,`);
  L.push(`    CASE WHEN (p.ch_reason IS NULL OR p.ch_reason <> ${t('optedOut')}) AND c.ch_exclusion NOT IN (${['deceased', 'leftList', 'notRegistered'].map(t).join(', ')}) THEN c.ch_exclusion END`);
  L.push(`  FROM ch_previous AS v LEFT JOIN ch_current AS c ON ${w.idEquals('c.ch_id', 'v.ch_id')}`);
  L.push(`  LEFT JOIN ch_people AS p ON ${w.idEquals('p.ch_id', 'v.ch_id')}`);
  L.push('  WHERE c.ch_id IS NULL OR c.ch_selected = 0');
  L.push(')');
  L.push(`SELECT r.ch_status AS ${w.ident('status')}, r.ch_id AS ${w.ident('id')}, r.ch_reason AS ${w.ident('reason')}, r.ch_detail AS ${w.ident('detail')}`);
  L.push('FROM ch_rows AS r');
  if (o.orderBy) L.push(`ORDER BY r.ch_order, ${w.idText('r.ch_group')}, r.ch_rank, ${w.idText('r.ch_id')}`);
  return L.join('\n');
}
