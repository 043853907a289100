import { describe, expect, it } from 'vitest';
import { monitor } from '../../src/compare/monitor.js';
import { renderAssuranceIcon, renderVariationIcon, spcIcons, VARIATION_ICON_TEXT, ASSURANCE_ICON_TEXT, type VariationIcon, type AssuranceIcon } from '../../src/report/mdc-icons.js';
import { renderSpcMatrix, spcMatrixRow } from '../../src/report/spc-matrix.js';
import { renderSpcChart } from '../../src/report/spc-chart.js';
import { elements } from './svg-helpers.js';

// Hand-worked baseline (as in monitor.test.ts): x = 10 14 12 16 13 11 15 12 14 13; mean 13;
// mean moving range 25/9; limits 13 +/- 2.66 x 25/9 = 5.6111 .. 20.3889. Limits frozen on these 10.
const BASE = [10, 14, 12, 16, 13, 11, 15, 12, 14, 13];
const judge = (xs: number[], improvement: 'up' | 'down' | 'neither', target?: number) =>
  spcIcons(monitor(xs, { baselinePoints: 10, improvement, ...(target !== undefined ? { target } : {}) }));

describe('spcIcons: the variation icon, each case on a hand-worked series', () => {
  // 25 > UPL 20.389 (a point above the limit: special cause, high); 2 < LPL 5.611 (low).
  const cases: Array<[string, number[], 'up' | 'down' | 'neither', VariationIcon]> = [
    ['the baseline alone: no rule fires', BASE, 'up', 'common_cause'],
    ['25 above the UPL, higher is better', [...BASE, 25], 'up', 'improvement_high'],
    ['25 above the UPL, lower is better', [...BASE, 25], 'down', 'concern_high'],
    ['25 above the UPL, no direction', [...BASE, 25], 'neither', 'neither_high'],
    ['2 below the LPL, lower is better', [...BASE, 2], 'down', 'improvement_low'],
    ['2 below the LPL, higher is better', [...BASE, 2], 'up', 'concern_low'],
    ['2 below the LPL, no direction', [...BASE, 2], 'neither', 'neither_low'],
    // shift: seven points at 14..16 above the mean 13, all inside the limits
    ['a shift of 7 above the mean, lower is better', [...BASE, 14, 15, 14, 16, 14, 15, 14], 'down', 'concern_high'],
  ];
  for (const [what, xs, dir, icon] of cases) {
    it(`${what} -> ${icon}`, () => expect(judge(xs, dir).variation).toBe(icon));
  }
});

describe('spcIcons: the assurance icon against a target (limits 5.611 .. 20.389)', () => {
  const cases: Array<[number, 'up' | 'down', AssuranceIcon]> = [
    [4, 'up', 'pass'], // target below the LPL, higher is better: every month beats it
    [25, 'up', 'fail'], // above the UPL: no month reaches it
    [15, 'up', 'hit_and_miss'], // between the limits
    [25, 'down', 'pass'],
    [4, 'down', 'fail'],
    [5.62, 'down', 'hit_and_miss'], // just inside the LPL
  ];
  for (const [target, dir, icon] of cases) {
    it(`target ${target}, ${dir === 'up' ? 'higher' : 'lower'} is better -> ${icon}`, () => expect(judge(BASE, dir, target).assurance).toBe(icon));
  }
  it('no target, no assurance icon', () => expect(judge(BASE, 'up').assurance).toBeNull());
});

