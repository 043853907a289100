// cohortSQL and churnSQL, run in DuckDB and PostgreSQL on the scores model.toSQL({ reasons: true })
// writes, give selectCohort's cohort and cohortChurn's churn: the same people, groups, ranks,
// exclusion reasons and capacity drops, for every variant, with ties across the cut, NULL
// (NaN) scores, opted-out people, exclusion lists (ids with spaces, one unknown id, a person
// on two lists), small practices and capacity per practice and per MDT. On the generated
// population and on the committed Synthea export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { buildFeatures, cohortChurn, generatePopulation, selectCohort, toFeatureMatrix, type CohortOptions, type FeatureMatrix, type Population } from '../../src/index.js';
import { fromSynthea } from '../../src/node/from-synthea.js';
import { cohortSQL, type CohortSqlOptions } from '../../src/sql/cohort-sql.js';
import { churnSQL } from '../../src/sql/churn-sql.js';
import { toDay } from '../../src/core/dates.js';
import { pgConfig } from '../helpers/pg-client.js';
import type { SqlColumn } from '../helpers/sql-tables.js';
import { duckEngine, pgEngine, type Engine } from './engines.js';
import { asOf, eligibilityReason, model, population, previousAsOf, TIED_FEATURES } from './fixtures.js';

type Variant = Omit<CohortOptions, 'asOf' | 'rows' | 'ids' | 'exclude' | 'missing' | 'unmatchedExclusions'> & { lists?: boolean };

interface Dataset {
  readonly name: string;
  readonly population: Population;
  readonly asOf: string;
  readonly previousAsOf: string;
  readonly variants: readonly Variant[];
  /** Ids whose score is set to NULL / NaN. */
  readonly missing: number;
  readonly groups?: Record<string, string>;
}

const synthea = (await fromSynthea(fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url)), { referenceDate: '2023-10-16' })).population;
const small = generatePopulation({ size: 600, practices: 14, seed: 5 }).population;
const p = population.practices;
const VARIANTS: Variant[] = [
  { topPercent: 2 },
  { topPercent: 2, policy: 'threshold' },
  { topPercent: 5, per: 'population' },
  { topPercent: 5, per: 'population', policy: 'threshold', lists: true },
  { topN: 7 },
  { topPercent: 2, adultsOnly: false, lists: true },
  { topPercent: 5, capacity: 10, lists: true },
  { topPercent: 5, per: 'population', capacity: { [p[0]!]: 3, [p[1]!]: 0 } },
  { topPercent: 5, policy: 'threshold', groups: { [p[0]!]: 'MDT A', [p[1]!]: 'MDT A', [p[2]!]: "MDT B's" }, capacity: { 'MDT A': 6, [p[3]!]: 4 }, lists: true },
  { topPercent: (100 * 5) / 530 },
];
const DATASETS: Dataset[] = [
  { name: 'gen', population, asOf, previousAsOf, variants: VARIANTS, missing: 3 },
  { name: 'small', population: small, asOf, previousAsOf, variants: [{ topPercent: 2 }, { topPercent: 5, policy: 'threshold' }, { topN: 2, capacity: 1 }], missing: 0 },
  { name: 'synthea', population: synthea, asOf: '2023-10-01', previousAsOf: '2023-09-01', variants: [{ topPercent: 10 }, { topPercent: 10, policy: 'threshold', per: 'population' }, { topPercent: 20, adultsOnly: false, lists: true }], missing: 1 },
];

interface Prepared {
  readonly d: Dataset;
  readonly features: FeatureMatrix;
  readonly scores: Float64Array;
  readonly nullIds: readonly string[];
  readonly exclude: Record<string, string[]>;
  readonly tables: Record<string, SqlColumn[]>;
  readonly previousIds: readonly string[];
}

/** The model's columns at `day` (a column buildFeatures dropped, e.g. care_home in Synthea, is all zeros). */
function modelFeatures(pop: Population, day: string) {
  const built = buildFeatures(pop, { asOf: day });
  const cols = Object.fromEntries(TIED_FEATURES.map((nm) => [nm, built.column(nm) ?? new Float64Array(built.n)]));
  return toFeatureMatrix(cols, { rowIds: built.rowIds, rows: built.rows, asOf: built.asOf });
}

