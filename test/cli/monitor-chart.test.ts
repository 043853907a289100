// risk-stratify monitor on a CSV extract shaped like a real one (extract date 31/03/2024):
// XmR charts by default, a part-month kept as provisional on request, targets per measure.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, run, tempDir } from './helpers.js';
import { windowExtract } from '../fixtures/data/window-extract.js';

const dir = tempDir('rs-monitor-chart-');
const files = ['--patients', join(dir, 'patients.csv'), '--activity', join(dir, 'activity.csv'), '--conditions', join(dir, 'conditions.csv'), '--extract-date', '31/03/2024'];

describe('risk-stratify monitor: chart choice and provisional months', () => {
  beforeAll(() => {
    const x = windowExtract();
    writeFileSync(join(dir, 'patients.csv'), x.patients);
    writeFileSync(join(dir, 'activity.csv'), x.activity);
    writeFileSync(join(dir, 'conditions.csv'), x.conditions);
  });

  it('XmR by default; --partial-month provisional keeps a part-month, provisional in spc.json and spc.csv; --target gives assurance', async () => {
    const out = join(dir, 'm');
    // The extract taken on 15 March 2024: March is a part-month.
    const mid = files.map((f) => (f === '31/03/2024' ? '15/03/2024' : f));
    const r = await run(['monitor', ...mid, '--from', '2023-04-01', '--to', '2024-03-31', '--partial-month', 'provisional', '--target', 'bedDaysPer1000=1000', '--out', out]);
    expect(r.err).not.toMatch(/window_past_extract|runs past/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/XmR-charts per 1,000 registered/);
    expect(r.out).toMatch(/provisional 2024-03/);
    const spc = JSON.parse(readFileSync(join(out, 'internal/spc.json'), 'utf8')).results as Array<{ measure: string; spc: { chart: string; assurance: string; points: Array<{ label: string; provisional: boolean; signals: unknown[] }> } }>;
    for (const x of spc) {
      expect(x.spc.chart).toBe('xmr');
      const march = x.spc.points.find((p) => p.label === '2024-03')!;
      expect(march.provisional).toBe(true);
      expect(march.signals).toEqual([]);
    }
    expect(spc.find((x) => x.measure === 'bedDaysPer1000')!.spc.assurance).toMatch(/pass|hit_and_miss|fail/);
    const csv = parseCsv(readFileSync(join(out, 'publish/spc.csv'), 'utf8'));
    const col = csv.header.indexOf('provisional');
    expect(col).toBeGreaterThan(0);
    const month = csv.header.indexOf('month');
    expect(csv.rows.filter((row) => row[month] === '2024-03').every((row) => /part-month/.test(row[col]!))).toBe(true);
  });

  it('refuses a bad --chart, --target or --partial-month (usage, exit 2)', async () => {
    for (const bad of [['--chart', 'c'], ['--target', 'bedDays=1'], ['--partial-month', 'keep']]) {
      const r = await run(['monitor', ...files, '--from', '2023-04-01', '--to', '2024-03-31', ...bad]);
      expect(r.code).toBe(2);
    }
  });
});
