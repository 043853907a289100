// Issue 20, exports and privacy: exclusion lists that match nobody, opted-out ids in validation
// outputs, files that --help calls suppressed, toCSV's opt-out flags and spreadsheet formulas.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPopulation, type Population } from '../../src/core/population.js';
import { parseDate } from '../../src/core/dates.js';
import { thrown } from '../helpers/thrown.js';
import { selectCohort } from '../../src/cohort/select-cohort.js';
import { compareVariants } from '../../src/compare/compare-variants.js';
import { toCSV } from '../../src/report/to-csv.js';
import { parseBooleanFlag } from '../../src/schema/parse-boolean-flag.js';
import { OPTED_OUT_ID_WITHHELD } from '../../src/data/load-population.js';
import { commands } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/cli/config.js';

const COMMANDS = Object.entries(commands).map(([name, c]) => ({ name, description: c.description ?? '' }));
import { parseCsv, run, tempDir, writeSyntheticExtract } from '../cli/helpers.js';
import { PROTOTYPE_KEYS } from './prototype-keys.js';


// Twenty adults in one practice with upper-case ids P01..P20, scored 20..1: P01 ranks first.
const AS_OF = '2024-04-01';
const IDS = Array.from({ length: 20 }, (_, i) => `P${String(i + 1).padStart(2, '0')}`);
const pop: Population = createPopulation({
  ids: IDS, practices: ['A81001'], practice: IDS.map(() => 0), birthDate: IDS.map(() => parseDate('1940-06-01')!),
  window: { extractDate: parseDate(AS_OF)! },
});
const scores = Float64Array.from(IDS, (_, i) => 20 - i);
const END_OF_LIFE = ['p01', 'p02', 'p03', 'p04', 'p05']; // the top five, in the wrong case

