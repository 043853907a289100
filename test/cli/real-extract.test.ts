// Every command on an extract shaped like a real GP + SUS one (NHS column names, dd/mm/yyyy
// dates with times, QOF-style and SNOMED codes, an extract date; see
// test/fixtures/extract/nhs-style/README.md), run as a new user would: the config maps only
// `id` and `practiceId`, as the README's walkthrough starts. Each promise is a test that tries
// to break it on every file the command writes: no opted-out person's id anywhere, no NaN or
// undefined printed as a figure, windows past the extract refused, no opt-out column refused.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, idsIn, NHS_STYLE_FIXTURE, nhsStyleFacts, run, tempDir, writeNhsStyleSite } from './helpers.js';

const facts = nhsStyleFacts();
const dir = tempDir('rs-cli-real-extract-');

beforeAll(() => writeNhsStyleSite(dir));

const site = (): string[] => ['--config', join(dir, 'site.json')];

/** Each command as a site would run it, with the exit codes it may end with on this small extract. */
const COMMANDS: Array<{ name: string; argv: (out: string) => string[]; codes: number[] }> = [
  { name: 'validate', argv: (out) => ['validate', ...site(), '--out', out], codes: [0, 3] },
  { name: 'features', argv: (out) => ['features', ...site(), '--as-of', '2025-03-31', '--out', out], codes: [0] },
  { name: 'segment', argv: (out) => ['segment', ...site(), '--as-of', '2024-03-31', '--outcomes', '--out', out], codes: [0] },
  { name: 'fit', argv: (out) => ['fit', ...site(), '--as-of', '2025-03-31', '--out', out], codes: [0, 4] },
  { name: 'score', argv: (out) => ['score', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2025-03-31', '--out', out], codes: [0] },
  { name: 'cohort', argv: (out) => ['cohort', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2025-03-31', '--top', '2,5', '--out', out], codes: [0, 4] },
  { name: 'evaluate', argv: (out) => ['evaluate', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2024-03-31', '--out', out], codes: [0, 4] },
  { name: 'compare', argv: (out) => ['compare', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2024-03-31', '--out', out], codes: [0, 4] },
  { name: 'monitor', argv: (out) => ['monitor', ...site(), '--from', '2022-04-01', '--to', '2025-03-31', '--per', 'practice', '--out', out], codes: [0, 4] },
];

describe('every command on an NHS-style extract (nhs_pseudo_id, dob, national_opt_out, admidate with times)', () => {
  const outputs: Record<string, { code: number; out: string; err: string; files: string[] }> = {};

  beforeAll(async () => {
    for (const c of COMMANDS) {
      const out = join(dir, `out-${c.name}`);
      const r = await run([...c.argv(out), '--json']);
      outputs[c.name] = { ...r, files: r.code === 0 || r.code === 3 || r.code === 4 ? filesUnder(out) : [] };
    }
  }, 240_000);

  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s runs to a documented exit code and writes files', (name, c) => {
    const r = outputs[name]!;
    expect(c.codes, `${name}: ${r.err}`).toContain(r.code);
    expect(r.files.length).toBeGreaterThan(0);
  });

  it('no opted-out person\'s id appears in any file any command wrote, nor on stdout or stderr', () => {
    expect(facts.optedOut.length).toBe(8);
    const found: string[] = [];
    for (const [name, r] of Object.entries(outputs)) {
      for (const ids of [idsIn(r.out, facts.optedOut), idsIn(r.err, facts.optedOut)]) for (const id of ids) found.push(`${name} output: ${id}`);
      for (const f of r.files) for (const id of idsIn(readFileSync(f, 'utf8'), facts.optedOut)) found.push(`${f}: ${id}`);
    }
    expect(found).toEqual([]);
    // the search itself finds ids: everyone else registered on the extract date is in features.csv
    const everyone = readFileSync(join(NHS_STYLE_FIXTURE, 'patients.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(',')[0]!);
    const features = readFileSync(outputs['features']!.files.find((f) => f.endsWith('features.csv') && f.includes('internal'))!, 'utf8');
    const exclusions = [...facts.optedOut, ...facts.leftPractice, ...facts.died];
    expect(idsIn(features, everyone.filter((id) => !exclusions.includes(id))).length).toBeGreaterThan(everyone.length - 20);
  });

  it('the opt-out column was recognised (national_opt_out), not assumed absent', () => {
    const v = JSON.parse(outputs['validate']!.out);
    expect(v.summary.optOuts).toBe('column');
    const optOut = v.summary.columns.find((c: { column: string }) => c.column === 'national_opt_out');
    expect(optOut).toMatchObject({ field: 'optedOut' });
    const cohort = JSON.parse(outputs['cohort']!.out);
    for (const v5 of Object.values(cohort.variants) as Array<{ excluded: Record<string, number> }>) expect(v5.excluded['optedOut']).toBeGreaterThan(0);
  });

  it('the column nobody maps (usual_gp_name) is reported as unrecognised, and every other column is read', () => {
    const v = JSON.parse(outputs['validate']!.out);
    const unrecognised = v.summary.columns.filter((c: { use: string }) => c.use === 'unrecognised').map((c: { column: string }) => c.column);
    expect(unrecognised).toEqual(['usual_gp_name']);
    expect(v.warnings.map((w: { code: string }) => w.code)).toContain('unrecognised_columns');
  });

  it('no activity row is rejected for the time in its date', () => {
    const v = JSON.parse(outputs['validate']!.out);
    expect(v.summary.activity.rowsRejected).toBe(0);
    expect(v.summary.activity.rowsAccepted).toBe(v.summary.activity.rowsIn);
  });

  it('nobody who left the practice or died before the extract date is on a case list', () => {
    const cohortFiles = outputs['cohort']!.files.filter((f) => /cohort-top\d+\.csv$/.test(f));
    expect(cohortFiles.length).toBe(2);
    for (const f of cohortFiles) expect(idsIn(readFileSync(f, 'utf8'), [...facts.leftPractice, ...facts.died])).toEqual([]);
  });

  it('no file and no output prints NaN, Infinity or undefined as a figure', () => {
    const bad: string[] = [];
    for (const [name, r] of Object.entries(outputs)) {
      if (/\b(NaN|undefined)\b|Infinity/.test(r.out)) bad.push(`${name} stdout`);
      for (const f of r.files) if (/\b(NaN|undefined)\b|Infinity/.test(readFileSync(f, 'utf8'))) bad.push(f);
    }
    expect(bad).toEqual([]);
  });

  it('every published file sits under publish/, and none of them has an id column', () => {
    for (const r of Object.values(outputs)) {
      for (const f of r.files.filter((x) => /[\\/]publish[\\/].*\.csv$/.test(x))) {
        const header = readFileSync(f, 'utf8').split(/\r?\n/)[0]!.split(',');
        expect(header, f).not.toContain('id');
      }
    }
  });
});

describe('refusals on the same extract', () => {
  it('cohort --as-of a year after the extract date is refused, naming the extract date, and writes nothing', async () => {
    const out = join(dir, 'refused-cohort');
    const r = await run(['cohort', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2026-03-31', '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('2025-03-31');
    expect(() => filesUnder(join(out, 'internal')).filter((f) => /cohort-top/.test(f))).toSatisfy((f: () => string[]) => {
      try { return f().length === 0; } catch { return true; }
    });
  });

  it('evaluate --as-of one month before the extract end is refused: its outcome year runs past the data', async () => {
    const r = await run(['evaluate', ...site(), '--model', join(dir, 'out-fit'), '--as-of', '2025-02-28']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/past the extract date|after the extract date/);
    expect(r.out).not.toMatch(/AUROC/);
  });

  it('a patients file without an opt-out column is refused unless opt-outs were removed upstream', async () => {
    const noOptOut = join(dir, 'no-opt-out');
    mkdirSync(noOptOut, { recursive: true });
    const [head, ...rows] = readFileSync(join(NHS_STYLE_FIXTURE, 'patients.csv'), 'utf8').trimEnd().split(/\r?\n/);
    const cols = head!.split(',');
    const drop = cols.indexOf('national_opt_out');
    const keep = (line: string): string => line.split(',').filter((_, j) => j !== drop).join(',');
    writeFileSync(join(noOptOut, 'patients.csv'), [keep(head!), ...rows.map(keep)].join('\n') + '\n');
    const refused = await run(['validate', '--patients', join(noOptOut, 'patients.csv'), '--extract-date', facts.extractDate]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/opt-out/);
    const said = await run(['validate', '--patients', join(noOptOut, 'patients.csv'), '--extract-date', facts.extractDate, '--opt-outs', 'removed-upstream', '--json']);
    expect([0, 3]).toContain(said.code);
    expect(JSON.parse(said.out).summary.optOuts).toBe('removed-upstream');
  });
});
