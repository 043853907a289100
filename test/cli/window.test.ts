// The extract's window on the command line, on a CSV extract shaped like a real one (extract
// date 31/03/2024, a feed that began on 17/04/2021): dates past the extract are refused with a
// clear message and exit code 1; windows before complete data are a warning on stderr, or an
// error with --before-data error.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers.js';
import { windowExtract } from '../fixtures/data/window-extract.js';

const dir = tempDir('rs-window-');
const files = ['--patients', join(dir, 'patients.csv'), '--activity', join(dir, 'activity.csv'), '--conditions', join(dir, 'conditions.csv'), '--extract-date', '31/03/2024'];
const model = join(dir, 'model', 'internal', 'model.json');

describe('the extract window in every command', () => {
  beforeAll(async () => {
    const x = windowExtract();
    writeFileSync(join(dir, 'patients.csv'), x.patients);
    writeFileSync(join(dir, 'activity.csv'), x.activity);
    writeFileSync(join(dir, 'conditions.csv'), x.conditions);
    const fit = await run(['fit', ...files, '--as-of', '2023-03-31', '--out', join(dir, 'model'), '--json']);
    // 98 events for 12 parameters: a fit too thin to select people with (exit 4, warned), but a
    // model all the same, which is all the window tests need
    expect(fit.code).toBe(4);
    expect(fit.err).toMatch(/few_events_per_parameter/);
    // features stood at 2022-03-31: their 12-month lookback starts before the feed was complete
    expect(fit.err).toMatch(/warning: buildFeatures: the lookback window \(12 months to asOf\), 2021-04-01 to 2022-03-31, starts before activity is complete \(from 2021-05-01\)/);
  });

  it('validate shows the window: the extract date given, activity complete from the derived date and the rule', async () => {
    const r = await run(['validate', ...files]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('window: activity complete from 2021-05-01 (derived) to the extract date 2024-03-31 (given)');
    expect(r.out).toContain('half the median monthly count');
  });

  it('evaluate --as-of one month before the extract end is refused: its outcome year is not in the data', async () => {
    const r = await run(['evaluate', ...files, '--model', model, '--as-of', '2024-02-29']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^risk-stratify evaluate: buildOutcomes: the outcome window \(12 months after asOf\), 2024-03-01 to 2025-02-28, runs past the extract date 2024-03-31: events after it are not in the data/m);
    expect(r.err).toContain('an as-of date on or before 2023-03-31');
    expect(r.err).not.toContain('AUROC');
  });

  it('evaluate --as-of a year before the extract end stands on a whole outcome year, and says so', async () => {
    const r = await run(['evaluate', ...files, '--model', model, '--as-of', '2023-03-31', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { outcomeTo: string; window: { extractDate: string; activityFrom: string } };
    expect(doc.outcomeTo).toBe('2024-03-31');
    expect(doc.window).toMatchObject({ extractDate: '2024-03-31', activityFrom: '2021-05-01' });
  });

  it('cohort --as-of a year after the extract is refused, not a cohort', async () => {
    const r = await run(['cohort', ...files, '--model', model, '--as-of', '2025-03-31', '--out', join(dir, 'cohort-late')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^risk-stratify cohort: runMonthlyRefresh: the as-of date 2025-03-31 is after the extract date 2024-03-31: nothing after the extract date is in the data/m);
    const ok = await run(['cohort', ...files, '--model', model, '--as-of', '2024-03-31', '--top', '5', '--json']);
    expect(ok.code).toBe(0);
  });

  it("compare one month before the extract end is refused (it reported a '100% fall with no intervention')", async () => {
    const r = await run(['compare', ...files, '--model', model, '--as-of', '2024-02-29']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^risk-stratify compare: backtestOutcomes: the outcome horizon \(12 months after asOf\), 2024-03-01 to 2025-02-28, runs past the extract date 2024-03-31/m);
    const ok = await run(['compare', ...files, '--model', model, '--as-of', '2023-03-31', '--top', '5', '--json']);
    expect(ok.code).toBe(0);
    const doc = JSON.parse(ok.out) as { variants: { relativeFallNoIntervention: { estimate: number } }[] };
    expect(doc.variants[0]!.relativeFallNoIntervention.estimate).toBeLessThan(1);
  });

  it('monitor: a last month the extract does not finish is refused; a first month before the feed is a warning, or an error with --before-data error', async () => {
    const late = await run(['monitor', ...files, '--from', '2023-04-01', '--to', '2024-04-30']);
    expect(late.code).toBe(1);
    expect(late.err).toMatch(/buildMonthlySeries: the monthly series \(2023-04 to 2024-04\), 2023-04-01 to 2024-04-30, runs past the extract date 2024-03-31/m);
    const early = await run(['monitor', ...files, '--from', '2021-04-01', '--to', '2024-03-31', '--measures', 'emergencyAdmissionsPer1000']);
    expect(early.code).toBe(0);
    expect(early.err).toMatch(/warning: buildMonthlySeries: the monthly series \(2021-04 to 2024-03\), 2021-04-01 to 2024-03-31, starts before activity is complete \(from 2021-05-01\)/);
    const strict = await run(['monitor', ...files, '--from', '2021-04-01', '--to', '2024-03-31', '--before-data', 'error']);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/beforeData: 'warn' accepts it with a warning/);
    expect((await run(['monitor', ...files, '--from', '2021-05-01', '--to', '2024-03-31'])).err).not.toContain('warning');
  });

  it('features: a lookback before complete data is a warning on stderr (the features are written), an error with --before-data error; a wrong value is a usage error', async () => {
    const warn = await run(['features', ...files, '--as-of', '2021-12-31', '--json']);
    expect(warn.code).toBe(0);
    expect(warn.err).toMatch(/^warning: buildFeatures: the lookback window/m);
    const strict = await run(['features', ...files, '--as-of', '2021-12-31', '--before-data', 'error']);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/^risk-stratify features: buildFeatures: the lookback window .* starts before activity is complete/m);
    const bad = await run(['features', ...files, '--as-of', '2021-12-31', '--before-data', 'maybe']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--before-data must be warn or error');
  });

  it('--activity-from overrides the derived date', async () => {
    const r = await run(['features', ...files, '--activity-from', '17/04/2021', '--as-of', '2022-04-30', '--json']);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('warning');
    expect((JSON.parse(r.out) as { window: { activityFrom: string; activityFromSource: string } }).window).toMatchObject({ activityFrom: '2021-04-17', activityFromSource: 'given' });
  });
});
