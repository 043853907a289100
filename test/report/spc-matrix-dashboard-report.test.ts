// The SPC matrix (every measure with its Making Data Count icons, at the top of the SPC
// section) and the per-site dashboard (its own section after the SPC section) in the report:
// rendered from a ReportInput and from its published form (JSON file read back), the
// dashboard's registered counts suppressed like any count, and the whole path from a
// population through publishedSiteDashboard.
import { describe, expect, it } from 'vitest';
import { monitor } from '../../src/compare/monitor.js';
import { publishedSiteDashboard } from '../../src/compare/build-site-dashboard.js';
import { generatePopulation } from '../../src/synth/index.js';
import { renderPublishedReport, renderReport } from '../../src/report/render-report.js';
import { publishReportDocument, readPublishedReportDocument } from '../../src/report/published-report-input.js';
import type { ReportInput } from '../../src/report/index.js';
import { dashboardReportData, spcMatrixRowFor } from '../../src/cli/report-data.js';

const months = Array.from({ length: 14 }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}`.replace(/^2024-(0[12])$/, i >= 12 ? '2025-$1' : '2024-$1'));
// Hand-worked XmR: values 10..; mean of the 12 baseline values and 2.66 x mean moving range.
const values = [10, 12, 11, 13, 12, 10, 11, 12, 13, 11, 12, 11, 12, 25];

function input(): ReportInput {
  const spc = monitor(values.map((value, i) => ({ value, label: months[i]! })), { chart: 'xmr', baselinePoints: 12, improvement: 'down', target: 14 });
  const series = {
    title: 'Emergency admissions per 1,000 registered', unit: 'per 1,000',
    points: spc.points.map((p) => ({ label: p.label, value: p.value, centre: p.centre, upper: p.upper, lower: p.lower, signal: p.signals.length ? 'concern' as const : 'common' as const })),
  };
  const spcMatrix = [spcMatrixRowFor(series, spc, 14)];
  return {
    title: 'Matrix and dashboard', spc: [series], spcMatrix,
    dashboard: {
      note: 'The 1 largest of 3 practices is shown.',
      sites: [{
        site: 'P1',
        metrics: [{
          key: 'emergencyAdmissionsPer1000', name: 'Emergency admissions', unit: 'per 1,000 registered', improvement: 'down',
          spc: { ...series, icons: { variation: 'concern_high', assurance: 'hit_and_miss' } },
          funnelMonth: '2025-01',
          funnel: {
            target: 11.5,
            points: [
              { unit: 'P1', value: 12, denominator: 5000, flag: { side: 'within', level: null } },
              { unit: 'P2', value: 10, denominator: 3000, flag: { side: 'within', level: null } },
              { unit: 'P3', value: 40, denominator: 6, flag: { side: 'high', level: 0.95 } },
            ],
            curve: [6, 1000, 5000].map((d) => ({ denominator: d, limits: [{ level: 0.95, lower: Math.max(0, 11.5 - 1.96 * Math.sqrt(11.5 * 1000 / d)), upper: 11.5 + 1.96 * Math.sqrt(11.5 * 1000 / d) }] })),
          },
          position: [{ month: '2024-12', value: 11, z: 0.2, flag: 'within', level: null }, { month: '2025-01', value: 12, z: 0.4, flag: 'within', level: null }],
          notes: ['no counterfactual: no matched evaluation given for this site (an intervention start is needed)'],
        }],
      }],
    },
  };
}

/** Cells (inner HTML) of the SPC matrix's body rows. */
function matrixCells(html: string): string[][] {
  const table = html.match(/<table class="spc-matrix">([\s\S]*?)<\/table>/)![1]!;
  const body = table.match(/<tbody>([\s\S]*?)<\/tbody>/)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!));
}
const sectionIds = (html: string): string[] => [...html.matchAll(/<section class="report-section" id="section-([a-z]+)"/g)].map((m) => m[1]!);

describe('the SPC matrix and the site dashboard in the report', () => {
  it('the matrix is the first thing in the SPC section: latest judged value, mean and limits of the hand-worked XmR chart, target, and both icons', () => {
    const html = renderReport(input());
    const spcSection = html.match(/<section class="report-section" id="section-spc"[\s\S]*?<\/section>/)![0];
    expect(spcSection.indexOf('spc-matrix')).toBeLessThan(spcSection.indexOf('data-chart="spc"'));
    const [row] = matrixCells(html);
    // by hand: baseline mean 11.5; mean moving range of the 12 baseline points = 15/11;
    // limits 11.5 -/+ 2.66 x 15/11 = 7.873 and 15.127, printed to 3 significant figures
    expect([2, 1, 2, 1, 2, 1, 1, 1, 2, 1, 1].reduce((a, b) => a + b, 0)).toBe(15);
    expect(row![1]).toBe('2025-02'); // latest month
    expect(row!.slice(2, 7)).toEqual(['25', '11.5', '7.87', '15.1', '14']);
    expect(row![7]).toMatch(/data-icon="variation" data-value="concern_high"/); // the latest, 25, is above the upper limit: high, and lower is better
    expect(row![8]).toMatch(/data-icon="assurance" data-value="hit_and_miss"/); // target 14 lies inside the limits
    expect(row![0]).toContain('Emergency admissions per 1,000 registered');
  });

  it('the dashboard is its own section after the SPC section, in the contents, with a site whose registered count is suppressed left off the funnel', () => {
    const html = renderReport(input());
    expect(sectionIds(html)).toEqual(['spc', 'dashboard']);
    expect(html).toContain('<a href="#section-dashboard">Site dashboard</a>');
    const dash = html.match(/<section class="report-section" id="section-dashboard"[\s\S]*$/)![0];
    expect(dash).toContain('<h3>Site P1</h3>');
    expect(dash).toContain('The 1 largest of 3 practices is shown.');
    expect(dash).toMatch(/data-chart="spc"/);
    expect(dash).toMatch(/data-icon="variation" data-value="concern_high"/);
    const funnel = dash.match(/<svg[^>]*data-chart="funnel"[\s\S]*?<\/svg>/)![0];
    expect([...funnel.matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1])).toEqual(['P2', 'P1']); // P3: 6 people, suppressed
    expect(funnel).toContain('P1: 12 per 1,000 of 5,000');
    expect(dash).toMatch(/data-chart="position"/);
    expect(dash).toContain('no matched evaluation given for this site');
  });

  it('renders the same from its published form (a JSON file read back): the suppressed registered count is null in the file', () => {
    const rule = { threshold: 7, roundTo: 5, suppressZero: false };
    const file = JSON.parse(JSON.stringify(publishReportDocument('monitor', input(), rule)));
    const points = file.input.dashboard.sites[0].metrics[0].funnel.points;
    expect(points.map((p: { denominator: number | null }) => p.denominator)).toEqual([5000, 3000, null]);
    const read = readPublishedReportDocument('test', file);
    const html = renderPublishedReport(read.input, read.rule);
    expect(sectionIds(html)).toEqual(['spc', 'dashboard']);
    expect(matrixCells(html)[0]!.slice(1, 3)).toEqual(['2025-02', '25']);
    const funnel = html.match(/<svg[^>]*data-chart="funnel"[\s\S]*?<\/svg>/)![0];
    expect([...funnel.matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1])).toEqual(['P2', 'P1']);
    expect(html.replace(/<[^>]+>/g, ' ')).not.toMatch(/\bNaN\b|\bundefined\b|\bnull\b/);
  });

  it('from a population: the dashboard drawn from published counts, the largest practices shown, every registered count a multiple of 5', () => {
    const s = generatePopulation({ size: 3000, years: 2, seed: 1, practices: 7 });
    const d = publishedSiteDashboard(s.population, { from: s.truth.startDate, to: s.truth.endDate - 1, baselineMonths: 12 }, { threshold: 7, roundTo: 5 });
    const dashboard = dashboardReportData(d);
    expect(dashboard.sites).toHaveLength(5);
    expect(dashboard.note).toMatch(/The 5 largest of 7 practices/);
    for (const site of dashboard.sites) for (const m of site.metrics) for (const p of m.funnel?.points ?? []) expect(p.denominator % 5).toBe(0);
    for (const site of dashboard.sites) for (const m of site.metrics) for (const p of m.spc.points) if (p.value !== null) expect(Number.isFinite(p.value)).toBe(true);
    const html = renderReport({ title: 'T', dashboard });
    expect(sectionIds(html)).toEqual(['dashboard']);
    expect((html.match(/<section class="site-dashboard"/g) ?? []).length).toBe(5);
    expect((html.match(/data-chart="funnel"/g) ?? []).length).toBe(10);
    expect(html.replace(/<[^>]+>/g, ' ')).not.toMatch(/\bNaN\b|\bundefined\b|Infinity/);
  });
});