describe('renderVariationIcon / renderAssuranceIcon', () => {
  it('draws each icon as a titled inline SVG in the signal colours, with H/L and P/?/F', () => {
    for (const icon of Object.keys(VARIATION_ICON_TEXT) as VariationIcon[]) {
      const svg = renderVariationIcon(icon);
      expect(svg).toMatch(/^<svg [^>]*data-icon="variation"/);
      expect(svg).toContain(`data-value="${icon}"`);
      expect(svg).toContain(`<title>${VARIATION_ICON_TEXT[icon]}</title>`);
      expect(svg.endsWith('</svg>')).toBe(true);
      if (icon.endsWith('_high')) expect(svg).toContain('>H</text>');
      if (icon.endsWith('_low')) expect(svg).toContain('>L</text>');
    }
    expect(renderVariationIcon('improvement_low')).toContain('stroke="#00A9CE"');
    expect(renderVariationIcon('concern_high')).toContain('stroke="#ED8B00"');
    expect(renderVariationIcon('neither_high')).toContain('stroke="#7C2855"');
    expect(renderVariationIcon('common_cause')).not.toMatch(/>[HL]<\/text>/);
    const letters: Record<AssuranceIcon, string> = { pass: 'P', hit_and_miss: '?', fail: 'F' };
    for (const icon of Object.keys(ASSURANCE_ICON_TEXT) as AssuranceIcon[]) {
      const svg = renderAssuranceIcon(icon, { size: 24 });
      expect(svg).toContain(`data-value="${icon}"`);
      expect(svg).toContain(`>${letters[icon]}</text>`);
      expect(svg).toContain('width="24"');
    }
  });
});

describe('SPC matrix', () => {
  it('one row per measure: latest judged value, mean, limits and icons; a provisional month is named, not judged', () => {
    const spc = monitor([...BASE.map((v) => ({ value: v, label: `m${v}` })), { value: 25, label: 'Nov' }, { value: 2, label: 'Dec', provisional: 'part-month' }], { baselinePoints: 10, improvement: 'down', target: 25 });
    const row = spcMatrixRow('Bed days', spc, { unit: 'per 1,000', target: 25 });
    expect(row.latestLabel).toBe('Nov');
    expect(row.latestValue).toBe(25);
    expect(row.mean).toBeCloseTo(13, 12);
    expect(row.upper).toBeCloseTo(13 + (2.66 * 25) / 9, 12);
    expect(row.lower).toBeCloseTo(13 - (2.66 * 25) / 9, 12);
    expect(row.variation).toBe('concern_high');
    expect(row.assurance).toBe('pass'); // target 25 above the UPL, lower is better
    expect(row.provisional).toEqual(['Dec']);
    const html = renderSpcMatrix([row, spcMatrixRow('A&E', monitor(BASE))]);
    expect(html.match(/<tr>/g)).toHaveLength(3); // header + two measures
    expect(html).toContain('data-value="concern_high"');
    expect(html).toContain('data-value="pass"');
    expect(html).toContain('provisional: Dec');
    expect(html).toContain('no target');
    expect(html).toContain('A&amp;E');
  });
});

describe('renderSpcChart: provisional points and icons', () => {
  const p = (label: string, value: number, provisional?: string) => ({ label, value, centre: 10, upper: 14, lower: 6, signal: 'common' as const, ...(provisional ? { provisional } : {}) });
  it('draws a provisional point hollow, joined by a dashed line, with its reason; icons at the top right', () => {
    const svg = renderSpcChart({ kind: 'spc', title: 'Bed days', yLabel: 'per 1,000', points: [p('Jan', 10), p('Feb', 11), p('Mar', 4, 'part-month')], icons: { variation: 'common_cause', assurance: 'hit_and_miss' } }, 's');
    const marks = elements(svg);
    expect(marks.map((m) => m.attrs['data-signal'])).toEqual(['common', 'common', 'provisional']);
    expect(marks[2]!.attrs['fill']).toBe('#fff');
    expect(svg).toContain('Mar: 4 (provisional: part-month; not judged)');
    expect(elements(svg, 'values')[0]!.attrs['d']!.match(/[ML]/g)).toHaveLength(2); // Jan-Feb solid
    expect(elements(svg, 'provisional').find((e) => e.tag === 'path')!.attrs['d']!.match(/[ML]/g)).toHaveLength(2); // Feb-Mar dashed
    expect(svg).toContain('data-icon="variation"');
    expect(svg).toContain('data-icon="assurance"');
    expect(svg).toContain('Provisional (not judged)');
  });
});