function prepare(d: Dataset): Prepared {
  const features = modelFeatures(d.population, d.asOf);
  const scores = Float64Array.from(model.score(features));
  // NaN scores for some people in the middle (the SQL gets NULL).
  const nullIds: string[] = [];
  for (let j = 0; j < d.missing; j++) {
    const s = Math.floor(((j + 1) * features.n) / (d.missing + 1));
    scores[s] = Number.NaN;
    nullIds.push(features.rowIds[s]!);
  }
  // Exclusion lists: some of the highest scorers (so they matter), one on both lists, ids padded with spaces, one unknown id.
  const order = Array.from(scores.keys()).filter((s) => !Number.isNaN(scores[s]!)).sort((a, b) => scores[b]! - scores[a]!);
  const top = order.slice(0, 12).map((s) => features.rowIds[s]!);
  const exclude = { alreadyCaseManaged: [` ${top[0]}`, top[2]!, `${top[5]}  `, 'NOT-A-PERSON'], endOfLife: [top[2]!, top[7]!] };
  const day = toDay(d.asOf)!;
  const pop = d.population;
  const rowsAll = Array.from({ length: pop.size }, (_, r) => r);
  // Last month's cohort: the top 15% then (more than this month's, so some fall below the cut), plus people who since died, left, opted out, turned up as children, and an id no longer in the extract.
  const prevFeatures = modelFeatures(pop, d.previousAsOf);
  const prev = selectCohort(model.score(prevFeatures), pop, { asOf: d.previousAsOf, topPercent: 15, per: 'population' });
  const c = pop.columns;
  const pick = (test: (r: number) => boolean, k: number) => rowsAll.filter(test).slice(0, k).map((r) => pop.ids[r]!);
  const previousIds = [
    ...prev.selected.ids,
    ...pick((r) => c.deathDate[r]! <= day && c.deathDate[r]! > toDay(d.previousAsOf)!, 2),
    ...pick((r) => c.registeredTo[r]! <= day && c.deathDate[r]! > day, 2),
    ...pick((r) => c.optedOut[r] === 1, 2),
    ...pick((r) => eligibilityReason(pop, r, d.asOf) === 'child', 2),
    'GONE-0001',
  ].filter((id, i, all) => all.indexOf(id) === i);
  const tables: Record<string, SqlColumn[]> = {
    features: [{ name: 'person id', type: 'text', values: features.rowIds }, ...model.featureNames.map((nm): SqlColumn => ({ name: nm, type: 'double', values: features.column(nm)! }))],
    people: [
      { name: 'nhs_pseudo_id', type: 'text', values: pop.ids },
      { name: 'practice_code', type: 'text', values: rowsAll.map((r) => pop.practices[c.practice[r]!]!) },
      { name: 'why not', type: 'text', values: rowsAll.map((r) => eligibilityReason(pop, r, d.asOf)) },
    ],
    lists: [
      { name: 'list', type: 'text', values: Object.entries(exclude).flatMap(([k, v]) => v.map(() => k)) },
      { name: 'id', type: 'text', values: Object.values(exclude).flat() },
    ],
    previous: [{ name: 'id', type: 'text', values: previousIds }],
  };
  return { d, features, scores, nullIds, exclude, tables, previousIds };
}
const PREPARED = DATASETS.map(prepare);

const tableName = (pr: Prepared, t: string): string => `${pr.d.name}_${t}`;
function sqlOptions(pr: Prepared, engine: Engine, v: Variant): CohortSqlOptions {
  const { lists, ...variant } = v;
  return {
    dialect: engine.dialect,
    scores: { table: tableName(pr, 'scores'), idColumn: 'person id', scoreColumn: 'risk', carry: ['reason_age'] },
    people: { table: tableName(pr, 'people'), idColumn: 'nhs_pseudo_id', practiceColumn: 'practice_code', reasonColumn: 'why not' },
    ...(lists ? { exclusions: { table: tableName(pr, 'lists'), listColumn: 'list', idColumn: 'id', lists: ['alreadyCaseManaged', 'endOfLife'] } } : {}),
    ...variant,
  };
}
const library = (pr: Prepared, v: Variant) => {
  const { lists, ...variant } = v;
  return selectCohort(pr.scores, pr.d.population, { asOf: pr.d.asOf, rows: pr.features.rows, missing: 'exclude', ...variant, ...(lists ? { exclude: pr.exclude } : {}) });
};
const binary = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function setUp(engine: Engine): Promise<void> {
  for (const pr of PREPARED) {
    for (const [t, cols] of Object.entries(pr.tables)) await engine.load(tableName(pr, t), cols);
    const scoresTable = tableName(pr, 'scores');
    await engine.run(`DROP TABLE IF EXISTS "${scoresTable}"`);
    await engine.run(`CREATE TEMP TABLE "${scoresTable}" AS ${model.toSQL({ dialect: engine.dialect, table: tableName(pr, 'features'), idColumn: 'person id', scoreColumn: 'risk', reasons: true })}`);
    for (const id of pr.nullIds) await engine.run(`UPDATE "${scoresTable}" SET risk = NULL WHERE "person id" = '${id}'`);
  }
}