describe('exclusion lists (library): matched as the loader matches ids, counted, never silent', () => {
  it("the issue's case: an end-of-life list of five lower-case ids against upper-case ids is an error naming the list", () => {
    const e = thrown(() => selectCohort(scores, pop, { asOf: AS_OF, topN: 5, per: 'population', exclude: { endOfLife: END_OF_LIFE } }));
    expect(e.code).toBe('exclusion_list_unmatched');
    expect(e.path).toEqual(['options', 'exclude', 'endOfLife']);
    expect(e.message).toContain('exclusion list "endOfLife" has 5 id(s) and none is a person in the population');
    expect(e.message).toContain('5 would match if case were ignored');
    expect(e.details).toMatchObject({ list: 'endOfLife', ids: 5, caseInsensitiveMatches: 5 });
  });
  it("with unmatchedExclusions: 'warn' the selection goes on with a named warning, and the list's counts say it matched nobody", () => {
    const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 5, per: 'population', exclude: { endOfLife: END_OF_LIFE }, unmatchedExclusions: 'warn' });
    expect(c.warnings.map((w) => w.code)).toContain('exclusion_list_unmatched');
    const w = c.warnings.find((x) => x.code === 'exclusion_list_unmatched')!;
    expect(w.path).toEqual(['options', 'exclude', 'endOfLife']);
    expect(w.message).toContain('endOfLife');
    expect(c.exclusionLists).toEqual([{ list: 'endOfLife', ids: 5, matched: 0, unmatched: 5, excluded: 0 }]);
  });
  it('the same list in the right case excludes the five, and says so per list', () => {
    const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 5, per: 'population', exclude: { endOfLife: END_OF_LIFE.map((s) => s.toUpperCase()) } });
    expect(c.selected.ids).toEqual(['P06', 'P07', 'P08', 'P09', 'P10']);
    expect(c.exclusionLists).toEqual([{ list: 'endOfLife', ids: 5, matched: 5, unmatched: 0, excluded: 5 }]);
    expect(c.excluded['endOfLife']).toBe(5);
  });
  it('ids are trimmed as the loader trims an id cell, and otherwise matched exactly (case included)', () => {
    const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 3, per: 'population', exclude: { list: [' P01', 'P02\t', '\uFEFFP03 ', 'p04', 'P 05'] } });
    expect(c.exclusionLists[0]).toEqual({ list: 'list', ids: 5, matched: 3, unmatched: 2, excluded: 3 });
    expect(c.selected.ids).toEqual(['P04', 'P05', 'P06']);
    expect(c.warnings.find((w) => w.code === 'unknown_ids')?.count).toBe(2);
  });
  it('matched counts people once per list; a person on two lists is excluded by the first only', () => {
    const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 1, per: 'population', exclude: { a: ['P01', 'P01', 'P02'], b: ['P02', 'P03'] } });
    expect(c.exclusionLists).toEqual([
      { list: 'a', ids: 3, matched: 2, unmatched: 0, excluded: 2 },
      { list: 'b', ids: 2, matched: 2, unmatched: 0, excluded: 1 },
    ]);
  });
  it('an empty list matches nobody: an error by default', () => {
    const e = thrown(() => selectCohort(scores, pop, { asOf: AS_OF, topN: 1, exclude: { alreadyCaseManaged: [] } }));
    expect(e.code).toBe('exclusion_list_unmatched');
    expect(e.message).toContain('"alreadyCaseManaged" is empty');
  });
  it('a list keyed __proto__ (as JSON gives it) excludes its people like any other list', () => {
    const exclude = JSON.parse('{"__proto__": ["P01", "P02"]}') as Record<string, string[]>;
    const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 2, per: 'population', exclude });
    expect(c.selected.ids).toEqual(['P03', 'P04']);
    expect(Object.hasOwn(c.excluded, '__proto__')).toBe(true);
    expect(c.excluded['__proto__']).toBe(2);
    expect(c.exclusionLists).toEqual([{ list: '__proto__', ids: 2, matched: 2, unmatched: 0, excluded: 2 }]);
    expect(c.exclusions.map((x) => x.reason)).toEqual(['__proto__', '__proto__']);
    expect(JSON.parse(JSON.stringify(c.options.exclude))).toEqual(JSON.parse('{"__proto__": 2}'));
  });
  it('compareVariants checks its variants\' lists the same way', () => {
    const outcomes = { emergencyAdmissions: new Float64Array(20), bedDays: new Float64Array(20), priorEmergencyAdmissions: new Float64Array(20) };
    const wide = createPopulation({
      ids: IDS, practices: ['A81001'], practice: IDS.map(() => 0), birthDate: IDS.map(() => parseDate('1940-06-01')!),
      window: { extractDate: parseDate('2025-04-01')!, activityFrom: parseDate('2023-04-01')! },
    });
    expect(() => compareVariants(scores, wide, outcomes, [{ name: 'v', topN: 2, exclude: { endOfLife: END_OF_LIFE } }], { asOf: AS_OF, bootstrap: 20, suppression: false }))
      .toThrow(/exclusion list "endOfLife"/);
  });
});

describe('property: every key of Object.prototype as an exclusion-list name and as a keyed option', () => {
  it('an exclusion list named after any of them behaves as a list named "ordinary"', () => {
    const base = selectCohort(scores, pop, { asOf: AS_OF, topN: 3, per: 'population', exclude: { ordinary: ['P01', 'P05'] } });
    for (const key of PROTOTYPE_KEYS) {
      const exclude = JSON.parse(JSON.stringify({ ordinary: ['P01', 'P05'] }).replace('"ordinary"', JSON.stringify(key))) as Record<string, string[]>;
      const c = selectCohort(scores, pop, { asOf: AS_OF, topN: 3, per: 'population', exclude });
      expect(c.selected.ids, key).toEqual(base.selected.ids);
      expect(c.exclusionLists, key).toEqual([{ ...base.exclusionLists[0]!, list: key }]);
      expect(c.excluded[key], key).toBe(2);
      // A list matching nobody under that name is the same error as under an ordinary name.
      const none = JSON.parse(`{${JSON.stringify(key)}: ["nobody"]}`) as Record<string, string[]>;
      expect(thrown(() => selectCohort(scores, pop, { asOf: AS_OF, topN: 3, exclude: none })).path, key).toEqual(['options', 'exclude', key]);
    }
  });
  it('a practice code or MDT name that is one of them reads capacity and groups by own keys only', () => {
    for (const key of PROTOTYPE_KEYS) {
      const p = createPopulation({
        ids: IDS, practices: [key], practice: IDS.map(() => 0), birthDate: IDS.map(() => parseDate('1940-06-01')!),
        window: { extractDate: parseDate(AS_OF)! },
      });
      // No capacity for this practice: nobody is capped (not a limit read off the prototype).
      const free = selectCohort(scores, p, { asOf: AS_OF, topN: 4, capacity: { other: 1 } });
      expect(free.selected.ids.length, key).toBe(4);
      expect(free.capacity, key).toEqual([]);
      // A capacity keyed by that code applies, as for any code.
      const capped = selectCohort(scores, p, { asOf: AS_OF, topN: 4, capacity: JSON.parse(`{${JSON.stringify(key)}: 2}`) as Record<string, number> });
      expect(capped.selected.ids, key).toEqual(['P01', 'P02']);
    }
  });
});

