import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../src/synth/index.js';
import { run, tempDir } from './helpers.js';

/** The first id on the demo's top-2% case list. */
const top2Id = (dir: string): string => readFileSync(join(dir, 'internal/cohort-top2.csv'), 'utf8').split(/\r?\n/)[1]!.split(',')[0]!;

describe('risk-stratify demo', () => {
  it('writes the population summary (JSON + CSV) and validation results, and lists them on stderr', async () => {
    const dir = tempDir();
    const r = await run(['demo', '--size', '2000', '--practices', '4', '--evaluation-size', '3000', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    for (const f of ['internal/population-summary.json', 'publish/population-summary.csv', 'internal/validation.json']) {
      expect(existsSync(join(dir, f))).toBe(true);
      expect(r.err).toContain(f);
    }
    const summary = JSON.parse(readFileSync(join(dir, 'internal/population-summary.json'), 'utf8'));
    expect(summary.people.rows).toBe(2000);
    expect(summary.practices.count).toBe(4);
    // the synthetic extract goes through the validator: every row accepted, rows in = accepted + rejected
    const validation = JSON.parse(readFileSync(join(dir, 'internal/validation.json'), 'utf8'));
    expect(validation.rejected).toEqual([]);
    expect(validation.summary.patients).toEqual({ provided: true, rowsIn: 2000, rowsAccepted: 2000, rowsRejected: 0 });
    expect(validation.summary.activity.rowsIn).toBeGreaterThan(2000);
  });

  it('writes features, segments, the back-test evaluation, the model (JSON + SQL), the top-2% and top-5% cohorts with exclusions, caseloads and churn', async () => {
    const dir = tempDir();
    const r = await run(['demo', '--size', '4000', '--evaluation-size', '6000', '--out', dir]);
    expect(r.code).toBe(0);
    const published = ['features-summary.csv', 'segment-summary.csv', 'evaluation-summary.csv', 'caseload.csv', 'report.html', 'variant-comparison.csv',
      'monthly-series.csv', 'spc.csv', 'matched-evaluation.csv', 'population-summary.csv', 'provenance.json', 'README.txt'];
    const internal = ['features-summary.json', 'segment-summary.json', 'evaluation.json', 'back-test-model.json', 'model.json', 'model-duckdb.sql', 'cohort-top2.csv', 'cohort-top5.csv',
      'cohort-top2-exclusions.csv', 'cohort-top5-exclusions.csv', 'cohort-summary.json', 'cohort-churn.json', 'report-data.json', 'variant-comparison.json', 'spc.json',
      'matched-evaluation.json', 'validation.json', 'population-summary.json', 'sample-extract/patients.csv', 'provenance.json', 'README.txt'];
    for (const f of published) expect(existsSync(join(dir, 'publish', f)), `publish/${f}`).toBe(true);
    for (const f of internal) expect(existsSync(join(dir, 'internal', f)), `internal/${f}`).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['internal', 'publish']);
    expect(readdirSync(join(dir, 'publish')).sort()).toEqual([...published].sort()); // nothing else is published
    const html = readFileSync(join(dir, 'publish/report.html'), 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/(src|href)="https?:/); // self-contained: nothing fetched
    const ev = JSON.parse(readFileSync(join(dir, 'internal/evaluation.json'), 'utf8'));
    expect(ev.fitAsOf < ev.testAsOf).toBe(true); // fitted before the period it is tested on
    expect(ev.evaluation.auroc).toBeGreaterThan(0.5);
    // the variant comparison: top 5% selects more people than top 2%; the matched evaluation shows the naive fall beside the DiD
    const cmp = JSON.parse(readFileSync(join(dir, 'internal/variant-comparison.json'), 'utf8'));
    expect(cmp.variants.map((v: { name: string }) => v.name)).toEqual(['top2', 'top5']);
    expect(cmp.variants[1].cohortSize).toBeGreaterThan(cmp.variants[0].cohortSize);
    const me = JSON.parse(readFileSync(join(dir, 'internal/matched-evaluation.json'), 'utf8'));
    expect(me.truth.relativeReduction).toBe(0.15);
    expect(me.effects.emergencyAdmissions.naiveBeforeAfter.estimate).toBeLessThan(0);
    expect(me.effects.emergencyAdmissions.did.ci95).toHaveLength(2);
    const spc = JSON.parse(readFileSync(join(dir, 'internal/spc.json'), 'utf8'));
    expect(spc.emergencyAdmissionsPer1000.points).toHaveLength(36);
    // cohorts never contain opted-out people: regenerate the same population and check
    const { population } = generatePopulation({ size: 4000, seed: 1 });
    const optedOut = new Set(population.ids.filter((_, i) => population.columns.optedOut[i] === 1));
    expect(optedOut.size).toBeGreaterThan(0);
    for (const f of ['cohort-top2.csv', 'cohort-top5.csv', 'cohort-top2-exclusions.csv', 'cohort-top5-exclusions.csv']) {
      const ids = readFileSync(join(dir, 'internal', f), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]!);
      for (const id of ids) expect(optedOut.has(id), `${f} contains opted-out ${id}`).toBe(false);
    }
    // ... nor does any file the demo wrote, nor the report rendered again from its data
    const rendered = join(dir, 'rendered');
    expect((await run(['report', '--input', join(dir, 'internal/report-data.json'), '--out', rendered])).code).toBe(0);
    const files = (root: string): string[] => readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(root, e.name)) : [join(root, e.name)]));
    const leaks: string[] = [];
    for (const f of files(dir)) {
      const tokens = new Set(readFileSync(f, 'utf8').split(/[^A-Za-z0-9_-]+/));
      for (const id of optedOut) if (tokens.has(id)) leaks.push(`${f}: ${id}`);
    }
    expect(leaks).toEqual([]);
    expect(files(dir).some((f) => readFileSync(f, 'utf8').includes(top2Id(dir)))).toBe(true); // the search does find ids
    const top2 = readFileSync(join(dir, 'internal/cohort-top2.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
    const top5 = new Set(readFileSync(join(dir, 'internal/cohort-top5.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]));
    expect(top2.length).toBeGreaterThan(0);
    for (const id of top2) expect(top5.has(id)).toBe(true);
  });

  it('--json prints one JSON document on stdout naming every file written', async () => {
    const dir = tempDir();
    const r = await run(['demo', '--size', '1000', '--practices', '3', '--evaluation-size', '3000', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const written = doc.files.map((f: { path: string }) => relative(dir, f.path)).sort();
    expect(written).toEqual(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort());
  });

  it('is deterministic: the same seed writes the same bytes', async () => {
    const a = tempDir();
    const b = tempDir();
    await run(['demo', '--size', '1000', '--seed', '3', '--evaluation-size', '3000', '--out', a]);
    await run(['demo', '--size', '1000', '--seed', '3', '--evaluation-size', '3000', '--out', b]);
    const files = readdirSync(a, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(a, join(e.parentPath, e.name)));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });

  it('CSV outputs suppress small counts (no count from 1 to 7; the rest multiples of 5)', async () => {
    const dir = tempDir();
    await run(['demo', '--size', '1000', '--evaluation-size', '3000', '--out', dir]);
    const lines = readFileSync(join(dir, 'publish/population-summary.csv'), 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('section,item,count,rate,unit');
    let stars = 0;
    for (const line of lines.slice(1)) {
      const v = line.split(',')[2]!;
      if (v === '*') { stars++; continue; }
      const n = Number(v);
      expect(n === 0 || (n > 7 && n % 5 === 0)).toBe(true);
    }
    expect(stars).toBeGreaterThan(0); // a 1,000-person population has small cells
  });

  it('refuses a size that is too small with exit code 2', async () => {
    const r = await run(['demo', '--size', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--size');
  });
});
