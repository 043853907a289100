/**
 * NHS "Making Data Count" icons, drawn here as small inline SVGs (our own drawing of the
 * guidance's meanings, not the published artwork): the variation icon says what the latest
 * point of an SPC chart shows, the assurance icon whether the process will meet its target.
 *
 * @module
 */
import type { SpcResult } from '../compare/monitor.js';
import { escapeHtml } from './escape-html.js';
import { SIGNAL_COLOURS, n } from './svg-parts.js';

/**
 * A variation icon: common cause, or special cause (improvement, concern, or neither when no
 * direction is better) with the side of the centre line it is on (the icon's H or L).
 */
export type VariationIcon = 'common_cause' | 'improvement_high' | 'improvement_low' | 'concern_high' | 'concern_low' | 'neither_high' | 'neither_low';

/**
 * An assurance icon, Making Data Count's reading of a target against the process limits:
 * `pass` the target lies outside the limits on the side that passes (the process will
 * consistently meet it), `fail` outside on the wrong side (it will consistently not), and
 * `hit_and_miss` between the limits (it will sometimes meet it, by chance alone).
 */
export type AssuranceIcon = 'pass' | 'hit_and_miss' | 'fail';

/** Each variation icon in words (the icon's title and the matrix's text). */
export const VARIATION_ICON_TEXT: Readonly<Record<VariationIcon, string>> = Object.freeze({
  common_cause: 'Common cause variation',
  improvement_high: 'Special cause: improvement (high)',
  improvement_low: 'Special cause: improvement (low)',
  concern_high: 'Special cause: concern (high)',
  concern_low: 'Special cause: concern (low)',
  neither_high: 'Special cause: high (neither better nor worse)',
  neither_low: 'Special cause: low (neither better nor worse)',
});

/** Each assurance icon in words. */
export const ASSURANCE_ICON_TEXT: Readonly<Record<AssuranceIcon, string>> = Object.freeze({
  pass: 'Consistently meets the target',
  hit_and_miss: 'Hit and miss: meets the target by chance',
  fail: 'Consistently misses the target',
});

/**
 * The icons of an SPC result: its variation (with the side of the latest special cause) and
 * its assurance against the target given to `monitor`. Null where the result has none (no
 * point to judge; no target, no direction or no limits for assurance).
 *
 * @param spc - a result of `monitor`.
 * @returns `{ variation, assurance }` icon keys.
 * @example
 * spcIcons(monitor([10, 14, 12, 16, 13, 11, 15, 12, 14, 13, 25], { baselinePoints: 10, improvement: 'up' }));
 * // => { variation: 'improvement_high', assurance: null }
 */
export function spcIcons(spc: Pick<SpcResult, 'variation' | 'variationSide' | 'assurance'>): { variation: VariationIcon | null; assurance: AssuranceIcon | null } {
  let variation: VariationIcon | null = null;
  if (spc.variation === 'common_cause') variation = 'common_cause';
  else if (spc.variation !== null) {
    const kind = spc.variation === 'special_cause_improvement' ? 'improvement' : spc.variation === 'special_cause_concern' ? 'concern' : 'neither';
    variation = `${kind}_${spc.variationSide ?? 'high'}`;
  }
  const assurance: AssuranceIcon | null = spc.assurance === 'pass' || spc.assurance === 'fail' || spc.assurance === 'hit_and_miss' ? spc.assurance : null;
  return { variation, assurance };
}

const GREY = '#768692';
const DARK = '#212B32';
const ASSURANCE_COLOURS: Readonly<Record<AssuranceIcon, string>> = { pass: SIGNAL_COLOURS.improvement, hit_and_miss: GREY, fail: SIGNAL_COLOURS.concern };

function open(kind: string, icon: string, size: number, text: string, x: number | undefined, y: number | undefined): string {
  const at = x === undefined || y === undefined ? '' : ` x="${n(x)}" y="${n(y)}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="mdc-icon" data-icon="${kind}" data-value="${icon}"${at} viewBox="0 0 40 40" width="${n(size)}" height="${n(size)}" role="img" aria-label="${escapeHtml(text)}"><title>${escapeHtml(text)}</title>`;
}

