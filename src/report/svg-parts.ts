// Internal SVG building blocks shared by the chart files (not part of the public API).
import { escapeHtml } from './escape-html.js';
import { tickDecimals } from './nice-ticks.js';
import type { LinearScale } from './scale-linear.js';
import type { ValueFormat } from './chart-data.js';

/** Width of every chart's viewBox; charts scale to the page width. */
export const WIDTH = 640;

/** Series colours: NHS blue, warm yellow/orange, green, plum, aqua, grey (distinct in greyscale too). */
export const PALETTE = ['#005EB8', '#ED8B00', '#009639', '#7C2855', '#00A9CE', '#425563'] as const;

/** Making Data Count colours. */
export const SIGNAL_COLOURS = { common: '#A6A6A6', concern: '#ED8B00', improvement: '#00A9CE', neither: '#7C2855' } as const;

/** A coordinate with at most two decimals. */
export function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
}

const GB = 'en-GB';

/** Prints a value for a label or table cell; `null` prints as `*`. */
export function formatValue(x: number | null, format: ValueFormat = 'number', decimals?: number): string {
  if (x === null) return '*';
  if (format === 'percent') {
    const d = decimals ?? (Math.abs(x) < 0.1 && x !== 0 ? 1 : 0);
    return `${(x * 100).toLocaleString(GB, { minimumFractionDigits: d, maximumFractionDigits: d })}%`;
  }
  if (format === 'count') return Math.round(x).toLocaleString(GB);
  const d = decimals ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);
  return x.toLocaleString(GB, { minimumFractionDigits: decimals ?? 0, maximumFractionDigits: d });
}

/** Pounds sterling, whole pounds: `£1,234`, `-£56`. */
export function formatMoney(x: number): string {
  const whole = Math.round(x);
  return `${whole < 0 ? '-' : ''}£${Math.abs(whole).toLocaleString(GB)}`;
}

const PLAIN: Record<string, string> = {
  emergencyAdmissions: 'Emergency admissions', emergencyAdmission: 'Emergency admission', avoidableAdmissions: 'Avoidable admissions',
  avoidableAdmission: 'Avoidable admission', bedDays: 'Bed days', aeAttendances: 'A&E attendances', outpatients: 'Outpatient appointments',
  emergencyAdmissionsPer1000: 'Emergency admissions per 1,000 registered', bedDaysPer1000: 'Emergency bed days per 1,000 registered',
  aePer1000: 'A&E attendances per 1,000 registered',
};

/** The plain-English name of a field name the report may be given (`bedDays` -> `Bed days`); other text as it is. */
export function plainLabel(label: string): string {
  return PLAIN[label] ?? label;
}

