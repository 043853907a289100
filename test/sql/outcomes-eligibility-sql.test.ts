import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, formatDay } from '../../src/core/dates.js';
import type { Population } from '../../src/core/population.js';
import { buildOutcomes, type Outcomes } from '../../src/features/build-outcomes.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { generatePopulation } from '../../src/synth/generate-population.js';
import { SQL_DIALECTS, type SqlDialect } from '../../src/sql/dialect.js';
import { OUTCOME_DEFINITIONS } from '../../src/sql/definitions.js';
import { outcomesToSQL } from '../../src/sql/outcomes-sql.js';
import { eligibilityToSQL } from '../../src/sql/eligibility-sql.js';
import { connectPg } from '../helpers/pg-client.js';
import { parseSql, sqlParserReady } from '../helpers/sql-parse.js';
import { loadDuckDB, loadPg, populationTables, useDuckDB } from '../helpers/warehouse-tables.js';
import { edgePopulation, EDGE_AS_OF } from './edge-population.js';
import { synthea } from './feature-compare.js';


const TABLES = { patients: 'patients', activity: 'activity', conditions: 'conditions' } as const;
const synthetic = generatePopulation({ size: 3000, seed: 11 }).population;
const synAsOf = formatDay(addMonths(synthetic.window.extractDate, -12));

/** The outcome rows differing from buildOutcomes (at most 20). */
function outcomeDifferences(o: Outcomes, rows: readonly Record<string, unknown>[]): string[] {
  const out: string[] = [];
  if (rows.length !== o.rows.length) out.push(`rows: SQL ${rows.length}, buildOutcomes ${o.rows.length}`);
  const byId = new Map(rows.map((r) => [String(r['person_id']), r]));
  o.rowIds.forEach((id, r) => {
    const row = byId.get(id);
    for (const x of OUTCOME_DEFINITIONS) {
      const sql = row === undefined ? Number.NaN : Number(row[x.name]);
      const lib = o[x.field][r]!;
      if (sql !== lib && out.length < 20) out.push(`${id} ${x.name}: SQL ${sql}, buildOutcomes ${lib}`);
    }
  });
  return out;
}

/** Eligibility as selectCohort judges it: every person scored alike, the top 100% taken. */
function cohortEligibility(pop: Population, asOf: string, adultsOnly: boolean): Map<string, string | null> {
  const c = selectCohort(new Float64Array(pop.size).fill(0.5), pop, { asOf, topPercent: 100, per: 'population', adultsOnly });
  const out = new Map<string, string | null>();
  for (const id of c.selected.ids) out.set(id, null);
  for (const e of c.exclusions) out.set(e.id, e.reason);
  for (let i = 0; i < pop.size; i++) if (!out.has(pop.ids[i]!)) out.set(pop.ids[i]!, 'optedOut'); // counted, not listed
  expect(c.excluded.optedOut).toBe([...out.values()].filter((r) => r === 'optedOut').length);
  return out;
}
const asMap = (rows: readonly Record<string, unknown>[]): Map<string, string | null> => new Map(rows.map((r) => [String(r['person_id']), (r['reason'] as string | null) ?? null]));

type Runner = (sql: string) => Promise<Record<string, unknown>[]>;
const CASES: [string, () => Population, string][] = [
  ['generatePopulation (3,000 people)', () => synthetic, synAsOf],
  ['the edge cases', edgePopulation, EDGE_AS_OF],
  ['the committed Synthea export', () => synthea, '2022-10-16'],
];

function equalityTests(dialect: SqlDialect, ready: () => { run: Runner; load: (pop: Population) => Promise<void> }): void {
  for (const [what, make, asOf] of CASES) {
    for (const censoring of ['observed', 'exclude'] as const) {
      it(`outcomesToSQL equals buildOutcomes on ${what} (censoring ${censoring}, 12 and 5 months)`, async () => {
        const pop = make();
        await ready().load(pop);
        for (const horizonMonths of what.includes('Synthea') ? [12] : [12, 5]) {
          const o = buildOutcomes(pop, { asOf, horizonMonths, censoring });
          const rows = await ready().run(outcomesToSQL({ dialect, asOf, horizonMonths, censoring, tables: TABLES }).select);
          expect(outcomeDifferences(o, rows)).toEqual([]);
          if (what === 'the edge cases' && horizonMonths === 12) expect(o.died.some((x) => x === 1) && o.leftList.some((x) => x === 1) && o.bedDays.some((x) => x > 0)).toBe(true);
        }
      });
    }
    it(`eligibilityToSQL equals selectCohort's eligibility on ${what} (adults only, and everyone)`, async () => {
      const pop = make();
      await ready().load(pop);
      for (const adultsOnly of [true, false]) {
        const rows = await ready().run(eligibilityToSQL({ dialect, asOf, adultsOnly, tables: TABLES }).select);
        const lib = cohortEligibility(pop, asOf, adultsOnly);
        expect(asMap(rows)).toEqual(lib);
        for (const r of rows) expect(Number(r['eligible'])).toBe(r['reason'] === null ? 1 : 0);
        if (what === 'the edge cases') expect(new Set(lib.values())).toEqual(new Set(adultsOnly ? [null, 'optedOut', 'deceased', 'leftList', 'notRegistered', 'child'] : [null, 'optedOut', 'deceased', 'leftList', 'notRegistered']));
      }
    });
  }
}

describe('outcomes and eligibility SQL in DuckDB', () => {
  const duck = useDuckDB();
  equalityTests('duckdb', () => ({
    run: async (sql) => (await duck().runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[],
    load: async (pop) => {
      for (const t of populationTables(pop)) await loadDuckDB(duck(), t);
    },
  }));
});

const pg = await connectPg('outcomesToSQL / eligibilityToSQL');
describe.skipIf(pg.skip)('outcomes and eligibility SQL in PostgreSQL', () => {
  afterAll(async () => pg.client?.end());
  it('a PostgreSQL server is reachable (required in CI)', () => expect(pg.client, pg.problem).toBeDefined());
  equalityTests('postgres', () => ({
    run: async (sql) => (await pg.client!.query(sql)).rows as Record<string, unknown>[],
    load: async (pop) => {
      for (const t of populationTables(pop)) await loadPg(pg.client!, t);
    },
  }));
});

describe('outcomes and eligibility SQL parse in every dialect (real parser)', () => {
  beforeAll(sqlParserReady);
  for (const dialect of SQL_DIALECTS) {
    it(dialect, () => {
      for (const g of [outcomesToSQL({ dialect, asOf: synAsOf, censoring: 'exclude', tables: TABLES, target: { name: 'out.outcomes' } }), eligibilityToSQL({ dialect, asOf: synAsOf, tables: TABLES, target: { name: 'out.eligibility', kind: 'view' } })]) {
        expect(parseSql(g.select, dialect)).toBe(1);
        for (const st of g.statements) expect(parseSql(st, dialect)).toBe(1);
      }
    });
  }
});
