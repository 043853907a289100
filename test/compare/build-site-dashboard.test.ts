import { describe, expect, it } from 'vitest';
import { buildSiteDashboard } from '../../src/compare/build-site-dashboard.js';
import { funnelPlot } from '../../src/compare/funnel-plot.js';
import type { InterventionResult } from '../../src/compare/evaluate-intervention.js';
import { generatePopulation } from '../../src/synth/index.js';
import { renderSiteDashboard } from '../../src/report/site-dashboard.js';
import { elements } from '../report/svg-helpers.js';

describe('buildSiteDashboard', () => {
  const s = generatePopulation({ size: 6000, years: 2, seed: 3, practices: 6 });
  const pop = s.population;
  // Three sites of two practices each.
  const sites = Object.fromEntries(pop.practices.map((p, i) => [p, `Site ${'ABC'[Math.floor(i / 2)]}`]));
  // A quality-of-life value (EQ-5D-like) for every 20th person in each month: 0.7 + 0.1 x (k mod 3).
  const values = [] as { id: string; date: number; value: number }[];
  for (let i = 0, k = 0; i < pop.size; i += 20, k++) for (let m = 0; m < 24; m++) values.push({ id: pop.ids[i]!, date: s.truth.startDate + 15 + 30 * m, value: 0.7 + 0.1 * (k % 3) });
  const fake = { effects: { emergencyAdmissions: { treatedAfter: 0.5, did: { estimate: -0.1, ci95: [-0.2, 0] }, relative: { estimate: -0.17, ci95: null } }, bedDays: { treatedAfter: 3, did: { estimate: -0.6, ci95: [-1.1, -0.1] }, relative: { estimate: -0.16, ci95: null } } } } as unknown as InterventionResult;
  const d = buildSiteDashboard(pop, {
    from: s.truth.startDate, to: s.truth.endDate - 1, sites, baselineMonths: 12,
    qualityOfLife: { values }, targets: { emergencyAdmissionsPer1000: 5 }, evaluations: { 'Site B': fake },
  });

  it('one dashboard per site, each with admissions, bed days and the quality-of-life measure', () => {
    expect(d.sites.map((x) => x.site)).toEqual(['Site A', 'Site B', 'Site C']);
    for (const site of d.sites) expect(site.metrics.map((m) => m.key)).toEqual(['emergencyAdmissionsPer1000', 'bedDaysPer1000', 'qualityOfLife']);
  });

  it('trajectory: an XmR chart with limits frozen on the first 12 months of the site itself', () => {
    const m = d.sites[0]!.metrics[0]!;
    const own = d.rows.filter((r) => r.unit === 'Site A' && r.measure === 'emergencyAdmissionsPer1000').slice(0, 12).map((r) => r.value!);
    const mean = own.reduce((a, b) => a + b, 0) / 12;
    expect(m.spc.chart).toBe('xmr');
    expect(m.spc.segments[0]!.baselinePoints).toBe(12);
    expect(m.spc.segments[0]!.centre).toBeCloseTo(mean, 10);
    expect(m.spc.points).toHaveLength(24);
    // target 5 per 1,000 with lower better gives an assurance icon
    expect(m.spc.assurance).not.toBe('no_target');
  });

  it("against other sites: the latest complete month's funnel, and the site's z on each month's funnel", () => {
    const beds = d.sites[1]!.metrics[1]!;
    // The last month's bed days are provisional (admissions not yet discharged), so the funnel is
    // of the latest month in which no site's bed days are provisional.
    const bedRows = d.rows.filter((r) => r.measure === 'bedDaysPer1000');
    const months = [...new Set(bedRows.map((r) => r.month))];
    const complete = months.filter((mo) => bedRows.every((r) => r.month !== mo || r.provisional === undefined));
    expect(complete.length).toBeLessThan(24);
    expect(bedRows.filter((r) => r.month === months[23]).some((r) => r.provisional !== undefined)).toBe(true);
    expect(beds.funnelMonth).toBe(complete[complete.length - 1]);
    const units = d.rows.filter((r) => r.measure === 'bedDaysPer1000' && r.month === beds.funnelMonth).map((r) => ({ unit: r.unit, numerator: r.numerator, denominator: r.denominator }));
    const again = funnelPlot(units, { overdispersion: 'multiplicative', suppression: false });
    expect(beds.funnel!.phi).toBeCloseTo(again.phi, 12);
    const p = again.points.find((x) => x.unit === 'Site B')!;
    const pos = beds.position[beds.position.length - 1]!;
    expect(pos.month).toBe(beds.funnelMonth);
    expect(pos.z).toBeCloseTo(again.overdispersionApplied ? p.z / Math.sqrt(again.phi) : p.z, 10);
    expect(pos.value).toBeCloseTo(1000 * p.value, 10);
    expect(beds.position.map((x) => x.month)).toEqual(complete);
    // the quality-of-life mean has no funnel, and says why
    const q = d.sites[0]!.metrics[2]!;
    expect(q.funnel).toBeNull();
    expect(q.notes.join(' ')).toMatch(/no Poisson variance/);
    // About the same people each month: a nearly flat series around 0.8 (0.7, 0.8, 0.9 in turn).
    expect(q.spc.segments[0]!.centre!).toBeGreaterThan(0.77);
    expect(q.spc.segments[0]!.centre!).toBeLessThan(0.83);
  });

  it('against the counterfactual: the matched evaluation where one is given, a note where not', () => {
    const b = d.sites[1]!.metrics;
    expect(b[0]!.counterfactual).toEqual({ outcome: 'emergencyAdmissions', treatedAfter: 0.5, expectedWithout: 0.6, did: { estimate: -0.1, ci95: [-0.2, 0] }, relative: -0.17 });
    expect(b[1]!.counterfactual!.expectedWithout).toBeCloseTo(3.6, 12);
    expect(d.sites[0]!.metrics[0]!.counterfactual).toBeNull();
    expect(d.sites[0]!.metrics[0]!.notes.join(' ')).toMatch(/no matched evaluation given/);
  });

  it('refuses an evaluation for a site that is not there', () => {
    expect(() => buildSiteDashboard(pop, { from: s.truth.startDate, to: s.truth.endDate - 1, sites, evaluations: { Nowhere: fake } })).toThrow(/Nowhere|no site/);
  });

  it('renders a section per site with, per metric, the SPC chart and icons, the funnel, the position over time and the counterfactual', () => {
    const html = renderSiteDashboard(d.sites[1]!);
    expect(html.startsWith('<section class="site-dashboard"')).toBe(true);
    expect(html.match(/class="site-metric"/g)).toHaveLength(3);
    expect(html.match(/data-chart="spc"/g)).toHaveLength(3);
    expect(html.match(/data-chart="funnel"/g)).toHaveLength(2);
    expect(html.match(/data-chart="position"/g)).toHaveLength(2);
    expect(html.match(/data-icon="variation"/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('expected without the change');
    expect(html).toContain('no Poisson variance');
    const funnelSvg = html.slice(html.indexOf('data-chart="funnel"'));
    expect(elements(funnelSvg).filter((e) => e.attrs['data-unit'] === 'Site B')[0]!.attrs['r']).toBe('6');
    // provisional bed days month drawn hollow
    expect(html).toContain('data-signal="provisional"');
  });
});
