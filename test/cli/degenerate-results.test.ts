// The scenario of issue 13 on data shaped like a real extract: the Synthea export loaded with
// fromSynthea, whose "practices" are 83 Synthea organisations of one or two people each. Every
// command that prints a figure must name what the data cannot support ('n/a (why)', with the
// warning beside the headline), never print NaN, Infinity or undefined (on the terminal or in any
// file it writes), and exit with the documented code: 4 when the headline itself is degenerate.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, syntheaDir, tempDir } from './helpers.js';
import { EXIT_UNSUPPORTED } from '../../src/cli/exit-codes.js';

const synthea = syntheaDir()!;
const dir = tempDir('rs-cli-degenerate-');
const input = ['--synthea', synthea, '--extract-date', '2023-10-16'];
const BAD = /NaN|Infinity|undefined/;

/** Every file under `d`, as text. */
function filesUnder(d: string): Array<[string, string]> {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [[p, readFileSync(p, 'utf8')] as [string, string]];
  });
}
const clean = (r: { out: string; err: string }, out?: string): void => {
  expect(r.out).not.toMatch(BAD);
  expect(r.err).not.toMatch(BAD);
  if (out) for (const [path, text] of filesUnder(out)) expect(text, path).not.toMatch(BAD);
};

describe('degenerate results on the Synthea export (83 one- or two-person practices)', () => {
  const model = join(dir, 'model', 'internal', 'model.json');

  it('exit code 4 is "result not supported by the data", documented in every command that uses it', async () => {
    expect(EXIT_UNSUPPORTED).toBe(4);
    for (const name of ['evaluate', 'fit', 'cohort', 'compare', 'monitor', 'demo']) {
      const r = await run([name, '--help']);
      expect(r.out, name).toMatch(/Exit codes:[^]*\b4\b/);
    }
  });

  it('fit on 2 events converges but is not clean: few_events_per_parameter beside the summary, in model.json, exit 4', async () => {
    const r = await run(['fit', ...input, '--as-of', '2017-01-01', '--out', join(dir, 'model')]);
    expect(r.code).toBe(EXIT_UNSUPPORTED);
    expect(r.out).toMatch(/\(2 events\).*converged, but on too few events to trust/);
    expect(r.out).toMatch(/warning \[few_events_per_parameter\]: 2 events \(the rarer outcome\) for \d+ parameter\(s\).*Peduzzi et al\. 1996/);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as { formatVersion: number; warnings: Array<{ code: string; count: number }> };
    expect(saved.formatVersion).toBe(2);
    expect(saved.warnings).toEqual([expect.objectContaining({ code: 'few_events_per_parameter', count: 2 })]);
    clean(r, join(dir, 'model'));
    const json = await run(['fit', ...input, '--as-of', '2017-01-01', '--json']);
    expect(json.code).toBe(EXIT_UNSUPPORTED);
    expect(JSON.parse(json.out).warnings[0].code).toBe('few_events_per_parameter');
    expect(json.err).toMatch(/warning \[few_events_per_parameter\]/);
  });

  it('evaluate a year with no events: AUROC n/a (no events), every figure named, exit 4; the model\'s own warning on stderr', async () => {
    const out = join(dir, 'evaluate-2019');
    const r = await run(['evaluate', ...input, '--model', model, '--as-of', '2019-01-01', '--out', out]);
    expect(r.code).toBe(EXIT_UNSUPPORTED);
    expect(r.out).toMatch(/0 with the outcome/);
    expect(r.out).toMatch(/AUROC n\/a \(no events\), AUPRC n\/a \(no events\)/);
    expect(r.out).toMatch(/warning \[no_events\]: no events \(\d+ people, none with the outcome\)/);
    expect(r.out).toMatch(/warning \[byGroup practice\]: figures are null or limited in \d+ practice group\(s\)/);
    expect(r.out).toMatch(/ 0%\s+n\/a \(no events\)/);
    expect(r.err).toMatch(/warning \[few_events_per_parameter\]: the model/);
    const doc = JSON.parse(readFileSync(join(out, 'internal', 'evaluation.json'), 'utf8'));
    expect([doc.evaluation.auroc, doc.evaluation.aurocCI]).toEqual([null, null]);
    expect(doc.evaluation.warnings[0]).toMatchObject({ code: 'no_events', path: [] });
    clean(r, out);
    const json = await run(['evaluate', ...input, '--model', model, '--as-of', '2019-01-01', '--json']);
    expect(json.code).toBe(EXIT_UNSUPPORTED);
    expect(JSON.parse(json.out).auroc).toBeNull();
    clean(json);
  });

  it('evaluate the 2 events of 2016: the AUROC exists (exit 0); per-practice gaps are folded into one warning line', async () => {
    const r = await run(['evaluate', ...input, '--model', model, '--as-of', '2016-01-01']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/AUROC 0\.\d{3} \(95% CI 0\.\d{3} to 1\.000\)/);
    expect(r.out).toMatch(/warning \[byGroup practice\]/);
    clean(r);
  });

  it('cohort: every practice too small for a top 2% or 5%, and k is everyone in most: warned with counts and examples, exit 4', async () => {
    const out = join(dir, 'cohort');
    const r = await run(['cohort', ...input, '--model', model, '--as-of', '2023-10-16', '--out', out]);
    expect(r.code).toBe(EXIT_UNSUPPORTED);
    expect(r.out).toMatch(/warning \[group_too_small\]: top2: 83 of 83 group\(s\) have fewer than 50 eligible people \(1\/p for a top 2%\)/);
    expect(r.out).toMatch(/warning \[group_too_small\]: top5: 83 of 83 group\(s\) have fewer than 20 eligible people/);
    expect(r.out).toMatch(/warning \[k_reaches_eligible\]: top2: k reaches the number eligible in \d+ of \d+ group\(s\) with anyone eligible/);
    const summary = JSON.parse(readFileSync(join(out, 'internal', 'cohort-summary.json'), 'utf8'));
    expect(summary.variants.top2.warnings.map((w: { code: string }) => w.code)).toEqual(['group_too_small', 'k_reaches_eligible']);
    clean(r, out);
  });

  it('compare a year with no admissions: sensitivity and the relative fall n/a, never NaN%; exit 4', async () => {
    const out = join(dir, 'compare-2019');
    const r = await run(['compare', ...input, '--model', model, '--as-of', '2019-01-01', '--out', out]);
    expect(r.code).toBe(EXIT_UNSUPPORTED);
    expect(r.out).toMatch(/PPV 0\.0% \(0\.0% to 0\.0%\), sensitivity n\/a \(no events\)/);
    expect(r.out).toMatch(/n\/a \(nothing to divide by\) fall with no intervention/);
    expect(r.out).toMatch(/warning \[no_events\]: variant "top2": nobody scored and eligible had an emergency admission/);
    clean(r, out);
  });

  it('compare 2016 (2 admissions after, none before): no "-Infinity%" fall; PPV and sensitivity stand, exit 0', async () => {
    const r = await run(['compare', ...input, '--model', model, '--as-of', '2016-01-01']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/-> 2 \(\d+ to \d+\) after: n\/a \(nothing to divide by\) fall with no intervention/);
    expect(r.out).toMatch(/warning \[zero_denominator\]: variant "top2": the cohort had no emergency admissions in the year before/);
    clean(r);
  });

  it('monitor per practice: months with nobody registered are gaps, not a crash; series without a centre line make it exit 4', async () => {
    const out = join(dir, 'monitor');
    const r = await run(['monitor', ...input, '--from', '2022-01-01', '--to', '2023-09-30', '--per', 'practice', '--out', out]);
    expect(r.code).toBe(EXIT_UNSUPPORTED);
    expect(r.out).toMatch(/centre n\/a \(too few data\)/);
    expect(r.out).toMatch(/warning \[zero_denominator\] in \d+ of \d+ series/);
    clean(r, out);
    const all = await run(['monitor', ...input, '--from', '2022-01-01', '--to', '2023-09-30']);
    expect(all.code).toBe(0);
    clean(all);
  });
});
