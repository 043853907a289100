import { describe, expect, it } from 'vitest';
import { renderSpcChart } from '../../src/report/spc-chart.js';
import { elements, num } from './svg-helpers.js';

describe('renderSpcChart', () => {
  it('two points on y 6..16 -> [230, 30] (limits 14 -> 70, 6 -> 230): Jan 10 at (72, 150) grey, Feb 15 at (610, 50) orange (concern)', () => {
    const svg = renderSpcChart({ kind: 'spc', title: 'Adm', yLabel: 'Per 1,000', points: [
      { label: 'Jan', value: 10, centre: 10, upper: 14, lower: 6, signal: 'common' },
      { label: 'Feb', value: 15, centre: 10, upper: 14, lower: 6, signal: 'concern' },
    ] }, 's');
    const pts = elements(svg);
    expect(pts.map((p) => [num(p, 'cx'), num(p, 'cy'), p.attrs['fill'], p.attrs['data-signal']])).toEqual([
      [72, 150, '#A6A6A6', 'common'],
      [610, 50, '#ED8B00', 'concern'],
    ]);
    expect(elements(svg, 'limit').map((l) => l.attrs['d'])).toEqual(['M72,70L610,70', 'M72,230L610,230']);
    expect(elements(svg, 'centre')[0]!.attrs['d']).toBe('M72,150L610,150');
  });
  it('colours improvement blue and neither purple; a suppressed value breaks the line and shows *', () => {
    const p = (label: string, value: number | null, signal: 'common' | 'improvement' | 'neither') => ({ label, value, centre: 5, upper: 9, lower: 1, signal });
    const svg = renderSpcChart({ kind: 'spc', title: 'S', yLabel: 'n', points: [p('a', 2, 'improvement'), p('b', null, 'common'), p('c', 8, 'neither'), p('d', 6, 'common')] }, 's2');
    expect(elements(svg).map((m) => m.attrs['fill'])).toEqual(['#00A9CE', '#7C2855', '#A6A6A6']);
    expect(elements(svg, 'suppressed')).toHaveLength(1);
    expect(elements(svg, 'values')[0]!.attrs['d']!.match(/M/g)).toHaveLength(2);
  });
});
