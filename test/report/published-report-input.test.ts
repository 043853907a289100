// The report input in its published form (what each command writes to publish/): suppressed
// once, with secondary suppression, and rendered again from the file without the exact counts.
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../src/report/index.js';
import { renderPublishedReport } from '../../src/report/render-report.js';
import { publishReportDocument, readPublishedReportDocument } from '../../src/report/published-report-input.js';
import { thinLabels, textWidth } from '../../src/report/svg-parts.js';
import { sampleInput } from './sample-input.js';
import { thrown } from '../helpers/thrown.js';

const rule = { threshold: 7, roundTo: 5, suppressZero: false };

describe('publishReportDocument / readPublishedReportDocument', () => {
  it('the report rendered from the published file (through JSON) is the report rendered from the exact input, byte for byte', () => {
    const file = JSON.parse(JSON.stringify(publishReportDocument('test', sampleInput, rule, '2025-07-01')));
    const read = readPublishedReportDocument('test', file);
    expect(read.asOf).toBe('2025-07-01');
    expect(renderPublishedReport(read.input, read.rule)).toBe(renderReport(sampleInput));
  });

  it('holds no exact small count: 3 people with sex unknown, 6 people in a practice, 1 selected are null in the file', () => {
    const doc = publishReportDocument('test', sampleInput, rule);
    const pop = doc.input['population'] as { pyramid: Array<{ sex: string; people: number | null }>; practices: Array<{ practice: string; people: number | null }> };
    expect(pop.pyramid.find((r) => r.sex === 'unknown')!.people).toBeNull();
    expect(pop.practices.find((p) => p.practice === 'Tiny Branch Practice')!.people).toBeNull();
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"(people|selected|entered|left|stayed|n|events)":[1-7][,}]/);
  });

  it('refuses a file that is not a published report input, naming the field', () => {
    const e = thrown(() => readPublishedReportDocument('report', { title: 'exact data' }));
    expect(e).toMatchObject({ code: 'invalid_input', path: ['format'] });
    const bad = JSON.parse(JSON.stringify(publishReportDocument('test', sampleInput, rule)));
    bad.input.churn[0].entered = 'many';
    expect(thrown(() => readPublishedReportDocument('report', bad))).toMatchObject({ code: 'invalid_input', path: ['input', 'churn', 0, 'entered'] });
  });
});

describe('thinLabels', () => {
  it('36 month labels 15.9 px apart: every 4th drawn (46.2 px wide + 8 px gap needs 54.2 px), none overlapping', () => {
    const xs = Array.from({ length: 36 }, (_, i) => 72 + i * (556 / 35));
    const labels = xs.map(() => '2021-04');
    const shown = thinLabels(xs, labels);
    expect(shown.filter(Boolean).length).toBe(9);
    expect(shown.slice(0, 5)).toEqual([true, false, false, false, true]);
    const kept = xs.filter((_, i) => shown[i]);
    for (let i = 1; i < kept.length; i++) expect(kept[i]! - kept[i - 1]!).toBeGreaterThanOrEqual(textWidth('2021-04') + 8);
  });
  it('draws every label when there is room', () => {
    expect(thinLabels([0, 100, 200], ['0%', '50%', '100%'])).toEqual([true, true, true]);
  });
});
