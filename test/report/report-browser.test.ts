// Opens the rendered report in a real headless Chromium and checks that it renders offline:
// no console errors, no network request at all, every chart drawn with the expected number
// of marks, and prints to PDF with page breaks. Saves test-output/report.png and .pdf.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { renderReport } from '../../src/report/index.js';
import { MALICIOUS, sampleInput } from './sample-input.js';
import { publishReportInput } from '../../src/report/publish-report-input.js';
import { ReportInput } from '../../src/report/report-input.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const inCI = Boolean(process.env['CI']);
const outDir = fileURLToPath(new URL('../../test-output/', import.meta.url));

if (!haveChromium && !inCI) {
  console.warn(`\n!!! report-browser.test.ts SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). In CI this fails. !!!\n`);
}

describe('Chromium availability', () => {
  it.runIf(inCI)('CI has Chromium for the browser test of the report', () => {
    expect(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}`).toBe(true);
  });
});

// A count is published unless it is 1..7 (the default NHS rule): computed here from the
// sample input, not from the report code.
const shown = (n: number) => !(n >= 1 && n <= 7);

describe.skipIf(!haveChromium)('renderReport in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const failed: string[] = [];
  let pageErrors = 0;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text()); });
    page.on('pageerror', () => { pageErrors++; });
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.route('**/*', (route) => { requests.push(route.request().url()); return route.abort(); });
    await page.setContent(renderReport(sampleInput), { waitUntil: 'load' });
  });

  afterAll(async () => { await browser?.close(); });

  it('loads with no console error, no script error and no network request at all', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toBe(0);
    expect(requests).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('control: the same harness does catch a request from a page that makes one (so the check above can fail)', async () => {
    const leaky = await browser.newPage();
    const seen: string[] = [];
    await leaky.route('**/*', (route) => { seen.push(route.request().url()); return route.abort(); });
    await leaky.setContent('<!doctype html><title>leak</title><img src="http://127.0.0.1:9/pixel.png" alt="">', { waitUntil: 'load' });
    await leaky.close();
    expect(seen).toEqual(['http://127.0.0.1:9/pixel.png']);
  });

  it('the malicious practice name is shown as text and creates no element', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    const practiceCells = await page.locator('table.practices tbody th').allTextContents();
    expect(practiceCells).toContain(MALICIOUS);
  });

  it('every chart is an accessible SVG with a non-zero box and the expected number of marks', async () => {
    // the marks drawn are the published cells: primary suppression, then secondary along the
    // report's lines (a suppressed count is NaN in the published input)
    const s = publishReportInput(ReportInput.parse(sampleInput), { threshold: 7, roundTo: 5, suppressZero: false }, undefined).input;
    const shown = (n: number): boolean => Number.isFinite(n);
    const pyr = s.population!.pyramid!.filter((r) => r.sex === 'female' || r.sex === 'male');
    const seg = s.segments!;
    const expected: Record<string, number> = {
      'chart-population-pyramid': pyr.filter((r) => shown(r.people)).length,
      'chart-population-practices': s.population!.practices!.filter((p) => shown(p.people)).length,
      'chart-segments-people': seg.filter((r) => shown(r.people)).length,
      // a rate is drawn only when both its counts are published
      'chart-segments-admissions': seg.filter((r) => shown(r.people) && shown(r.emergencyAdmissions!)).length,
      'chart-segments-bed-days': seg.filter((r) => shown(r.people) && shown(r.bedDays!)).length,
      'chart-risk-histogram': s.risk!.bins.filter((b) => shown(b.people)).length,
      'chart-roc': 1,
      'chart-calibration': s.calibration!.filter((c) => shown(c.n)).length,
      'chart-concentration': 2,
      'chart-variants-1': s.variants!.length,
      'chart-variants-2': s.variants!.length,
      'chart-caseloads': s.caseloads!.filter((c) => shown(c.selected)).length + s.caseloads!.filter((c) => shown(c.capacity!)).length,
      'chart-churn': s.churn!.flatMap((c) => [c.entered, c.left, c.stayed]).filter(shown).length,
      'chart-spc-1': s.spc![0]!.points.length,
      'chart-spc-2': s.spc![1]!.points.filter((p) => shown(p.value!)).length,
      'chart-intervention': s.intervention!.effects.length * 2,
    };
    const ids = await page.locator('svg.chart').evaluateAll((els) => els.map((e) => e.id));
    expect(ids.sort()).toEqual(Object.keys(expected).sort());
    for (const [id, marks] of Object.entries(expected)) {
      const svg = page.locator(`svg#${id}`);
      const box = await svg.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.width, id).toBeGreaterThan(100);
      expect(box!.height, id).toBeGreaterThan(80);
      expect(await svg.getAttribute('role')).toBe('img');
      expect((await svg.getAttribute('aria-label'))!.length, id).toBeGreaterThan(3);
      expect(await svg.locator('title').first().textContent(), id).toBeTruthy();
      expect(await svg.locator('.mark').count(), id).toBe(marks);
      // every mark is actually painted with a size (not collapsed to nothing)
      const sizes = await svg.locator('.mark').evaluateAll((els) => els.map((e) => { const b = (e as SVGGraphicsElement).getBBox(); return b.width + b.height; }));
      expect(sizes.every((x) => x > 0), id).toBe(true);
    }
  });

  it('SPC points are coloured by signal as Making Data Count does', async () => {
    const fills = await page.locator('svg#chart-spc-1 circle.mark').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-signal')}:${getComputedStyle(e).fill}`));
    expect(fills.filter((f) => f.startsWith('concern:'))).toEqual(['concern:rgb(237, 139, 0)', 'concern:rgb(237, 139, 0)']);
    expect(fills.filter((f) => f.startsWith('improvement:'))).toEqual(['improvement:rgb(0, 169, 206)']);
    expect(fills.filter((f) => f.startsWith('common:')).length).toBe(13);
  });

  it('every section has a heading and every table a caption', async () => {
    const sections = await page.locator('section.report-section').count();
    expect(await page.locator('section.report-section > h2').count()).toBe(sections);
    expect(sections).toBe(11);
    const tables = await page.locator('table').count();
    expect(await page.locator('table > caption').count()).toBe(tables);
  });

  it('prints with one section per page and saves a screenshot and a PDF', async () => {
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: `${outDir}report.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.locator('section.report-section').evaluateAll((els) => els.map((e) => getComputedStyle(e).breakBefore));
    expect(breaks.every((b) => b === 'page')).toBe(true);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(`${outDir}report.pdf`, pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(11);
    await page.emulateMedia({ media: 'screen' });
    expect(existsSync(`${outDir}report.png`)).toBe(true);
  });
});
