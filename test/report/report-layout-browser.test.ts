// The report's layout in a real headless Chromium, as a board member reads it on a 1,400 px
// screen and as it prints on A4 (print media, 794 px = 210 mm at 96 dpi): nothing wider than
// the page, no element overflowing its box, no two labels of a chart's axes overlapping. Run on
// the demo's report (what the issue looked at) and on an input made to stress the layout (36
// months, a 101-point concentration curve, four variants with long metric names, cut-offs close
// together, long practice names). Writes a screenshot of each section to test-output/sections/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { renderReport, type ReportInput } from '../../src/report/index.js';
import { sampleInput } from './sample-input.js';
import { generatePopulation } from '../../src/synth/index.js';
import { publishedSiteDashboard } from '../../src/compare/build-site-dashboard.js';
import { dashboardReportData } from '../../src/cli/report-data.js';
import { layoutProblems } from '../helpers/layout-problems.js';
import { run, tempDir } from '../cli/helpers.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const outDir = fileURLToPath(new URL('../../test-output/sections/', import.meta.url));

const months = Array.from({ length: 36 }, (_, i) => `${2021 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, '0')}`);
const longPractice = 'The Very Long Named Riverside and Hillview Medical Partnership (Branch Surgery)';

/** An input made to stress the layout. */
const stress: ReportInput = {
  ...sampleInput,
  title: 'Stress test: risk stratification with long names and long series',
  risk: { ...sampleInput.risk!, thresholds: [{ label: 'Top 5% per practice (lowest practice cut-off)', value: 0.15 }, { label: 'Top 2% per practice (lowest practice cut-off)', value: 0.16 }] },
  concentration: Array.from({ length: 101 }, (_, p) => ({ topPercent: p, admissionsShare: Math.min(1, Math.sqrt(p / 100)), bedDaysShare: Math.min(1, Math.sqrt(p / 100) * 1.05) })),
  variants: ['Top 2% per practice', 'Top 5% per practice', 'Top 2% population-wide', 'Top 5% per practice, capacity 50'].map((name, k) => ({
    name, people: 300 + 200 * k,
    metrics: [
      { metric: 'Positive predictive value (selected people admitted)', kind: 'percent' as const, estimate: 0.49 - 0.03 * k, lower: 0.44 - 0.03 * k, upper: 0.55 - 0.03 * k },
      { metric: 'Sensitivity (share of admitted people selected)', kind: 'percent' as const, estimate: 0.09 + 0.03 * k, lower: 0.08 + 0.03 * k, upper: 0.11 + 0.03 * k },
      { metric: 'Fall in admissions with no intervention (relative)', kind: 'percent' as const, estimate: 0.07, lower: -0.15, upper: 0.25 },
      { metric: 'Admissions averted at the high assumed effect', estimate: 51 + 10 * k, lower: 41 + 10 * k, upper: 62 + 10 * k },
      { metric: 'Net cost at the high assumed effect', kind: 'currency' as const, estimate: -123456 + 50000 * k, lower: -234567 + 50000 * k, upper: 12345 + 50000 * k },
    ],
  })),
  caseloads: [...sampleInput.caseloads!, { practice: longPractice, selected: 120, adults: 6100, capacity: 100 }],
  spc: [{
    title: 'Emergency bed days per 1,000 registered', unit: 'per 1,000',
    points: months.map((label, i) => ({ label, value: 44 + 8 * Math.sin(i), centre: 44, upper: 58, lower: 30, signal: i % 9 === 0 ? 'concern' as const : 'common' as const })),
  }],
  intervention: { ...sampleInput.intervention!, source: 'A separate synthetic population of 100,000 people with a known 15% effect.' },
};
// The SPC matrix (long measure names, every icon, provisional months) and the per-site dashboard
// (from a population through publishedSiteDashboard: SPC, funnel, position per site and metric).
const icons = ['common_cause', 'improvement_high', 'improvement_low', 'concern_high', 'concern_low', 'neither_high', 'neither_low'] as const;
stress.spcMatrix = icons.map((variation, k) => ({
  measure: `${['Emergency bed days per 1,000 registered', 'Emergency admissions per 1,000 registered', 'A&E attendances per 1,000 registered'][k % 3]}: ${k === 0 ? longPractice : `P${k}`}`,
  unit: 'per 1,000', latestLabel: '2024-02', latestValue: 44.123 + k, mean: 43.9, lower: 30.25, upper: 57.6, target: k % 2 ? 40 : null,
  variation, assurance: k % 2 ? (['pass', 'hit_and_miss', 'fail'] as const)[k % 3]! : null, provisional: k === 0 ? ['2024-03'] : [], chart: 'xmr' as const,
}));
const synthetic = generatePopulation({ size: 3000, years: 2, seed: 1, practices: 6 });
stress.dashboard = dashboardReportData(publishedSiteDashboard(synthetic.population, { from: synthetic.truth.startDate, to: synthetic.truth.endDate - 1, baselineMonths: 12 }, { threshold: 7, roundTo: 5 }));

