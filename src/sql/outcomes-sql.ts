import * as z from 'zod/mini';
import { ACSC_CODES, acscPrefixSet, type AcscCodes } from '../features/acsc-codes.js';
import type { Dialect, SqlQuery } from './dialect.js';
import { OUTCOME_DEFINITIONS, outcomeWindow, type ActivityFilter } from './definitions.js';
import { generated, type GeneratedSql } from './features-sql.js';
import { activityBody, parseSqlOptions, patientsBody, registeredOn, resolveSource, SqlSourceOptions, stayUpTo } from './source-tables.js';

const FN = 'outcomesToSQL';

/** Options of {@link outcomesToSQL}: the source (`SqlSourceOptions`) and `buildOutcomes`' options. */
export const OutcomesSqlOptions = z.strictObject({
  ...SqlSourceOptions,
  /** Outcome window in calendar months (1..120), as `buildOutcomes`' `horizonMonths`. */
  horizonMonths: z._default(z.int().check(z.gte(1), z.lte(120)), 12),
  /** `'observed'` (default) or `'exclude'`, as `buildOutcomes`' `censoring`. */
  censoring: z._default(z.enum(['observed', 'exclude']), 'observed'),
  /** ACSC prefixes or a versioned list; default `ACSC_CODES`. */
  acscCodes: z.optional(z.custom<AcscCodes>((v) => Array.isArray(v) || (typeof v === 'object' && v !== null && Array.isArray((v as { groups?: unknown }).groups)), 'must be prefixes or an ACSC code list')),
  /** Create this table or view from the query. */
  target: z.optional(z.strictObject({ name: z.string().check(z.minLength(1)), kind: z._default(z.enum(['table', 'view']), 'table') })),
});
/** Input type of {@link OutcomesSqlOptions}. */
export type OutcomesSqlOptions = z.input<typeof OutcomesSqlOptions>;

function condition(f: ActivityFilter): string {
  const parts = [`a.rs_setting = ${['inpatient', 'ae', 'outpatient', 'gp'].indexOf(f.setting)}`];
  if (f.emergency !== undefined) parts.push(`a.rs_emergency = ${f.emergency ? 1 : 0}`);
  if (f.acsc === true) parts.push('a.rs_acsc = 1');
  return parts.join(' AND ');
}

/** The earlier of a date and a nullable date (NULL: never). */
const earlier = (d: Dialect, a: string, b: string): string => `CASE WHEN ${b} IS NOT NULL AND ${b} < ${a} THEN ${b} ELSE ${a} END`;

/**
 * Writes the SQL for `buildOutcomes`: for each person registered, born and alive on `asOf`
 * (the rows `buildFeatures` gives), what happened in `(asOf, asOf + horizonMonths]`, one
 * column per entry of `OUTCOME_DEFINITIONS` (`emergency_admission`, `avoidable_admission`,
 * `emergency_admissions`, `avoidable_admissions`, `bed_days`, `died`, `left_list`,
 * `included`), counted up to the window end, the death day or the day before the
 * registration ends; with `censoring: 'exclude'` people who died or left get `included = 0`
 * and zeros. Tested equal to `buildOutcomes` in DuckDB and PostgreSQL.
 *
 * @param options - See {@link OutcomesSqlOptions}.
 * @returns The query, its columns and (with `target`) the statements creating it.
 * @throws RiskStratifyError `invalid_options` for a bad option or a table named like an internal CTE.
 * @example
 * outcomesToSQL({ dialect: 'postgres', asOf: '2024-03-31', tables: { patients: 'p', activity: 'a', conditions: 'c' } }).columns[1];
 * // => 'emergency_admission'
 */