/** Formats tick labels with the decimals their spacing needs. */
export function tickFormatter(ticks: readonly number[], format: ValueFormat = 'number'): (t: number) => string {
  const d = tickDecimals(ticks);
  if (format === 'percent') return (t) => formatValue(t, 'percent', Math.max(0, d - 2));
  return (t) => t.toLocaleString(GB, { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Opening tag of an accessible chart SVG with its `<title>` and `<desc>`. */
export function svgOpen(kind: string, id: string, height: number, title: string, description: string | undefined, width: number = WIDTH): string {
  const label = escapeHtml(title);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${escapeHtml(kind)}" id="${escapeHtml(id)}" ` +
    `viewBox="0 0 ${width} ${n(height)}" width="${width}" height="${n(height)}" role="img" aria-label="${label}" ` +
    `aria-labelledby="${escapeHtml(id)}-title ${escapeHtml(id)}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Arial, sans-serif" font-size="11">` +
    `<title id="${escapeHtml(id)}-title">${label}</title><desc id="${escapeHtml(id)}-desc">${escapeHtml(description ?? title)}</desc>`
  );
}

/** Width in pixels of `text` at the charts' 11 px font, erring wide (digits and capitals ~6.6 px). */
export function textWidth(text: string): number {
  return text.length * 6.6;
}

/**
 * Which of the labels centred at `xs` to draw so that no two overlap (at least `gap` px
 * apart): every `k`-th one, `k` the smallest step that spaces the widest label out. The first
 * is always drawn. O(labels).
 */
export function thinLabels(xs: readonly number[], labels: readonly string[], gap = 8): boolean[] {
  const widest = Math.max(0, ...labels.map(textWidth));
  let step = 1;
  if (xs.length > 1) {
    const spacing = Math.abs(xs[xs.length - 1]! - xs[0]!) / (xs.length - 1);
    step = spacing > 0 ? Math.max(1, Math.ceil((widest + gap) / spacing)) : xs.length;
  }
  return xs.map((_, i) => i % step === 0);
}

/** A horizontal axis at pixel `y` with gridlines up to `top`; tick labels thinned so that none overlap. */
export function axisBottom(x: LinearScale, ticks: readonly number[], y: number, top: number, format: (t: number) => string, label: string): string {
  const [r0, r1] = x.range;
  let out = `<g class="axis axis-x"><line x1="${n(r0)}" x2="${n(r1)}" y1="${n(y)}" y2="${n(y)}" stroke="#425563"/>`;
  const texts = ticks.map(format);
  const shown = thinLabels(ticks.map((t) => x(t)), texts);
  ticks.forEach((t, i) => {
    const px = x(t);
    out += `<line class="grid" x1="${n(px)}" x2="${n(px)}" y1="${n(top)}" y2="${n(y)}" stroke="#E8EDEE"/>`;
    out += `<line x1="${n(px)}" x2="${n(px)}" y1="${n(y)}" y2="${n(y + 4)}" stroke="#425563"/>`;
    // 18 px down: clear of the lowest label of the y axis at the corner
    if (shown[i]) out += `<text x="${n(px)}" y="${n(y + 18)}" text-anchor="middle" fill="#212B32">${escapeHtml(texts[i]!)}</text>`;
  });
  out += `<text class="axis-label" x="${n((r0 + r1) / 2)}" y="${n(y + 34)}" text-anchor="middle" fill="#212B32" font-weight="600">${escapeHtml(label)}</text></g>`;
  return out;
}

/** A vertical axis at pixel `x` with gridlines across to `right`. */
export function axisLeft(y: LinearScale, ticks: readonly number[], x: number, right: number, format: (t: number) => string, label: string): string {
  const [r0, r1] = y.range;
  let out = `<g class="axis axis-y"><line x1="${n(x)}" x2="${n(x)}" y1="${n(r0)}" y2="${n(r1)}" stroke="#425563"/>`;
  for (const t of ticks) {
    const py = y(t);
    out += `<line class="grid" x1="${n(x)}" x2="${n(right)}" y1="${n(py)}" y2="${n(py)}" stroke="#E8EDEE"/>`;
    out += `<line x1="${n(x - 4)}" x2="${n(x)}" y1="${n(py)}" y2="${n(py)}" stroke="#425563"/>`;
    out += `<text x="${n(x - 7)}" y="${n(py + 4)}" text-anchor="end" fill="#212B32">${escapeHtml(format(t))}</text>`;
  }
  const cy = (r0 + r1) / 2;
  out += `<text class="axis-label" x="${n(x - 48)}" y="${n(cy)}" text-anchor="middle" fill="#212B32" font-weight="600" transform="rotate(-90 ${n(x - 48)} ${n(cy)})">${escapeHtml(label)}</text></g>`;
  return out;
}

/** A one-line legend of coloured swatches starting at (x, y). */
export function legend(items: ReadonlyArray<{ name: string; colour: string; shape?: 'rect' | 'circle' | 'line' }>, x: number, y: number): string {
  let out = '<g class="legend">';
  let cx = x;
  for (const item of items) {
    if (item.shape === 'circle') out += `<circle cx="${n(cx + 5)}" cy="${n(y - 4)}" r="4.5" fill="${item.colour}"/>`;
    else if (item.shape === 'line') out += `<line x1="${n(cx)}" x2="${n(cx + 12)}" y1="${n(y - 4)}" y2="${n(y - 4)}" stroke="${item.colour}" stroke-width="2"/>`;
    else out += `<rect x="${n(cx)}" y="${n(y - 9)}" width="10" height="10" fill="${item.colour}"/>`;
    out += `<text x="${n(cx + 15)}" y="${n(y)}" fill="#212B32">${escapeHtml(item.name)}</text>`;
    cx += 30 + item.name.length * 6.6;
  }
  return `${out}</g>`;
}

/** Shortens a label for drawing (the full text stays in the mark's `<title>`). */
export function truncate(label: string, max: number): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Min and max of finite numbers, or the fallback when there are none. */
export function extent(values: Iterable<number>, fallback: [number, number] = [0, 1]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === Infinity ? fallback : [lo, hi];
}
