// fit -> evaluate -> score -> cohort -> features -> segment on a synthetic extract written as
// CSV files, checked against what the extract itself says (opt-outs, ages, registrations)
// and against the library called directly.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDate, ageInYears } from '../../src/core/dates.js';
import { run, tempDir, writeSyntheticExtract } from './helpers.js';

const dir = tempDir('rs-cli-pipeline-');
const csv = (path: string): Record<string, string>[] => {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, j) => [cols[j]!, v])));
};

let patients: Record<string, string>[] = [];
beforeAll(() => {
  writeSyntheticExtract(dir, { size: 3000, practices: 2, seed: 5 });
  patients = csv(join(dir, 'patients.csv'));
});

const site = (): string[] => ['--config', join(dir, 'site.json')];
const optedOut = (): Set<string> => new Set(patients.filter((p) => p['optedOut'] === 'yes').map((p) => p['id']!));
/** Registered and alive on `day` (end dates exclusive), from the CSV itself. */
const registeredOn = (p: Record<string, string>, day: number): boolean => {
  const d = (k: string): number | undefined => (p[k] ? parseDate(p[k]!) : undefined);
  return d('birthDate')! <= day && (d('registeredFrom') ?? 0) <= day && (d('registeredTo') ?? Infinity) > day && (d('deathDate') ?? Infinity) > day;
};