/** Lower-case bare words of the SQL, outside quoted names and string literals: the names it makes for itself. */
function internalNames(sql: string): string[] {
  const bare = sql.replace(/"(?:[^"]|"")*"/g, ' ').replace(/'(?:[^']|'')*'/g, ' ').replace(/[0-9]+(?:\.[0-9]+)?e[+-][0-9]+/g, ' ');
  return [...new Set(bare.match(/\b[a-z_][a-z0-9_]*\b/g) ?? [])].sort();
}

/** Views over a dataset's tables with the caller's columns renamed (`names`: role -> name). */
async function renamedViews(engine: Engine, pr: Prepared, names: Record<string, string>): Promise<void> {
  const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const n = (role: string, fallback: string) => q(names[role] ?? fallback);
  const views: [string, string][] = [
    ['sh_scores', `SELECT "person id" AS ${n('scoreId', 'person id')}, risk AS ${n('score', 'risk')}, reason_age AS ${n('carry', 'reason_age')} FROM ${q(tableName(pr, 'scores'))}`],
    ['sh_people', `SELECT nhs_pseudo_id AS ${n('peopleId', 'nhs_pseudo_id')}, practice_code AS ${n('practice', 'practice_code')}, "why not" AS ${n('reason', 'why not')} FROM ${q(tableName(pr, 'people'))}`],
    ['sh_lists', `SELECT list AS ${n('list', 'list')}, id AS ${n('listId', 'id')} FROM ${q(tableName(pr, 'lists'))}`],
    ['sh_previous', `SELECT id AS ${n('previousId', 'id')} FROM ${q(tableName(pr, 'previous'))}`],
  ];
  for (const [view, body] of views) {
    await engine.run(`DROP VIEW IF EXISTS ${view}`);
    await engine.run(`CREATE TEMP VIEW ${view} AS ${body}`);
  }
}

/** cohortSQL (all and selected) and churnSQL over the renamed views. */
async function runRenamed(engine: Engine, names: Record<string, string>): Promise<string> {
  const v: CohortSqlOptions = {
    dialect: engine.dialect,
    scores: { table: 'sh_scores', idColumn: names['scoreId'] ?? 'person id', scoreColumn: names['score'] ?? 'risk', carry: [names['carry'] ?? 'reason_age'] },
    people: { table: 'sh_people', idColumn: names['peopleId'] ?? 'nhs_pseudo_id', practiceColumn: names['practice'] ?? 'practice_code', reasonColumn: names['reason'] ?? 'why not' },
    exclusions: { table: 'sh_lists', listColumn: names['list'] ?? 'list', idColumn: names['listId'] ?? 'id', lists: ['endOfLife', 'alreadyCaseManaged'] },
    topPercent: 20, policy: 'threshold', groups: { [p[0]!]: 'MDT A', [p[1]!]: 'MDT A' }, capacity: { 'MDT A': 5 },
  };
  const all = await engine.rows(cohortSQL({ ...v, output: 'all' }));
  await engine.run('DROP TABLE IF EXISTS sh_current');
  await engine.run(`CREATE TEMP TABLE sh_current AS ${cohortSQL({ ...v, output: 'all', orderBy: false })}`);
  const churn = await engine.rows(churnSQL({ dialect: engine.dialect, current: { table: 'sh_current' }, previous: { table: 'sh_previous', idColumn: names['previousId'] ?? 'id' }, people: { table: 'sh_people', idColumn: names['peopleId'] ?? 'nhs_pseudo_id', reasonColumn: names['reason'] ?? 'why not' } }));
  const carried = names['carry'] ?? 'reason_age';
  return JSON.stringify([all.map((r) => [r['id'], r['group'], r['rank'], r['exclusion'], r['selected'], r['over_capacity'], Number(r[carried]).toFixed(12)].map(String)), churn]);
}