export function outcomesToSQL(options: OutcomesSqlOptions): GeneratedSql {
  const o = parseSqlOptions(FN, OutcomesSqlOptions, options);
  const names = OUTCOME_DEFINITIONS.map((x) => x.name);
  const s = resolveSource(FN, o, names);
  const d = s.d;
  const A = d.date(s.asOf);
  const win = outcomeWindow(s.asOf, o.horizonMonths);
  const E = d.date(win.last);
  const idName = s.patients.id!;
  const exclude = o.censoring === 'exclude';

  const ctes: [string, string][] = [];
  ctes.push(['rs_patients', patientsBody(s)]);
  // last counted day: window end, death day, or the day before the registration ends
  const limit = earlier(d, earlier(d, E, 'p.rs_death'), d.addDays('p.rs_reg_to', -1));
  const died = `p.rs_death IS NOT NULL AND p.rs_death > ${A} AND p.rs_death <= ${E}`;
  const left = `p.rs_reg_to IS NOT NULL AND p.rs_reg_to > ${A} AND p.rs_reg_to <= ${E} AND (p.rs_death IS NULL OR p.rs_reg_to < p.rs_death)`;
  ctes.push(['rs_people', `  SELECT p.rs_id, ${limit} AS rs_limit, ${d.flag(died)} AS rs_died, ${d.flag(left)} AS rs_left\n  FROM ${d.ident('rs_patients')} AS p\n  WHERE ${registeredOn(d, 'p', A)}`]);
  ctes.push(['rs_activity', activityBody(s, d.date(win.first), E, [...acscPrefixSet(o.acscCodes ?? ACSC_CODES)])]);
  const sums = OUTCOME_DEFINITIONS.filter((x) => x.source === 'activity' && x.aggregate !== 'any').map((x) =>
    x.aggregate === 'count'
      ? `SUM(CASE WHEN ${condition(x.filter!)} THEN 1 ELSE 0 END) AS ${d.ident(`rs_${x.name}`)}`
      : `SUM(CASE WHEN ${condition(x.filter!)} THEN ${stayUpTo(d, 'a', 'p.rs_limit')} ELSE ${d.double('0')} END) AS ${d.ident(`rs_${x.name}`)}`,
  );
  ctes.push(['rs_activity_sums', `  SELECT p.rs_id, ${sums.join(',\n    ')}\n  FROM ${d.ident('rs_people')} AS p\n  INNER JOIN ${d.ident('rs_activity')} AS a ON a.rs_id = p.rs_id AND a.rs_day <= p.rs_limit\n  GROUP BY p.rs_id`]);

  const kept = exclude ? 'p.rs_died = 0 AND p.rs_left = 0' : undefined;
  const keep = (e: string, zero: string): string => (kept === undefined ? e : `CASE WHEN ${kept} THEN ${e} ELSE ${zero} END`);
  const countOf = (name: string): string => `COALESCE(a.${d.ident(`rs_${name}`)}, 0)`;
  const select = [`p.rs_id AS ${d.ident(idName)}`];
  for (const x of OUTCOME_DEFINITIONS) {
    let e: string;
    if (x.aggregate === 'count') e = keep(countOf(x.name), '0');
    else if (x.aggregate === 'any') e = keep(d.flag(`${countOf(x.name === 'emergency_admission' ? 'emergency_admissions' : 'avoidable_admissions')} > 0`), '0');
    else if (x.aggregate === 'sum_stay') e = d.double(keep(`COALESCE(a.${d.ident(`rs_${x.name}`)}, ${d.double('0')})`, d.double('0')));
    else if (x.aggregate === 'died_in_window') e = 'p.rs_died';
    else if (x.aggregate === 'left_in_window') e = 'p.rs_left';
    else e = kept === undefined ? '1' : d.flag(kept);
    select.push(`${e} AS ${d.ident(x.name)}`);
  }
  const query: SqlQuery = { with: ctes, select: select.join(',\n  '), from: `${d.ident('rs_people')} AS p\nLEFT JOIN ${d.ident('rs_activity_sums')} AS a ON a.rs_id = p.rs_id`, orderBy: d.ident(idName) };
  return generated(d, query, [idName, ...names], o.target);
}