describe.skipIf(!haveChromium)('the report at 1,400 px and on A4 in headless Chromium', () => {
  let browser: Browser;
  const reports: Record<string, string> = {};

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const dir = tempDir('rs-report-layout-');
    const r = await run(['demo', '--size', '4000', '--evaluation-size', '2400', '--out', dir]);
    expect([0, 4], r.err).toContain(r.code);
    reports['demo'] = readFileSync(join(dir, 'publish/report.html'), 'utf8');
    reports['stress'] = renderReport(stress);
  }, 180_000);

  afterAll(async () => { await browser?.close(); });

  const cases = [
    { report: 'demo', width: 1400, media: 'screen' as const },
    { report: 'demo', width: 794, media: 'print' as const },
    { report: 'stress', width: 1400, media: 'screen' as const },
    { report: 'stress', width: 794, media: 'print' as const },
  ];

  it.each(cases)('$report report, $width px ($media): no overflow, no overlapping axis labels', async ({ report, width, media }) => {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    await page.emulateMedia({ media });
    await page.setContent(reports[report]!, { waitUntil: 'load' });
    const p = await layoutProblems(page);
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(8);
    // the SPC matrix (demo: 3 measures; stress: 7 rows, every icon) and, in the stress report, the dashboard
    expect(await page.locator('#section-spc table.spc-matrix tbody tr').count()).toBe(report === 'demo' ? 3 : 7);
    expect(await page.locator('#section-spc table.spc-matrix svg[data-icon="variation"]').count()).toBeGreaterThan(0);
    if (report === 'stress') {
      expect(await page.locator('#section-dashboard section.site-dashboard').count()).toBe(5);
      expect(await page.locator('#section-dashboard svg[data-chart="funnel"]').count()).toBeGreaterThanOrEqual(8); // 5 sites x 2 metrics, less any with no complete month
      expect(await page.locator('#section-dashboard svg[data-chart="position"]').count()).toBeGreaterThanOrEqual(8);
    }
    expect(p.scrollWidth, `page ${p.scrollWidth} px wide in a ${width} px viewport`).toBeLessThanOrEqual(width);
    expect(p.overflowing).toEqual([]);
    expect(p.overlappingLabels).toEqual([]);
    if (media === 'screen') {
      mkdirSync(outDir, { recursive: true });
      for (const s of await page.locator('section.report-section').all()) await s.screenshot({ path: `${outDir}${report}-${await s.getAttribute('id')}.png` });
    }
    await page.close();
  });

  it('control: the checks catch a table wider than the page and two labels drawn on top of each other', async () => {
    const page = await browser.newPage({ viewport: { width: 794, height: 600 } });
    await page.setContent('<!doctype html><body style="margin:0"><table><tr><td style="white-space:nowrap">' + 'wide '.repeat(300) + '</td></tr></table>' +
      '<svg class="chart" id="c" width="200" height="50"><g class="axis"><text x="10" y="20">2021-04</text><text x="30" y="20">2021-07</text></g></svg></body>');
    const p = await layoutProblems(page);
    expect(p.scrollWidth).toBeGreaterThan(794);
    expect(p.overflowing.length).toBeGreaterThan(0);
    expect(p.overlappingLabels).toEqual(['svg#c: "2021-04" / "2021-07"']);
    await page.close();
  });

  it('the long concentration table keeps the rows people read; the variants table has one row per metric', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.setContent(reports['stress']!, { waitUntil: 'load' });
    const rows = await page.locator('#section-concentration table tbody th').allTextContents();
    expect(rows).toEqual(['1%', '2%', '5%', '10%', '20%', '30%', '40%', '50%', '60%', '70%', '80%', '90%', '100%']);
    const metrics = await page.locator('table.variants tbody th').allTextContents();
    expect(metrics).toEqual(['People selected', ...stress.variants![0]!.metrics.map((m) => m.metric)]);
    const cells = await page.locator('table.variants tbody tr').nth(1).locator('td').allTextContents();
    expect(cells[0]).toBe('49.0% (44.0% to 55.0%)');
    const money = await page.locator('table.variants tbody tr').nth(5).locator('td').allTextContents();
    expect(money[0]).toBe('-£123,456 (-£234,567 to £12,345)');
    await page.close();
  });
});