/** Five dots joined by a line, as on a run of points; `ys` in the 40-unit box. */
function run(ys: readonly number[], colours: readonly string[]): string {
  const xs = [9, 15.5, 22, 28.5, 35].slice(0, ys.length);
  let out = `<polyline points="${xs.map((x, i) => `${x},${ys[i]}`).join(' ')}" fill="none" stroke="${GREY}" stroke-width="1.2"/>`;
  xs.forEach((x, i) => (out += `<circle cx="${x}" cy="${ys[i]}" r="2.3" fill="${colours[i]}"/>`));
  return out;
}

/**
 * A variation icon as an SVG: a ring in the signal's colour (grey common cause, blue
 * improvement, orange concern, purple neither, as the report's SPC points), a run of five
 * points (level for common cause; the last two beyond the others, up or down, for special
 * cause) and, for special cause, an H or L saying which side. Pass `x`/`y` to place it
 * inside another SVG.
 *
 * @param icon - the icon key.
 * @param options - `size` in pixels (default 40), `x`/`y` position.
 * @returns the `<svg>` markup.
 * @example
 * renderVariationIcon('concern_high'); // => '<svg ... data-icon="variation" data-value="concern_high" ...>...H...</svg>'
 */
export function renderVariationIcon(icon: VariationIcon, options: { size?: number; x?: number; y?: number } = {}): string {
  const text = VARIATION_ICON_TEXT[icon];
  const size = options.size ?? 40;
  if (icon === 'common_cause') {
    return `${open('variation', icon, size, text, options.x, options.y)}<circle cx="20" cy="20" r="18" fill="#fff" stroke="${GREY}" stroke-width="2.5"/>` +
      `${run([22, 18, 23, 19, 21], [GREY, GREY, GREY, GREY, GREY])}</svg>`;
  }
  const [kind, side] = icon.split('_') as ['improvement' | 'concern' | 'neither', 'high' | 'low'];
  const colour = SIGNAL_COLOURS[kind];
  const ys = side === 'high' ? [27, 29, 27, 20, 17] : [13, 11, 13, 20, 23];
  const letterY = side === 'high' ? 33 : 14;
  return `${open('variation', icon, size, text, options.x, options.y)}<circle cx="20" cy="20" r="18" fill="#fff" stroke="${colour}" stroke-width="2.5"/>` +
    `${run(ys, [GREY, GREY, GREY, colour, colour])}` +
    `<text x="${side === 'high' ? 11 : 11}" y="${letterY}" font-family="Arial, sans-serif" font-size="10" font-weight="700" fill="${colour}" text-anchor="middle">${side === 'high' ? 'H' : 'L'}</text></svg>`;
}

/**
 * An assurance icon as an SVG: a ring (blue pass, grey hit and miss, orange fail), a dashed
 * target line, and the letter P, ? or F; the run of points lies clear above the target (P),
 * across it (?) or clear below it (F).
 *
 * @param icon - the icon key.
 * @param options - `size` in pixels (default 40), `x`/`y` position.
 * @returns the `<svg>` markup.
 * @example
 * renderAssuranceIcon('pass'); // => '<svg ... data-icon="assurance" data-value="pass" ...>...P...</svg>'
 */
export function renderAssuranceIcon(icon: AssuranceIcon, options: { size?: number; x?: number; y?: number } = {}): string {
  const text = ASSURANCE_ICON_TEXT[icon];
  const colour = ASSURANCE_COLOURS[icon];
  const ys = icon === 'pass' ? [15, 12, 15, 12, 14] : icon === 'fail' ? [27, 24, 27, 24, 26] : [16, 24, 15, 25, 18];
  const letter = icon === 'pass' ? 'P' : icon === 'fail' ? 'F' : '?';
  return `${open('assurance', icon, options.size ?? 40, text, options.x, options.y)}<circle cx="20" cy="20" r="18" fill="#fff" stroke="${colour}" stroke-width="2.5"/>` +
    `<line x1="6" x2="34" y1="20" y2="20" stroke="${DARK}" stroke-width="1.2" stroke-dasharray="3 2"/>` +
    `${run(ys, [colour, colour, colour, colour, colour])}` +
    `<text x="20" y="${icon === 'fail' ? 14 : 33}" font-family="Arial, sans-serif" font-size="10" font-weight="700" fill="${colour}" text-anchor="middle">${letter}</text></svg>`;
}