describe('property: every key of Object.prototype as a keyed option of the config file', () => {
  // The config refuses such keys by name (a plain object would drop or misread them): never a
  // list or mapping silently lost. An ordinary name in the same place is accepted.
  const dir = tempDir('rs-integrity-config-');
  const places: [string, (key: string) => string][] = [
    ['an exclusion list', (k) => `{ "exclusions": { ${JSON.stringify(k)}: "eol.txt" } }`],
    ['a column mapping', (k) => `{ "inputs": { "columns": { "patients": { ${JSON.stringify(k)}: "pid" } } } }`],
    ['a capacity per practice', (k) => `{ "variants": [{ "name": "v", "topPercent": 2, "capacity": { ${JSON.stringify(k)}: 3 } }] }`],
  ];
  it.each(places)('%s keyed by any of them is refused naming the key; keyed "ordinary" it is read', (_, text) => {
    const path = join(dir, 'site.json');
    for (const key of PROTOTYPE_KEYS) {
      writeFileSync(path, text(key));
      expect(() => loadConfig(path), key).toThrow(`the key ${JSON.stringify(key)} cannot be used`);
    }
    writeFileSync(path, text('ordinary'));
    let read: unknown;
    try {
      read = loadConfig(path);
    } catch (e) {
      read = e; // a mapping of an unknown field may be refused, but never for the reserved-key reason
    }
    expect(String((read as Error).message ?? '')).not.toContain('cannot be used');
  });
});