describe('fit, evaluate, score, cohort, features, segment on CSV files', () => {
  it('fit --as-of D learns from features at D-12 months and writes a loadable model, its SQL and coefficients', async () => {
    const r = await run(['fit', ...site(), '--as-of', '2023-04-01', '--out', join(dir, 'model'), '--json']);
    expect(r.err).not.toContain('Error');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.fitAsOf).toBe('2022-04-01');
    expect(doc.converged).toBe(true);
    const model = JSON.parse(readFileSync(join(dir, 'model/internal/model.json'), 'utf8'));
    expect(model.format).toBe('risk-stratify/risk-model');
    expect(model.training.asOf).toBe('2022-04-01');
    expect(readFileSync(join(dir, 'model/internal/model.sql'), 'utf8')).toMatch(/^WITH risk_linear AS/);
  });

  it('evaluate reports an AUROC inside its CI and PPV x people = events at each top k%', async () => {
    const r = await run(['evaluate', ...site(), '--model', join(dir, 'model/internal/model.json'), '--as-of', '2023-04-01', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.out);
    expect(e.auroc).toBeGreaterThan(0.5);
    expect(e.aurocCI[0]).toBeLessThanOrEqual(e.auroc);
    expect(e.aurocCI[1]).toBeGreaterThanOrEqual(e.auroc);
    for (const a of e.atTop) expect(a.ppv * a.people).toBeCloseTo(a.events, 6);
  });

  it('score writes one score per registered person who has not opted out', async () => {
    const r = await run(['score', ...site(), '--model', join(dir, 'model'), '--as-of', '2024-03-01', '--out', join(dir, 'scores')]);
    expect(r.code).toBe(0);
    const rows = csv(join(dir, 'scores/internal/scores.csv'));
    const day = parseDate('2024-03-01')!;
    const expected = patients.filter((p) => registeredOn(p, day) && p['optedOut'] !== 'yes').map((p) => p['id']).sort();
    expect(rows.map((x) => x['id']).sort()).toEqual(expected);
    for (const x of rows) expect(Number(x['score'])).toBeGreaterThan(0);
  });

  it('cohort selects ceil(p x eligible adults) per practice, never an opted-out person, top 2% inside top 5%', async () => {
    const r = await run(['cohort', ...site(), '--model', join(dir, 'model'), '--as-of', '2024-03-01', '--out', join(dir, 'cohort')]);
    expect(r.code).toBe(0);
    const day = parseDate('2024-03-01')!;
    const out = optedOut();
    const top2 = csv(join(dir, 'cohort/internal/cohort-top2.csv'));
    const top5 = csv(join(dir, 'cohort/internal/cohort-top5.csv'));
    for (const [rows, p] of [[top2, 2], [top5, 5]] as const) {
      for (const x of rows) expect(out.has(x['id']!)).toBe(false);
      const byPractice = new Map<string, number>();
      for (const x of rows) byPractice.set(x['practice']!, (byPractice.get(x['practice']!) ?? 0) + 1);
      for (const [practice, k] of byPractice) {
        const eligible = patients.filter((q) => q['practiceId'] === practice && registeredOn(q, day) && q['optedOut'] !== 'yes' && ageInYears(parseDate(q['birthDate']!)!, day) >= 18).length;
        expect(k).toBe(Math.ceil((p / 100) * eligible));
      }
    }
    const five = new Set(top5.map((x) => x['id']));
    for (const x of top2) expect(five.has(x['id'])).toBe(true);
    const churn = JSON.parse(readFileSync(join(dir, 'cohort/internal/cohort-churn.json'), 'utf8'));
    expect(churn.top2.counts.current).toBe(top2.length);
    expect(churn.top2.counts.entered - churn.top2.counts.left).toBe(churn.top2.counts.current - churn.top2.counts.previous);
  });

  it('an exclusion list from the config keeps those people out of every cohort', async () => {
    const first = csv(join(dir, 'cohort/internal/cohort-top2.csv')).slice(0, 3).map((x) => x['id']!);
    writeFileSync(join(dir, 'case-managed.txt'), `${first.join('\n')}\n`);
    writeFileSync(join(dir, 'site-excl.json'), JSON.stringify({
      inputs: { patients: 'patients.csv', activity: 'activity.csv', conditions: 'conditions.csv', extractDate: '2024-04-01' },
      exclusions: { alreadyCaseManaged: 'case-managed.txt' },
    }));
    const r = await run(['cohort', '--config', join(dir, 'site-excl.json'), '--model', join(dir, 'model'), '--as-of', '2024-03-01', '--top', '2', '--out', join(dir, 'cohort-excl')]);
    expect(r.code).toBe(0);
    const ids = new Set(csv(join(dir, 'cohort-excl/internal/cohort-top2.csv')).map((x) => x['id']));
    for (const id of first) expect(ids.has(id)).toBe(false);
    const excl = csv(join(dir, 'cohort-excl/internal/cohort-top2-exclusions.csv'));
    for (const id of first) expect(excl.find((x) => x['id'] === id)?.['reason']).toBe('alreadyCaseManaged');
  });

  it('features.csv has one row per registered person not opted out; segments.csv the same people', async () => {
    const a = await run(['features', ...site(), '--as-of', '2024-03-01', '--out', join(dir, 'features')]);
    expect(a.code).toBe(0);
    const b = await run(['segment', ...site(), '--as-of', '2024-03-01', '--out', join(dir, 'segments')]);
    expect(b.code).toBe(0);
    const f = csv(join(dir, 'features/internal/features.csv'));
    const s = csv(join(dir, 'segments/internal/segments.csv'));
    const day = parseDate('2024-03-01')!;
    const expected = patients.filter((p) => registeredOn(p, day) && p['optedOut'] !== 'yes').map((p) => p['id']).sort();
    expect(f.map((x) => x['id']).sort()).toEqual(expected);
    expect(s.map((x) => x['id']).sort()).toEqual(expected);
    expect(b.out).toMatch(/Bridges to Health/);
  });

  it('compare: top 5% selects more people than top 2% and has the higher sensitivity; intervals contain their estimates', async () => {
    const r = await run(['compare', ...site(), '--model', join(dir, 'model'), '--as-of', '2023-04-01', '--out', join(dir, 'compare'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const [v2, v5] = doc.variants;
    expect(v5.cohortSize).toBeGreaterThan(v2.cohortSize);
    expect(v5.sensitivity.estimate).toBeGreaterThanOrEqual(v2.sensitivity.estimate);
    for (const v of doc.variants) expect(v.ppv.ci95[0] <= v.ppv.estimate && v.ppv.estimate <= v.ppv.ci95[1]).toBe(true);
    expect(readFileSync(join(dir, 'compare/publish/variant-comparison.csv'), 'utf8').length).toBeGreaterThan(0);
  });

  it('monitor: an XmR chart per practice (or one for everyone) with a point per month', async () => {
    const r = await run(['monitor', ...site(), '--from', '2022-04-01', '--to', '2023-03-31', '--per', 'practice', '--measures', 'emergencyAdmissionsPer1000', '--out', join(dir, 'monitor'), '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.results).toHaveLength(2); // two practices
    const spc = JSON.parse(readFileSync(join(dir, 'monitor/internal/spc.json'), 'utf8'));
    for (const x of spc.results) expect(x.spc.points).toHaveLength(12);
    const all = await run(['monitor', ...site(), '--from', '2022-04-01', '--to', '2023-03-31', '--measures', 'emergencyAdmissionsPer1000', '--out', join(dir, 'monitor-all')]);
    expect(all.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'monitor-all/internal/spc.json'), 'utf8')).results[0].spc.points;
    expect(a).toHaveLength(12);
  });

  it('commands that need a model or a date say so (usage error, exit 2)', async () => {
    const a = await run(['score', ...site(), '--as-of', '2024-03-01']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('--model');
    const b = await run(['cohort', ...site(), '--model', join(dir, 'model')]);
    expect(b.code).toBe(2);
    expect(b.err).toContain('--as-of');
    const c = await run(['score', ...site(), '--model', join(dir, 'patients.csv'), '--as-of', '2024-03-01']);
    expect(c.code).toBe(1);
    expect(c.err).toContain('patients.csv');
  });
});
