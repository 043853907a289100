import * as z from 'zod/mini';
import type { SqlQuery } from './dialect.js';
import { adultBornBy } from './definitions.js';
import { generated, type GeneratedSql } from './features-sql.js';
import { parseSqlOptions, patientsBody, resolveSource, SqlSourceOptions } from './source-tables.js';

const FN = 'eligibilityToSQL';

/** Options of {@link eligibilityToSQL}: the source (`SqlSourceOptions`) and the adult rule. */
export const EligibilitySqlOptions = z.strictObject({
  ...SqlSourceOptions,
  /** Only people aged 18+ on `asOf` are eligible (default true, as `selectCohort`). */
  adultsOnly: z._default(z.boolean(), true),
  /** Create this table or view from the query. */
  target: z.optional(z.strictObject({ name: z.string().check(z.minLength(1)), kind: z._default(z.enum(['table', 'view']), 'table') })),
});
/** Input type of {@link EligibilitySqlOptions}. */
export type EligibilitySqlOptions = z.input<typeof EligibilitySqlOptions>;

/**
 * Writes the SQL for eligibility on `asOf` as `selectCohort` judges it: one row per person in
 * the patients table with the id, `practice`, `eligible` (1/0) and `reason`, the first of
 * `optedOut`, `deceased` (died on or before `asOf`), `leftList` (registration ended on or
 * before), `notRegistered` (born or registered after), `child` (with `adultsOnly`: younger than
 * 18 on `asOf`, a 29 February birthday reached on 1 March), NULL when eligible
 * (`ELIGIBILITY_REASONS`). Exclusion lists and missing scores are the cohort step's.
 *
 * @param options - See {@link EligibilitySqlOptions}.
 * @returns The query, its columns and (with `target`) the statements creating it.
 * @throws RiskStratifyError `invalid_options` for a bad option or a table named like an internal CTE.
 * @example
 * eligibilityToSQL({ dialect: 'tsql', asOf: '2025-05-01', tables: { patients: 'dbo.patients', activity: 'a', conditions: 'c' } }).columns;
 * // => ['person_id', 'practice', 'eligible', 'reason']
 */
export function eligibilityToSQL(options: EligibilitySqlOptions): GeneratedSql {
  const o = parseSqlOptions(FN, EligibilitySqlOptions, options);
  const s = resolveSource(FN, o, ['practice', 'eligible', 'reason']);
  const d = s.d;
  const A = d.date(s.asOf);
  const idName = s.patients.id!;
  const reason = [
    'CASE WHEN p.rs_opted_out = 1 THEN ' + d.string('optedOut'),
    `WHEN p.rs_death IS NOT NULL AND p.rs_death <= ${A} THEN ${d.string('deceased')}`,
    `WHEN p.rs_reg_to IS NOT NULL AND p.rs_reg_to <= ${A} THEN ${d.string('leftList')}`,
    `WHEN p.rs_birth > ${A} OR p.rs_reg_from > ${A} THEN ${d.string('notRegistered')}`,
    ...(o.adultsOnly ? [`WHEN p.rs_birth > ${d.date(adultBornBy(s.asOf))} THEN ${d.string('child')}`] : []),
    'END',
  ].join('\n    ');
  const query: SqlQuery = {
    with: [['rs_patients', patientsBody(s)], ['rs_eligibility', `  SELECT p.rs_id, p.rs_practice, ${reason} AS rs_reason\n  FROM ${d.ident('rs_patients')} AS p`]],
    select: [`e.rs_id AS ${d.ident(idName)}`, `e.rs_practice AS ${d.ident('practice')}`, `${d.flag('e.rs_reason IS NULL')} AS ${d.ident('eligible')}`, `e.rs_reason AS ${d.ident('reason')}`].join(',\n  '),
    from: `${d.ident('rs_eligibility')} AS e`,
    orderBy: d.ident(idName),
  };
  return generated(d, query, [idName, 'practice', 'eligible', 'reason'], o.target);
}
