// segmentsSQL, run in DuckDB and PostgreSQL on a table of buildFeatures' columns, gives the
// segment of every person that segment() gives (code and the rule that assigned it), for
// Bridges to Health, age by conditions, frailty categories and a site's own rules with not /
// any / ne / in and a missing cluster; on the generated population and on Synthea.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ageByConditions, bridgesToHealth, buildFeatures, frailtyCategories, rules, segment, type FeatureMatrix, type Population, type SegmentationModel } from '../../src/index.js';
import { fromSynthea } from '../../src/node/from-synthea.js';
import { BY_DEFAULT } from '../../src/segment/segment.js';
import { segmentsSQL } from '../../src/sql/segments-sql.js';
import { pgConfig } from '../helpers/pg-client.js';
import { duckEngine, pgEngine, type Engine } from './engines.js';
import { asOf, population } from './fixtures.js';

const synthea = (await fromSynthea(fileURLToPath(new URL('../fixtures/data/synthea-unmc-crane-111/', import.meta.url)), { referenceDate: '2023-10-16' })).population;

/** The features at `day` (feature values are always finite: no NULLs to place). */
const featuresAt = (pop: Population, day: string): FeatureMatrix => buildFeatures(pop, { asOf: day });

const own = rules({
  name: 'site rules',
  segments: [{ code: 1, name: 'other' }, { code: 2, name: 'older or deprived' }, { code: 3, name: "not young, 'frail'" }, { code: 9, name: 'unknown age' }],
  rules: [
    { name: 'age unknown', segment: 9, when: { not: { feature: 'age', gte: -1 } } },
    { name: 'frail', segment: 3, when: { all: [{ not: { feature: 'age', lt: 40 } }, { feature: 'efi_category', in: [2, 3] }] } },
    { name: 'older or deprived', segment: 2, when: { any: [{ feature: 'age', gt: 79, lte: 200 }, { feature: 'imd_decile', ne: 5, lte: 2 }, { feature: 'ltc_made_up', eq: 1, missing: 'false' }] } },
    { name: 'no activity', segment: 1, when: { feature: 'emergency_admissions', eq: 0, ne: 1 } },
  ],
  default: 'other',
});
const MODELS: SegmentationModel[] = [bridgesToHealth(), ageByConditions(), ageByConditions({ ageBands: [0, 18, 65, 80], conditionCounts: [0, 2, 5] }), frailtyCategories(), own, bridgesToHealth({ frailtyCategory: 3, careHomeAge: 75, acuteEvents: 2 })];
const DATA = [
  { name: 'gen', features: featuresAt(population, asOf), population },
  { name: 'synthea', features: featuresAt(synthea, '2023-10-01'), population: synthea },
];

function tests(getEngine: () => Engine): void {
  for (const d of DATA) {
    for (const model of MODELS) {
      it(`${d.name}: ${model.name} gives segment()'s segment and rule for every person`, async () => {
        const engine = getEngine();
        const lib = segment(d.population, model, { asOf: d.features.asOf!, features: d.features });
        const rows = await engine.rows(segmentsSQL(model, { dialect: engine.dialect, table: `seg_${d.name}`, idColumn: 'person id', features: [...d.features.names] }));
        expect(rows.length).toBe(d.features.n);
        const at = new Map(lib.rowIds.map((id, i) => [id, i]));
        const mismatches: string[] = [];
        for (const r of rows) {
          const i = at.get(String(r['id']))!;
          const rule = lib.assignedBy[i] === BY_DEFAULT ? null : lib.assignedBy[i];
          if (Number(r['segment']) !== lib.labels[i] || (r['rule'] === null ? null : Number(r['rule'])) !== rule) mismatches.push(`${r['id']}: sql ${r['segment']}/${r['rule']} library ${lib.labels[i]}/${rule}`);
          expect(r['segment_name']).toBe(model.segments.find((s) => s.code === lib.labels[i])!.name);
        }
        expect(mismatches).toEqual([]);
        // More than one segment is used (the test can fail).
        expect(new Set(lib.labels).size).toBeGreaterThan(1);
      });
    }
  }
}

async function load(engine: Engine): Promise<void> {
  for (const d of DATA) {
    await engine.load(`seg_${d.name}`, [
      { name: 'person id', type: 'text', values: d.features.rowIds },
      ...d.features.names.map((nm) => ({ name: nm, type: 'double' as const, values: d.features.column(nm)! })),
    ]);
  }
}

describe('segmentsSQL in DuckDB', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await duckEngine();
    await load(engine);
  });
  afterAll(async () => engine?.close());
  tests(() => engine);
});

const pg = await pgEngine('segments SQL');
describe.skipIf(pg.skip)('segmentsSQL in PostgreSQL (pg)', () => {
  beforeAll(async () => {
    if (pg.engine !== undefined) await load(pg.engine);
  });
  afterAll(async () => pg.engine?.close());
  it('a PostgreSQL server is reachable (required in CI)', () => {
    expect(pg.engine, `PostgreSQL is required in CI but not reachable at ${pgConfig.host}: ${pg.problem}`).toBeDefined();
  });
  tests(() => pg.engine!);
});

it('refuses a rule on a feature the relation lacks (unless missing: false); without a default, the unmatched get a NULL segment', () => {
  expect(() => segmentsSQL(bridgesToHealth(), { dialect: 'duckdb', table: 'f', idColumn: 'id', features: ['age'] })).toThrow(/does not have/);
  const noDefault = rules({ rules: [{ name: 'old', when: { feature: 'age', gte: 65 } }] });
  expect(segmentsSQL(noDefault, { dialect: 'duckdb', table: 'f', idColumn: 'id', features: ['age'] })).toContain('ELSE NULL END AS "segment"');
});