describe('exclusion lists (command): reported per list, an unmatched list stops the run', () => {
  const dir = tempDir('rs-integrity-excl-');
  let top: string[] = [];
  const cohortArgs = (config: string): string[] => ['cohort', '--config', join(dir, config), '--model', join(dir, 'model'), '--as-of', '2024-03-01', '--top', '2'];
  const site = (extra: Record<string, unknown>): Record<string, unknown> => ({
    inputs: { patients: 'patients.csv', activity: 'activity.csv', conditions: 'conditions.csv', extractDate: '2024-04-01' }, ...extra,
  });
  beforeAll(async () => {
    writeSyntheticExtract(dir, { size: 3000, practices: 2, seed: 5 });
    const fit = await run(['fit', '--config', join(dir, 'site.json'), '--as-of', '2023-03-01', '--out', join(dir, 'model')]);
    expect(fit.code, fit.err).toBe(0);
    const first = await run([...cohortArgs('site.json'), '--out', join(dir, 'first')]);
    expect(first.code, first.err).toBe(0);
    top = parseCsv(readFileSync(join(dir, 'first/internal/cohort-top2.csv'), 'utf8')).rows.slice(0, 5).map((r) => r[0]!);
    expect(top).toHaveLength(5);
    expect(top.every((id) => id !== id.toLowerCase())).toBe(true);
    writeFileSync(join(dir, 'eol-lower.txt'), `${top.map((id) => id.toLowerCase()).join('\n')}\n`);
    writeFileSync(join(dir, 'eol.txt'), `id\n${top.join('\n')}\n`);
    writeFileSync(join(dir, 'site-lower.json'), JSON.stringify(site({ exclusions: { endOfLife: 'eol-lower.txt' } })));
    writeFileSync(join(dir, 'site-lower-warn.json'), JSON.stringify(site({ exclusions: { endOfLife: 'eol-lower.txt' }, unmatchedExclusions: 'warn' })));
    writeFileSync(join(dir, 'site-eol.json'), JSON.stringify(site({ exclusions: { endOfLife: 'eol.txt' } })));
  }, 120_000);

  it("the issue's case: five lower-case ids against upper-case ones stop the command (exit 1) naming the list", async () => {
    const r = await run([...cohortArgs('site-lower.json'), '--out', join(dir, 'lower')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('exclusion list "endOfLife" has 5 id(s) and none is a person in the population');
    expect(r.err).toContain('5 would match if case were ignored');
    expect(existsSync(join(dir, 'lower/internal/cohort-top2.csv'))).toBe(false);
  });
  it('with "unmatchedExclusions": "warn" it runs, says the list matched nobody, and warns', async () => {
    const r = await run(cohortArgs('site-lower-warn.json'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('exclusion list endOfLife: 5 id(s), 0 matched in the extract (5 not found), 0 excluded from top2');
    expect(`${r.out}\n${r.err}`).toMatch(/endOfLife.*would exclude nobody/);
  });
  it('the right ids: each list prints how many it excluded, and none of the five is selected', async () => {
    const r = await run([...cohortArgs('site-eol.json'), '--out', join(dir, 'eol')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('exclusion list endOfLife: 5 id(s), 5 matched in the extract, 5 excluded from top2');
    const ids = new Set(parseCsv(readFileSync(join(dir, 'eol/internal/cohort-top2.csv'), 'utf8')).rows.map((x) => x[0]));
    for (const id of top) expect(ids.has(id)).toBe(false);
    const summary = JSON.parse(readFileSync(join(dir, 'eol/internal/cohort-summary.json'), 'utf8'));
    expect(summary.variants.top2.exclusionLists).toEqual([{ list: 'endOfLife', ids: 5, matched: 5, unmatched: 0, excluded: 5 }]);
    const json = await run([...cohortArgs('site-eol.json'), '--json']);
    expect(json.err).toContain('exclusion list endOfLife: 5 id(s), 5 matched in the extract, 5 excluded from top2');
  });
  it('--exclude adds lists on the command line, checked the same way (--unmatched-exclusions warn to go on)', async () => {
    const lower = await run([...cohortArgs('site.json'), '--exclude', `endOfLife=${join(dir, 'eol-lower.txt')}`]);
    expect(lower.code).toBe(1);
    expect(lower.err).toContain('exclusion list "endOfLife"');
    const warned = await run([...cohortArgs('site.json'), '--exclude', `endOfLife=${join(dir, 'eol-lower.txt')}`, '--unmatched-exclusions', 'warn']);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain('exclusion list endOfLife: 5 id(s), 0 matched in the extract (5 not found), 0 excluded from top2');
    const named = await run([...cohortArgs('site.json'), '--exclude', join(dir, 'eol.txt')]);
    expect(named.code).toBe(0);
    expect(named.out).toContain('exclusion list eol: 5 id(s), 5 matched in the extract, 5 excluded from top2');
    const twice = await run([...cohortArgs('site-eol.json'), '--exclude', `endOfLife=${join(dir, 'eol.txt')}`]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('exclusion list "endOfLife" is given twice');
  });
  it('a config exclusion list keyed __proto__ is not dropped silently: it is refused by name', async () => {
    writeFileSync(join(dir, 'site-proto.json'), `{ "inputs": { "patients": "patients.csv", "extractDate": "2024-04-01" }, "exclusions": { "__proto__": "eol.txt" } }`);
    const r = await run([...cohortArgs('site-proto.json')]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('the key "__proto__" cannot be used');
  });
});

describe('validation outputs: an opted-out id is never written, and the masked rows are counted', () => {
  const dir = tempDir('rs-integrity-mask-');
  // OPT1: opted out, repeated (duplicate_id). OPT2: opted out on its kept row, repeated.
  // OPT3: opted out, row rejected (bad sex and date), has activity (patient_rejected).
  // OPT4: says no on its kept row, yes on a later duplicate row: opted out all the same.
  const patients = [
    'id,practiceId,sex,birthDate,optedOut',
    'A1,P1,F,1950-01-01,N',
    'OPT1,P1,M,1960-02-01,Y',
    'OPT1,P1,M,1960-02-01,Y',
    'OPT2,P1,M,1960-02-01,yes',
    'OPT2,P1,F,1961-02-01,N',
    'OPT3,P1,Q,notadate,T',
    'OPT4,P1,F,1970-01-01,N',
    'OPT4,P1,F,1970-01-01, yes',
    'DUP5,P1,F,1970-01-01,N',
    'DUP5,P1,F,1970-01-01,N',
  ].join('\n');
  const activity = [
    'patientId,date,setting,admissionMethod,bedDays',
    'A1,2024-01-01,inpatient,emergency,2',
    'OPT3,2024-01-02,inpatient,emergency,3',
    'OPT2,2024-01-02,inpatient,emergency,3',
    'OPT1,2024-02-30,inpatient,emergency,3',
  ].join('\n');
  const OPTED = ['OPT1', 'OPT2', 'OPT3', 'OPT4'];
  const args = (): string[] => ['validate', '--patients', join(dir, 'p.csv'), '--activity', join(dir, 'a.csv'), '--extract-date', '2025-01-01'];
  beforeAll(() => {
    writeFileSync(join(dir, 'p.csv'), `${patients}\n`);
    writeFileSync(join(dir, 'a.csv'), `${activity}\n`);
  });

  it('rejected.csv, validation.json, columns.csv and --json hold no opted-out id; the duplicate_id and patient_rejected values are masked', async () => {
    const r = await run([...args(), '--out', join(dir, 'out'), '--json']);
    expect(r.code).toBe(3);
    const files = readdirSync(join(dir, 'out'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name));
    expect(files.map((f) => f.slice(join(dir, 'out').length + 1)).sort()).toEqual(expect.arrayContaining(['internal/rejected.csv', 'internal/validation.json']));
    for (const f of [...files]) {
      const text = readFileSync(f, 'utf8');
      for (const id of OPTED) expect(text, `${f} holds ${id}`).not.toContain(id);
    }
    for (const id of OPTED) expect(r.out, `--json holds ${id}`).not.toContain(id);
    const rejected = parseCsv(readFileSync(join(dir, 'out/internal/rejected.csv'), 'utf8'));
    const col = (name: string): number => rejected.header.indexOf(name);
    const masked = rejected.rows.filter((x) => x[col('value')] === OPTED_OUT_ID_WITHHELD);
    expect(masked.map((x) => `${x[col('source')]} ${x[col('row')]} ${x[col('reason')]}`).sort()).toEqual([
      'activity 2 patient_rejected', 'patients 3 duplicate_id', 'patients 5 duplicate_id', 'patients 8 duplicate_id',
    ]);
    // A duplicate of someone who did not opt out still shows its id (analysts need it).
    expect(rejected.rows.some((x) => x[col('value')] === 'DUP5' && x[col('reason')] === 'duplicate_id')).toBe(true);
    const doc = JSON.parse(readFileSync(join(dir, 'out/internal/validation.json'), 'utf8'));
    expect(doc.summary.optedOutIdsWithheld).toBe(4);
    expect(doc.rejected.filter((i: { value: unknown }) => i.value === OPTED_OUT_ID_WITHHELD)).toHaveLength(4);
    expect(JSON.parse(r.out).summary.optedOutIdsWithheld).toBe(4);
  });
  it('the printed summary reports how many rows were masked', async () => {
    const r = await run(args());
    expect(r.out).toContain("note: 4 rejected row(s) would show an opted-out person's id: shown as (opted-out id withheld)");
    for (const id of OPTED) expect(r.out).not.toContain(id);
  });
});

describe('files --help calls suppressed are suppressed; summaries with exact counts are internal', () => {
  const dir = tempDir('rs-integrity-help-');
  beforeAll(() => {
    writeSyntheticExtract(dir, { size: 3000, practices: 2, seed: 11 });
  });
  /** publish/ or internal/ file names a command's help names, with <variant> as top2/top5. */
  const named = (name: string): { publish: string[]; internal: string[] } => {
    const cmd = COMMANDS.find((c) => c.name === name)!;
    const text = `${cmd.description}`.replace(/\n/g, ' ');
    const files = (folder: string): string[] => [...text.matchAll(new RegExp(`${folder}/([A-Za-z0-9<>._-]+[A-Za-z0-9>])`, 'g'))].map((m) => m[1]!);
    return { publish: files('publish'), internal: files('internal') };
  };
  /** Every publish/ CSV: no count column holds 1..threshold (7), and there is no id column. */
  const checkPublished = (out: string): number => {
    const prov = JSON.parse(readFileSync(join(out, 'publish/provenance.json'), 'utf8')) as { files: { name: string; columns?: Record<string, string> }[] };
    let checked = 0;
    for (const f of prov.files.filter((x) => x.name.endsWith('.csv'))) {
      const { header, rows } = parseCsv(readFileSync(join(out, 'publish', f.name), 'utf8'));
      expect(header, f.name).not.toContain('id');
      for (const [column, kind] of Object.entries(f.columns ?? {})) {
        if (kind !== 'count') continue;
        const j = header.indexOf(column);
        for (const row of rows) {
          const v = Number(row[j]);
          expect(Number.isFinite(v) && v >= 1 && v <= 7, `${f.name} ${column} = ${row[j]}`).toBe(false);
          checked++;
        }
      }
    }
    return checked;
  };
  it.each([
    ['features', ['--as-of', '2024-03-01']],
    ['segment', ['--as-of', '2023-03-01', '--outcomes']],
  ])('%s: every file its help names is written where the help says; features/segment-summary.json are internal (exact), not published', async (name, extra) => {
    const out = join(dir, name);
    const r = await run([name, '--config', join(dir, 'site.json'), ...extra, '--out', out]);
    expect(r.code, r.err).toBe(0);
    const { publish, internal } = named(name);
    expect(publish.length + internal.length).toBeGreaterThan(1);
    for (const f of publish) expect(existsSync(join(out, 'publish', f)), `publish/${f}`).toBe(true);
    for (const f of internal) expect(existsSync(join(out, 'internal', f)), `internal/${f}`).toBe(true);
    const summary = `${name === 'features' ? 'features' : 'segment'}-summary.json`;
    expect(internal).toContain(summary);
    expect(existsSync(join(out, 'publish', summary))).toBe(false);
    expect(readFileSync(join(out, 'internal/README.txt'), 'utf8')).toMatch(/NOT for publication/i);
    expect(checkPublished(out)).toBeGreaterThan(0);
  });
  it('no command help calls a file under internal/ suppressed without saying it is not for publication', () => {
    for (const cmd of COMMANDS) {
      const text = cmd.description.replace(/\n/g, ' ');
      for (const m of text.matchAll(/internal\/([A-Za-z0-9<>._-]+) \(([^)]*)\)/g)) {
        if (/suppress/i.test(m[2]!)) expect(m[2], `${cmd.name}: internal/${m[1]}`).toMatch(/not for publication/i);
      }
    }
  });
});

describe("toCSV reads the opt-out flag with the loader's parser", () => {
  const flags = ['T', 't', ' yes', 'yes ', 'Y', 'y', 'TRUE', 'true', '1', ' Yes ', 'YES'];
  it.each(flags)('a row flagged %j is dropped, as the loader reads it as opted out', (flag) => {
    expect(parseBooleanFlag(flag)).toBe(1);
    const r = toCSV([{ id: 'a', optedOut: flag, score: 1 }, { id: 'b', optedOut: 'N', score: 2 }]);
    expect(r.rows).toBe(1);
    expect(r.optedOutDropped).toBe(1);
    expect(r.csv).not.toContain('a,');
  });
  it('a flag neither yes nor no is dropped too (it cannot be read as no); blank and no are kept', () => {
    const r = toCSV([{ id: 'a', optedOut: 'maybe' }, { id: 'b', optedOut: '' }, { id: 'c', optedOut: 'no' }, { id: 'd', optedOut: 'F' }, { id: 'e' }]);
    expect(r.csv.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['b', 'c', 'd', 'e']);
    expect(r.optedOutDropped).toBe(1);
  });
  it('spreadsheet formulas are written as text: =, +, -, @, tab and CR at the start of a string', () => {
    const cells = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1', 'plain'];
    const r = toCSV(cells.map((v, i) => ({ id: `r${i}`, v })));
    const lines = r.csv.split('\r\n');
    expect(lines[1]).toBe('r0,"\'=HYPERLINK(""http://x"",""y"")"');
    expect(lines[2]).toBe('r1,"\'+1+1"');
    expect(lines[3]).toBe('r2,"\'-2+3"');
    expect(lines[4]).toBe('r3,"\'@SUM(A1)"');
    expect(lines[5]).toBe('r4,"\'\t=1"');
    expect(r.csv).toContain('r5,"\'\r=1"');
    expect(r.csv).toContain('r6,plain');
    // A number is not a formula: -3 stays a number.
    expect(toCSV([{ id: 'n', v: -3 }]).csv).toBe('id,v\r\nn,-3\r\n');
  });
});
