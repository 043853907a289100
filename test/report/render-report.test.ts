import { describe, expect, it } from 'vitest';
import { isRiskStratifyError } from '../../src/core/errors.js';
import { buildReportCharts, renderReport } from '../../src/report/index.js';
import type { ReportInput } from '../../src/report/index.js';
import { MALICIOUS, sampleInput } from './sample-input.js';
import { deepFreeze } from './svg-helpers.js';

/** Text of each cell of the first table with the given class, row by row. */
function tableCells(html: string, cls: string): string[][] {
  const table = html.match(new RegExp(`<table class="${cls}">([\\s\\S]*?)</table>`))![1]!;
  const body = table.match(/<tbody>([\s\S]*?)<\/tbody>/)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!));
}
/** Text content of every <text> in the SVG with the given id. */
function svgTexts(html: string, id: string): string[] {
  const svg = html.match(new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`))![0];
  return [...svg.matchAll(/<(?:text|title)[^>]*>([^<]*)/g)].map((m) => m[1]!);
}

describe('renderReport', () => {
  it('churn counts 3 and 12 are published as * and 10: neither 3 nor 12 appears in the table or the chart', () => {
    const html = renderReport({ title: 'T', churn: [{ period: '2025-07', entered: 3, left: 12, stayed: 40 }] });
    const [row] = tableCells(html, 'churn');
    expect(row).toEqual(['2025-07', '*', '40', '10']); // Refresh, Entered, Stayed, Left
    const texts = svgTexts(html, 'chart-churn').join(' | ');
    expect(texts).toContain('Entered: * (suppressed)');
    expect(texts).toContain('Left: 10');
    expect(texts).not.toMatch(/\b(3|12)\b/);
  });

  it('every count in the input goes through the suppression function (spy)', () => {
    const seen: number[] = [];
    renderReport(sampleInput, { suppress: (n) => { seen.push(n); return n; } });
    const s = sampleInput;
    const expectSeen = (values: number[], what: string) => {
      for (const v of values) expect(seen, `${what} ${v}`).toContain(v);
    };
    expectSeen(s.population!.pyramid!.filter((r) => r.sex === 'female' || r.sex === 'male').map((r) => r.people), 'pyramid');
    expectSeen([3], 'sex other/unknown');
    expectSeen([s.population!.optedOut!], 'opted out');
    expectSeen(s.population!.practices!.flatMap((p) => [p.people, p.adults!]), 'practices');
    expectSeen(s.segments!.flatMap((r) => [r.people, r.emergencyAdmissions!, r.bedDays!]), 'segments');
    expectSeen(s.risk!.bins.map((b) => b.people), 'risk bins');
    expectSeen(s.calibration!.map((c) => c.n), 'calibration n');
    expectSeen(s.variants!.map((v) => v.people!), 'variant people');
    expectSeen(s.caseloads!.flatMap((c) => [c.selected, c.adults!, c.capacity!]), 'caseloads');
    expectSeen(s.churn!.flatMap((c) => [c.entered, c.left, c.stayed]), 'churn');
    expectSeen(s.spc![1]!.points.map((p) => p.value!), 'SPC counts');
    expectSeen([s.intervention!.treated!, s.intervention!.controls!], 'intervention');
    expectSeen(s.tables![0]!.rows.map((r) => r['optedOut'] as number), 'extra table counts');
  });

  it('with a rule that suppresses everything, every published count is * and no count chart draws a mark', () => {
    const html = renderReport(sampleInput, { suppress: () => null });
    const counts = [...html.matchAll(/class="(?:num )?count">([^<]*)</g)].map((m) => m[1]);
    expect(counts.length).toBeGreaterThan(50);
    expect(new Set(counts)).toEqual(new Set(['*']));
    for (const id of ['chart-population-pyramid', 'chart-population-practices', 'chart-segments-people', 'chart-segments-admissions',
      'chart-risk-histogram', 'chart-calibration', 'chart-caseloads', 'chart-churn', 'chart-spc-2']) {
      const svg = html.match(new RegExp(`<svg[^>]*id="${id}"[\\s\\S]*?</svg>`))![0];
      expect(svg.match(/class="mark"/g), id).toBeNull();
    }
  });

  it('with the default rule every published count is *, 0 or a multiple of 5', () => {
    const html = renderReport(sampleInput);
    const counts = [...html.matchAll(/class="(?:num )?count">([^<]*)</g)].map((m) => m[1]!);
    for (const c of counts) expect(c === '*' || Number(c.replace(/,/g, '')) % 5 === 0, c).toBe(true);
    expect(html).toContain('counts from 1 to 7 are shown as *; other counts are rounded to the nearest 5');
  });

  it('escapes a malicious practice name everywhere: no script, no img, the name shown as text', () => {
    const html = renderReport(sampleInput);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^<>]*\sonerror=/); // as escaped text it is harmless; never inside a tag
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Surgery&quot;');
    const evil = renderReport({ title: '</title><script>x()</script>', generatedFor: MALICIOUS, notes: [MALICIOUS] });
    expect(evil).not.toMatch(/<script/i);
  });

  it('is self-contained: no external URL, import, src or non-anchor href; a CSP forbids any request', () => {
    const html = renderReport(sampleInput);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
    expect(html).not.toMatch(/<[^<>]*\ssrc=/); // no tag has a src attribute
    expect(html).not.toMatch(/@import|url\(/);
    for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1]!.startsWith('#')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
  });

  it('prints cleanly: A4 page rule, a page break before each section, figures and tables kept whole', () => {
    const html = renderReport(sampleInput);
    expect(html).toContain('@media print');
    expect(html).toMatch(/section\.report-section\{break-before:page/);
    expect(html).toMatch(/figure,table,tr,[^{]*\{break-inside:avoid/);
    expect(html).toContain('@page{size:A4');
  });

  it('is accessible: one h1, an h2 per section, a caption per table, role="img" and aria-label on every chart', () => {
    const html = renderReport(sampleInput);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<section /g)!.length).toBe(html.match(/<h2 /g)!.length);
    expect(html.match(/<table/g)!.length).toBe(html.match(/<caption>/g)!.length);
    const svgs = html.match(/<svg [^>]*>/g)!;
    expect(svgs.length).toBe(16);
    for (const s of svgs) expect(s).toMatch(/role="img" aria-label="[^"]+"/);
    expect(html).toContain('<html lang="en-GB">');
  });

  it('omits sections missing from the input', () => {
    const empty = renderReport({ title: 'Nothing yet' });
    expect(empty).not.toContain('<section');
    expect(empty).not.toContain('<svg');
    expect(renderReport({ title: 'T', population: { pyramid: [], practices: [] } })).not.toContain('<section');
    const churnOnly = renderReport({ title: 'T', churn: [{ period: 'p', entered: 10, left: 10, stayed: 10 }] });
    expect([...churnOnly.matchAll(/<section[^>]*id="([^"]+)"/g)].map((m) => m[1])).toEqual(['section-churn']);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze(structuredClone(sampleInput));
    const before = JSON.stringify(input);
    expect(() => renderReport(input)).not.toThrow();
    expect(JSON.stringify(input)).toBe(before);
  });

  it('refuses a malformed input with invalid_input naming the field and value', () => {
    const bad = { title: 'T', segments: [{ segment: 'A', people: -4 }] } as ReportInput;
    try {
      renderReport(bad);
      expect.unreachable();
    } catch (e) {
      expect(isRiskStratifyError(e)).toBe(true);
      if (!isRiskStratifyError(e)) return;
      expect(e.code).toBe('invalid_input');
      expect(e.fn).toBe('renderReport');
      expect(e.path).toEqual(['input', 'segments', 0, 'people']);
      expect(e.value).toBe(-4);
    }
    expect(() => renderReport(null as unknown as ReportInput)).toThrow(/renderReport/);
  });

  it('refuses bad options: a zero rounding base, and a suppress function that returns NaN', () => {
    expect(() => renderReport({ title: 'T' }, { suppression: { threshold: 7, roundTo: 0 } })).toThrow(/options\.suppression\.roundTo/);
    expect(() => renderReport({ title: 'T', churn: [{ period: 'p', entered: 1, left: 1, stayed: 1 }] }, { suppress: () => NaN }))
      .toThrow(/suppress\(1\) must return a finite number or null/);
  });

  it('a custom rule { threshold: 10, roundTo: 10 } is used and described', () => {
    const html = renderReport({ title: 'T', churn: [{ period: 'p', entered: 9, left: 14, stayed: 15 }] }, { suppression: { threshold: 10, roundTo: 10 } });
    expect(tableCells(html, 'churn')[0]).toEqual(['p', '*', '20', '10']);
    expect(html).toContain('counts from 1 to 10 are shown as *; other counts are rounded to the nearest 10');
  });
});

describe('renderReport: figures the data cannot support are named gaps, never NaN', () => {
  it('a variant metric without an estimate reads n/a (why); one without an interval says so; neither is drawn', () => {
    const html = renderReport({
      variants: [
        { name: 'top 2%', people: 40, metrics: [{ metric: 'Sensitivity', estimate: null, lower: null, upper: null, missing: 'no events' }, { metric: 'PPV', estimate: 0.25, lower: null, upper: null, missing: 'too few data' }] },
        { name: 'top 5%', people: 100, metrics: [{ metric: 'Sensitivity', estimate: 0.5, lower: 0.4, upper: 0.6 }, { metric: 'PPV', estimate: 0.2, lower: 0.1, upper: 0.3 }] },
      ],
    });
    expect(html).toContain('<td class="num">n/a (no events)</td>');
    expect(html).toContain('<td class="num">0.25 (no interval: too few data)</td>');
    expect(html).not.toMatch(/NaN|Infinity|undefined|null/);
    // Only the variant with numbers has a dot in each chart.
    expect(html.match(/<circle class="mark"/g)).toHaveLength(2);
  });

  it('an SPC month with no value is a named gap; a null centre or limit is not drawn', () => {
    const html = renderReport({
      spc: [{ title: 'Admissions per 1,000', points: [
        { label: 'Jan', value: 10, centre: 10, upper: 14, lower: 6 },
        { label: 'Feb', value: null, centre: 10, upper: null, lower: null, missing: 'nothing to divide by' },
        { label: 'Mar', value: 12, centre: 10, upper: 14, lower: 6 },
      ] }, { title: 'No baseline', points: [{ label: 'Jan', value: null, centre: null, upper: null, lower: null, missing: 'nothing to divide by' }, { label: 'Feb', value: 3, centre: null, upper: null, lower: null }] }],
    });
    expect(html).toContain('<title>Feb: no value (nothing to divide by)</title>–');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('a back-test without events shows AUROC n/a (no events), not NaN and not a silent omission', () => {
    const html = renderReport({ roc: { points: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }], auroc: null, missing: 'no events' } });
    expect(html).toContain('AUROC n/a (no events)');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe('renderReport: nothing can be worked out from the published report', () => {
  it('a practice list with one small practice: a second practice is suppressed, so the registered total cannot give it back', () => {
    const html = renderReport({ title: 'T', population: { pyramid: [], practices: [
      { practice: 'A', people: 9120 }, { practice: 'B', people: 6 }, { practice: 'C', people: 4890 }, { practice: 'D', people: 312 },
    ] } });
    expect(tableCells(html, 'practices').map((r) => r[1])).toEqual(['9,120', '*', '4,890', '*']);
  });
  it('% of adults selected and observed calibration rates are computed from the published counts', () => {
    const html = renderReport({ title: 'T', caseloads: [{ practice: 'A', selected: 148, adults: 7312 }, { practice: 'B', selected: 102, adults: 5021 }] });
    expect(tableCells(html, 'caseloads')[0]).toEqual(['A', '7,310', '150', '2.1%', ]); // 150 / 7310, not 148 / 7312 = 2.02%
    const [cal] = buildReportCharts({ title: 'T', calibration: [{ expected: 0.1, observed: 0.123, n: 1002, events: 123 }, { expected: 0.2, observed: 0.2, n: 498, events: 99 }] });
    if (cal?.chart.kind !== 'calibration') throw new Error('calibration expected');
    expect(cal.chart.points.map((p) => [p.observed, p.n])).toEqual([[125 / 1000, 1000], [100 / 500, 500]]);
  });
  it('prints the provenance lines under the title', () => {
    const html = renderReport({ title: 'T', provenance: ['risk-stratify 0.1.0, run on 2025-04-02: risk-stratify demo', 'Opt-outs: removed upstream'] });
    expect(html).toContain('<p class="note provenance">risk-stratify 0.1.0, run on 2025-04-02: risk-stratify demo<br>Opt-outs: removed upstream</p>');
  });
});

describe('renderReport documented example', () => {
  it('starts with a doctype and shows the 3 people who entered as a suppressed count cell', () => {
    const html = renderReport({ title: 'North MDT', asOf: '2025-04-01', churn: [{ period: '2025-04', entered: 3, left: 12, stayed: 40 }] });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.includes('<td class="num count">*</td>')).toBe(true);
  });
});
