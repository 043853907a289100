// Spark SQL (Databricks), T-SQL and Snowflake cannot run here: every statement the score,
// segment, cohort and churn writers make for them is parsed by a real parser of that dialect
// (datafusion-sqlparser-rs, test/helpers/sql-parse.ts), with awkward names and literals.
import { beforeAll, describe, expect, it } from 'vitest';
import { ageByConditions, bridgesToHealth, rules } from '../../src/index.js';
import { churnSQL, cohortSQL, segmentsSQL, type CohortSqlOptions } from '../../src/sql.js';
import { SQL_DIALECTS } from '../../src/sql/dialect.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';
import { model } from './fixtures.js';

beforeAll(async () => {
  await sqlParserReady();
});

const awkward = "odd \"name\" [x] `y` it's \\ here";
const variants: Omit<CohortSqlOptions, 'dialect' | 'scores' | 'people'>[] = [
  { topPercent: 2 },
  { topPercent: 5, per: 'population', policy: 'threshold', output: 'all' },
  { topN: 10, adultsOnly: false, orderBy: false },
  { topPercent: 2, capacity: 5, exclusions: { table: 'lists', listColumn: 'list', idColumn: 'id', lists: ['endOfLife', awkward] } },
  { topPercent: 2, groups: { P1: "MDT B's", [awkward]: 'MDT \\ A' }, capacity: { "MDT B's": 4, P9: 0 }, policy: 'threshold' },
];
const own = rules({ rules: [{ name: 'a', when: { not: { any: [{ feature: 'age', in: [] }, { feature: 'age', ne: 3, gt: 1 }] } } }, { name: "b's", when: { all: [] } }] });

describe.each(SQL_DIALECTS)('%s: every statement parses', (dialect) => {
  it('model.toSQL with reasons and the cohort, awkward names', () => {
    expect(parseSql(model.toSQL({ dialect, table: `db.${awkward}`, idColumn: awkward, reasons: true, cohort: { topPercent: 2, per: 'practice', practiceColumn: 'practice code' } }), dialect)).toBe(1);
    expect(parseSql(model.toSQL({ dialect, table: 'features', idColumn: 'id', scoreColumn: awkward }), dialect)).toBe(1);
  });
  it.each(variants.map((v, i) => [i, v] as const))('cohortSQL variant %i', (_, v) => {
    const sql = cohortSQL({
      dialect,
      scores: { table: 'warehouse.scores', idColumn: awkward, scoreColumn: 'score', carry: ['reason_age', awkward] },
      people: { table: 'eligibility', idColumn: 'nhs_pseudo_id', practiceColumn: 'practice_code', reasonColumn: 'reason' },
      ...v,
    });
    expect(parseSql(sql, dialect)).toBe(1);
  });
  it('churnSQL', () => {
    expect(parseSql(churnSQL({ dialect, current: { table: 'cohort_all' }, previous: { table: `last.${awkward}`, idColumn: awkward }, people: { table: 'eligibility', idColumn: 'id', reasonColumn: 'reason' } }), dialect)).toBe(1);
  });
  it('segmentsSQL: Bridges to Health, age by conditions, rules with not / any / in [] / ne', () => {
    const features = ['age', 'ltc_count', 'efi_category', 'care_home', 'emergency_admissions', 'ae_attendances', 'ltc_copd', 'ltc_dementia', 'ltc_heart_failure', 'ltc_cancer'];
    for (const m of [bridgesToHealth(), ageByConditions(), own]) {
      expect(parseSql(segmentsSQL(m, { dialect, table: 'features', idColumn: awkward, features, columns: { age: awkward } }), dialect)).toBe(1);
    }
  });
});

it('the parser refuses what a dialect does not accept (the parse tests can fail)', () => {
  expect(() => parseSql('SELECT a FROM t ORDER BY', 'tsql')).toThrow(/refused/);
  expect(() => parseSql('SELECT `a` FROM t', 'tsql')).toThrow(/refused/);
});