function cohortTests(getEngine: () => Engine): void {
  it('ties straddle the cut: the threshold policy adds people in several variants', () => {
    const added = PREPARED.flatMap((pr) => pr.d.variants.filter((v) => v.policy === 'threshold').map((v) => library(pr, v).groups.reduce((s, g) => s + g.tiesAdded, 0)));
    expect(added.filter((a) => a > 0).length).toBeGreaterThanOrEqual(3);
    const exact = library(PREPARED[0]!, { topPercent: 2 });
    expect(exact.groups.some((g) => g.threshold !== null && exact.selected.score.filter((s) => s === g.threshold).length >= 1)).toBe(true);
  });
  it('caller columns named like every internal name of cohortSQL and churnSQL change nothing', async () => {
    const engine = getEngine();
    const pr = PREPARED[1]!; // the small population: 3 configurations x every name
    await renamedViews(engine, pr, {});
    const baseline = await runRenamed(engine, {});
    const dummy: CohortSqlOptions = { dialect: engine.dialect, scores: { table: 's', idColumn: 'i' }, people: { table: 'p', idColumn: 'i', practiceColumn: 'c', reasonColumn: 'r' }, exclusions: { table: 'x', listColumn: 'l', idColumn: 'i', lists: ['a'] }, topPercent: 5, policy: 'threshold', capacity: 3, output: 'all' };
    const names = [...new Set([...internalNames(cohortSQL(dummy)), ...internalNames(churnSQL({ dialect: engine.dialect, current: { table: 'c' }, previous: { table: 'v', idColumn: 'i' }, people: { table: 'p', idColumn: 'i', reasonColumn: 'r' } }))])];
    expect(names).toEqual(expect.arrayContaining(['rs_id', 'rs_score', 'rs_rank', 'rs_k', 'rs_threshold', 'rs_unit', 'rs_over', 'ch_id', 'ch_reason', 'p', 's', 'x']));
    for (const name of names) {
      for (const roles of [['scoreId', 'practice', 'listId', 'previousId'], ['score', 'peopleId', 'list'], ['carry', 'reason']]) {
        const renamed = Object.fromEntries(roles.map((r) => [r, name]));
        await renamedViews(engine, pr, renamed);
        expect(await runRenamed(engine, renamed), `${roles.join(', ')} named ${name}`).toBe(baseline);
      }
    }
  }, 300_000);
  it('refuses an unqualified table named like one of its CTEs', () => {
    const o = { dialect: 'duckdb', scores: { table: 'rs_people', idColumn: 'id' }, people: { table: 'people', idColumn: 'id', practiceColumn: 'p', reasonColumn: 'r' }, topPercent: 2 } as const;
    expect(() => cohortSQL(o)).toThrow(/own CTEs/);
    expect(() => cohortSQL({ ...o, scores: { table: 'mart.rs_people', idColumn: 'id' } })).not.toThrow();
    expect(() => churnSQL({ dialect: 'duckdb', current: { table: 'c' }, previous: { table: 'CH_PEOPLE', idColumn: 'id' }, people: { table: 'p', idColumn: 'id', reasonColumn: 'r' } })).toThrow(/own CTEs/);
  });
  for (const pr of PREPARED) {
    for (const v of pr.d.variants) {
      it(`${pr.d.name}: ${JSON.stringify(v)} selects selectCohort's cohort (group, rank, id, score, reasons) and its exclusions`, async () => {
        const engine = getEngine();
        const lib = library(pr, v);
        const expected = lib.selected.ids.map((id, i) => `${lib.selected.group[i]}|${lib.selected.rank[i]}|${id}`);
        expected.sort((a, b) => binary(a.split('|')[0]!, b.split('|')[0]!) || Number(a.split('|')[1]) - Number(b.split('|')[1]));
        const rows = await engine.rows(cohortSQL(sqlOptions(pr, engine, v)));
        expect(rows.map((r) => `${r['group']}|${Number(r['rank'])}|${r['id']}`)).toEqual(expected);
        const scoreAt = new Map(lib.selected.ids.map((id, i) => [id, lib.selected.score[i]!]));
        for (const r of rows) expect(Math.abs(Number(r['score']) - scoreAt.get(String(r['id']))!)).toBeLessThanOrEqual(1e-12);
        expect(rows.every((r) => typeof r['reason_age'] === 'number')).toBe(true);
        // Every scored person's exclusion, and the capacity drops.
        const all = await engine.rows(cohortSQL({ ...sqlOptions(pr, engine, v), output: 'all' }));
        expect(all.length).toBe(pr.features.n);
        const sqlExcluded = new Map(all.filter((r) => r['exclusion'] !== null).map((r) => [String(r['id']), String(r['exclusion'])]));
        const optedOut = [...sqlExcluded.values()].filter((x) => x === 'optedOut').length;
        expect(optedOut).toBe(lib.excluded.optedOut);
        expect(new Map([...sqlExcluded].filter(([, x]) => x !== 'optedOut'))).toEqual(new Map(lib.exclusions.filter((x) => x.reason !== 'optedOut').map((x) => [x.id, x.reason])));
        expect(all.filter((r) => Number(r['over_capacity']) === 1).map((r) => String(r['id'])).sort(binary)).toEqual(lib.overCapacity.map((x) => x.id).sort(binary));
      });
    }
    it(`${pr.d.name}: churnSQL gives cohortChurn's entered, stayed and leavers with reasons`, async () => {
      const engine = getEngine();
      const v: Variant = pr.d.name === 'gen' ? { topPercent: 5, per: 'population', capacity: { [p[0]!]: 3 }, lists: true } : { topPercent: 10, lists: true };
      const current = library(pr, v);
      const churn = cohortChurn({ ids: pr.previousIds }, current, { population: pr.d.population });
      const cur = tableName(pr, 'current');
      await engine.run(`DROP TABLE IF EXISTS "${cur}"`);
      await engine.run(`CREATE TEMP TABLE "${cur}" AS ${cohortSQL({ ...sqlOptions(pr, engine, v), output: 'all', orderBy: false })}`);
      const rows = await engine.rows(churnSQL({
        dialect: engine.dialect,
        current: { table: cur },
        previous: { table: tableName(pr, 'previous'), idColumn: 'id' },
        people: { table: tableName(pr, 'people'), idColumn: 'nhs_pseudo_id', reasonColumn: 'why not' },
      }));
      const of = (status: string) => rows.filter((r) => r['status'] === status);
      // The library lists them in the cohort's order (groups in population order), the SQL by group code: compare by (group, rank).
      const at = new Map(current.selected.ids.map((id, i) => [id, `${current.selected.group[i]}|${String(current.selected.rank[i]).padStart(9, '0')}`]));
      const inCohortOrder = (ids: readonly string[]) => [...ids].sort((a, b) => binary(at.get(a)!, at.get(b)!));
      expect(of('entered').map((r) => r['id'])).toEqual(inCohortOrder(churn.entered));
      expect(of('stayed').map((r) => r['id'])).toEqual(inCohortOrder(churn.stayed));
      const leavers = of('left').filter((r) => r['reason'] !== 'opted out');
      const line = (id: unknown, reason: unknown, detail: unknown) => `${id}|${reason}|${detail ?? ''}`;
      expect(leavers.map((r) => line(r['id'], r['reason'], r['detail'])).sort(binary)).toEqual(churn.left.map((l) => line(l.id, l.reason, l.detail)).sort(binary));
      const opted = of('left').filter((r) => r['reason'] === 'opted out');
      expect(opted.length).toBe(churn.counts.optedOut);
      expect(opted.every((r) => r['id'] === null)).toBe(true);
      // The reasons the data were built to produce are all there.
      const reasons = new Set(churn.left.map((l) => l.reason));
      for (const reason of ['risk fell', 'not in population', 'excluded'] as const) expect(reasons.has(reason), reason).toBe(true);
      if (pr.d.name === 'gen') {
        for (const reason of ['died', 'left the list', 'over capacity'] as const) expect(reasons.has(reason), reason).toBe(true);
        expect(churn.counts.optedOut).toBeGreaterThan(0);
      }
    });
  }
}

describe('cohortSQL and churnSQL in DuckDB', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await duckEngine();
    await setUp(engine);
  });
  afterAll(async () => engine?.close());
  cohortTests(() => engine);
});

const pg = await pgEngine('cohort SQL');
describe.skipIf(pg.skip)('cohortSQL and churnSQL in PostgreSQL (pg)', () => {
  beforeAll(async () => {
    if (pg.engine !== undefined) await setUp(pg.engine);
  });
  afterAll(async () => pg.engine?.close());
  it('a PostgreSQL server is reachable (required in CI)', () => {
    expect(pg.engine, `PostgreSQL is required in CI but not reachable at ${pgConfig.host}: ${pg.problem}`).toBeDefined();
  });
  cohortTests(() => pg.engine!);
});
